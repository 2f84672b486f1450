"""Select widgets and choices the portal renders often enough for their speed to matter."""

import functools
import html
import itertools

from django import forms
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django_countries import countries


def _escape(value) -> str:
    # html.escape is several times faster than format_html, which mattered at 600 options.
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


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
        # Widget.get_context, not ChoiceWidget's: its per-option dicts were the other half.
        widget = forms.Widget.get_context(self, name, value, attrs)["widget"]
        if self.allow_multiple_selected:
            widget["attrs"]["multiple"] = True
        selected_values = set(widget["value"])
        has_selected = False
        parts = [format_html('<select name="{}"{}>', widget["name"], _attributes(widget["attrs"]))]
        for option_value, option_label in self.choices:
            if isinstance(option_label, (list, tuple)):
                parts.append(format_html('<optgroup label="{}">', option_value))
                options, group = option_label, True
            else:
                options, group = [(option_value, option_label)], False
            for sub_value, sub_label in options:
                sub_value = "" if sub_value is None else str(sub_value)
                selected = (
                    not has_selected or self.allow_multiple_selected
                ) and sub_value in selected_values
                has_selected |= selected
                parts.append(
                    f'<option value="{_escape(sub_value)}"{" selected" if selected else ""}>'
                    f"{_escape(sub_label)}</option>"
                )
            if group:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))  # every piece above was escaped


@functools.cache
def _country_choices_for(language: str) -> tuple[tuple[str, str], ...]:
    return tuple((code, str(name)) for code, name in countries)


def country_choices() -> tuple[tuple[str, str], ...]:
    """Country names translated once per language: django-countries re-translates every name
    on each pass, which cost several milliseconds per select."""
    return _country_choices_for(get_language() or "en")


class ChoiceGroups(forms.CheckboxSelectMultiple):
    """Checkboxes where each group of choices is a fieldset named by its legend.

    Django labels a group with a <label> tied to no control, which screen readers skip. With
    `fold`, the list sits in a <details> (no JavaScript) whose summary counts the ticked
    choices, so a long list costs a phone one line until opened; it is open when the field
    has an error, so the error is never hidden.
    """

    def __init__(self, attrs=None, choices=(), *, fold: bool = False):
        super().__init__(attrs, choices)
        self.fold = fold

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        wrapper_id = widget["attrs"].get("id", "")
        parts, total, chosen = [], 0, 0
        # Django yields each ungrouped choice as a group of its own: runs of them share one list.
        for group, options in itertools.groupby(
            widget["optgroups"], key=lambda optgroup: optgroup[0]
        ):
            if group:
                parts.append(
                    format_html('<fieldset class="choice-group"><legend>{}</legend>', group)
                )
            parts.append('<div class="choices">')
            for option in itertools.chain.from_iterable(o for _, o, _ in options):
                total += 1
                chosen += bool(option["selected"])
                parts.append(
                    format_html(
                        '<label for="{}"><input type="checkbox" name="{}" value="{}"{}> {}</label>',
                        option["attrs"].get("id", ""),
                        option["name"],
                        option["value"],
                        _attributes(option["attrs"]),
                        option["label"],
                    )
                )
            parts.append("</div>")
            if group:
                parts.append("</fieldset>")
        body = format_html(
            '<div id="{}" class="choice-groups">{}</div>', wrapper_id, mark_safe("".join(parts))
        )
        if not self.fold:
            return body
        summary = ngettext(
            "%(chosen)d of %(total)d chosen", "%(chosen)d of %(total)d chosen", chosen
        ) % {"chosen": chosen, "total": total}
        is_open = widget["attrs"].get("aria-invalid") == "true"
        return format_html(
            '<details class="choice-fold"{}><summary>{}</summary>{}</details>',
            mark_safe(" open") if is_open else "",
            summary,
            body,
        )
