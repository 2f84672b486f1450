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


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data", [{}, {"country": "KE", "expertise": "health", "language": "fr", "sort": "-newest"}]
)
def test_directory_filter_selects_render_as_django_would(data):
    from members.filters import DirectoryFilter
    from members.models import Profile

    form = DirectoryFilter(data or None, queryset=Profile.objects.none()).form
    for name in ["country", "region", "organisation_type", "expertise", "language", "sort"]:
        bound = form[name]
        widget = bound.field.widget
        attrs = bound.build_widget_attrs({"id": bound.auto_id})
        expected = forms.Select.render(widget, bound.html_name, bound.value(), attrs=attrs)
        assert "".join(str(bound).split()) == "".join(expected.split()), name
