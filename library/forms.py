from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from library.files import identify
from library.models import Resource
from members.photos import open_validated_image


class ResourceAdminForm(forms.ModelForm):
    """Staff add a file or a link. The file is recognised by its content and checked before
    anything is saved; it is stored under a name the portal chooses (library.services)."""

    upload = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("PDF, Word, Excel, PowerPoint or CSV. Replaces the current file."),
    )
    cover_image = forms.FileField(
        label=_("Cover image"),
        required=False,
        help_text=_(
            "JPEG, PNG or WebP. Without one, a PDF's first page is the cover, and other "
            "files show the placeholder of their type."
        ),
    )

    external_url = forms.URLField(
        label=_("external link"), required=False, max_length=500, assume_scheme="https"
    )

    class Meta:
        model = Resource
        fields = [
            "title",
            "slug",
            "kind",
            "summary",
            "publisher",
            "year",
            "language",
            "edition",
            "edition_number",
            "first_edition",
            "original",
            "topics",
            "regions",
            "external_url",
            "licence",
            "access",
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 6})}

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload:
            self.file_kind = identify(upload)
        return upload

    def clean_cover_image(self):
        upload = self.cleaned_data.get("cover_image")
        if upload:
            # Decoded here, so a bomb or a fake image is a form error, not a half-saved row.
            open_validated_image(upload, largest=340)
            upload.seek(0)
        return upload

    def clean(self):
        cleaned = super().clean()
        has_file = bool(cleaned.get("upload")) or bool(self.instance.file)
        link = cleaned.get("external_url")
        if "upload" in self.errors:
            return cleaned
        if cleaned.get("upload") and link:
            raise ValidationError(
                _("Give a file or an external link, not both."), code="file_and_link"
            )
        if not has_file and not link:
            raise ValidationError(
                _("Upload a file or give an external link."), code="no_file_or_link"
            )
        if link and self.instance.file and not cleaned.get("upload"):
            raise ValidationError(
                _("This resource has a file: to link elsewhere instead, remove it first."),
                code="file_and_link",
            )
        first = cleaned.get("first_edition")
        if first is not None and first.first_edition_id is not None:
            self.add_error("first_edition", _("Choose the work's first edition, not a later one."))
        if first is not None and self.instance.pk and first.pk == self.instance.pk:
            self.add_error("first_edition", _("A resource cannot be an edition of itself."))
        original = cleaned.get("original")
        if original is not None and original.original_id is not None:
            self.add_error("original", _("Choose the original, not another translation."))
        if original is not None and self.instance.pk and original.pk == self.instance.pk:
            self.add_error("original", _("A resource cannot be a translation of itself."))
        return cleaned


class DownloadPeriodForm(forms.Form):
    """The period of the download figures; an empty date is the default period's."""

    # The chart has a bar per month: a period of centuries would be a page of thousands.
    LONGEST_DAYS = 25 * 366

    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, default: tuple, **kwargs):
        super().__init__(*args, **kwargs)
        self.default = default
        self.fields["start"].widget.attrs["placeholder"] = default[0].isoformat()
        self.fields["end"].widget.attrs["placeholder"] = default[1].isoformat()

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        cleaned["start"] = cleaned.get("start") or self.default[0]
        cleaned["end"] = cleaned.get("end") or self.default[1]
        if cleaned["end"] < cleaned["start"]:
            raise ValidationError(
                _("The end of the period (%(end)s) is before its start (%(start)s)."),
                params={"end": cleaned["end"].isoformat(), "start": cleaned["start"].isoformat()},
                code="reversed",
            )
        if (cleaned["end"] - cleaned["start"]).days > self.LONGEST_DAYS:
            raise ValidationError(
                _("Choose a period of at most %(years)s years."),
                params={"years": self.LONGEST_DAYS // 366},
                code="too_long",
            )
        return cleaned
