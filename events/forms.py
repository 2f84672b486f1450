from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import Registration


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
