import pytest
from django import forms

from lpsa.widgets import FastSelect

CHOICES = [
    ("", "Any"),
    ("Africa", [("KE", "Kenya"), ("SN", "Sénégal & <Co>")]),
    ("asia", "Asia"),
]


@pytest.mark.parametrize("value", [None, "", "SN", "asia"])
def test_fast_select_renders_exactly_what_django_select_renders(value):
    attrs = {"id": "id_place", "required": True, "aria-describedby": "place_help"}
    fast = FastSelect(choices=CHOICES).render("place", value, attrs=attrs)
    django = forms.Select(choices=CHOICES).render("place", value, attrs=attrs)

    def normalise(html):
        return "".join(line.strip() for line in html.splitlines())

    assert normalise(fast) == normalise(django)
    assert "&lt;Co&gt;" in fast
    assert fast.count(" selected") == 1  # None selects the empty choice
