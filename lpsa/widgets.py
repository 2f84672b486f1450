"""Form widgets the portal renders often enough that Django's per-option templates show up."""

from django import forms
from django.utils.html import format_html
from django.utils.safestring import mark_safe


def _attributes(attrs: dict) -> str:
    """Like Django's attrs.html: in order, True as a bare name, False left out."""
    return mark_safe(
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False and value is not None
        )
    )


class FastSelect(forms.Select):
    """A <select> built in Python: the same HTML as Django's, about ten times faster.

    Django renders each <option> through its own template; with 250 countries or 600 time zones
    that was most of the directory's render time.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], _attributes(widget["attrs"]))]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('<optgroup label="{}">', group_name))
            parts.extend(
                format_html(
                    '<option value="{}"{}>{}</option>',
                    option["value"],
                    _attributes(option["attrs"]),
                    option["label"],
                )
                for option in options
            )
            if group_name:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))  # every piece above went through format_html
