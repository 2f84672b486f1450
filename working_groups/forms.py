from django import forms
from django.utils.translation import gettext_lazy as _

from members.photos import open_validated_image
from working_groups.models import GROUP_IMAGE_SIZE, Announcement, JoinRequest, WorkingGroup


class WorkingGroupAdminForm(forms.ModelForm):
    """The admin's form: an image is checked as a real, reasonably sized picture here, so a
    wrong file is answered on the form; the admin then stores a rendition of it."""

    class Meta:
        model = WorkingGroup
        fields = [
            "name",
            "slug",
            "kind",
            "summary",
            "description",
            "image",
            "topics",
            "regions",
            "join_policy",
            "visibility",
            "welcome_message",
        ]

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and "image" in self.changed_data:
            open_validated_image(image, largest=max(GROUP_IMAGE_SIZE))
        return image


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
