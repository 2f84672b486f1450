from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# How far ahead a meeting may be planned, and for how long a stretch at once.
FURTHEST_START = timedelta(days=366)
WEEKS = range(1, 7)
DURATIONS = [(60, _("1 hour")), (90, _("1 hour 30 minutes")), (120, _("2 hours"))]


class MeetingPlanForm(forms.Form):
    """The planner's questions, asked by GET: a page that works without JavaScript and whose
    address can be shared among the co-chairs."""

    starting = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    weeks = forms.TypedChoiceField(
        label=_("Weeks to look at"), choices=[(n, str(n)) for n in WEEKS], coerce=int
    )
    duration = forms.TypedChoiceField(label=_("Length"), choices=DURATIONS, coerce=int)

    @classmethod
    def defaults(cls) -> dict[str, str]:
        """What an empty query string asks: an hour's meeting in the two weeks from tomorrow."""
        tomorrow = timezone.localdate() + timedelta(days=1)
        return {"starting": tomorrow.isoformat(), "weeks": "2", "duration": "60"}

    def clean_starting(self):
        starting = self.cleaned_data["starting"]
        today = timezone.localdate()
        if starting < today:
            raise forms.ValidationError(
                _("Choose today or a later day: past meetings cannot be planned."), code="past"
            )
        if starting > today + FURTHEST_START:
            raise forms.ValidationError(_("Choose a day within the coming year."), code="too_far")
        return starting
