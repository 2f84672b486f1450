import zoneinfo
from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Event, Registration
from lpsa.widgets import FastSelect
from members.forms import time_zone_choices


class MemberRegistrationForm(forms.Form):
    show_in_participants = forms.BooleanField(
        label=_("Show me in the list of participants that members see"), required=False
    )


class VisitorRegistrationForm(forms.Form):
    """A plain form, not the model's: whether the address registered already is for the
    service to handle quietly, never for the form to say."""

    name = forms.CharField(
        label=_("Your name"), max_length=Registration._meta.get_field("name").max_length
    )
    email = forms.EmailField(
        label=_("Your email address"),
        help_text=_("We send a link there: your registration counts once you open it."),
    )
    show_in_participants = forms.BooleanField(
        label=_("Show me in the list of participants that members see"), required=False
    )


class MonthForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100)
    month = forms.IntegerField(min_value=1, max_value=12)


class AttendanceImportForm(forms.Form):
    report = forms.FileField(
        label=_("Participant report (CSV)"),
        help_text=_(
            "Zoom's participant report as CSV: rows are matched to registrants by email; "
            "people who did not register are kept as walk-ins. Importing it again changes "
            "nothing."
        ),
    )


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


class GroupMeetingForm(forms.Form):
    """A working group's co-chairs schedule a meeting: its start on a clock they choose (the
    planner fills in the time it picked), stored in UTC beside that zone."""

    DURATIONS = [(60, _("1 hour")), (90, _("1 hour 30 minutes")), (120, _("2 hours"))]

    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), max_length=300, required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    starts_on = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    starts_time = forms.TimeField(
        label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"), choices=time_zone_choices, widget=FastSelect
    )
    duration = forms.TypedChoiceField(label=_("Length"), choices=DURATIONS, coerce=int)
    format = forms.ChoiceField(label=_("Format"), choices=Event.Format.choices)
    venue = forms.CharField(label=_("Venue"), widget=forms.Textarea, required=False)
    join_url = forms.URLField(label=_("Online join link"), required=False, assume_scheme="https")
    capacity = forms.IntegerField(
        label=_("Capacity"), min_value=1, required=False, help_text=_("Empty for no limit.")
    )

    def clean(self):
        cleaned = super().clean()
        day, start, zone = (cleaned.get(k) for k in ("starts_on", "starts_time", "time_zone"))
        if day and start and zone:
            starts_at = datetime.combine(day, start, tzinfo=zoneinfo.ZoneInfo(zone))
            if starts_at <= timezone.now():
                self.add_error("starts_on", _("Choose a start still to come."))
            cleaned["starts_at"] = starts_at
        if cleaned.get("format") != Event.Format.ONLINE and not cleaned.get("venue"):
            self.add_error("venue", _("A meeting in person needs its venue."))
        return cleaned
