from django import forms
from django.utils.translation import gettext_lazy as _

from working_groups.models import Announcement, JoinRequest, WorkingGroup


class GroupFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of group"),
        choices=[("", _("All groups")), *WorkingGroup.Kind.choices],
        required=False,
    )


class JoinRequestForm(forms.ModelForm):
    class Meta:
        model = JoinRequest
        fields = ["message"]
        labels = {"message": _("A word to the co-chairs (optional)")}
        help_texts = {
            "message": _("What you work on and what you hope to bring to or find in the group.")
        }
        widgets = {"message": forms.Textarea(attrs={"rows": 5, "maxlength": 2000})}


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("refuse", _("Refuse"))])


class AnnouncementForm(forms.ModelForm):
    class Meta:
        model = Announcement
        fields = ["subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12, "maxlength": 10000})}
