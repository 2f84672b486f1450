import zoneinfo
from itertools import groupby
from operator import attrgetter

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import ModelChoiceIterator
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lpsa.widgets import ChoiceGroups, FastSelect, country_choices
from members.models import Profile
from members.photos import open_validated_image
from taxonomy.models import Language, Region, Topic


class GroupedTopicIterator(ModelChoiceIterator):
    def __iter__(self):
        kind_labels = dict(Topic.Kind.choices)
        for kind, topics in groupby(self.queryset, key=attrgetter("kind")):
            yield kind_labels[kind], [self.choice(topic) for topic in topics]


class GroupedTopicField(forms.ModelMultipleChoiceField):
    """Checkboxes grouped under their kind (dimensions, sectors, themes)."""

    widget = ChoiceGroups
    iterator = GroupedTopicIterator

    def __init__(self, queryset=None, **kwargs):
        super().__init__(
            queryset=queryset if queryset is not None else Topic.objects.all(), **kwargs
        )


LISTING_CHOICES = [
    ("yes", _("Yes, list me so other members can find me")),
    ("no", _("No, keep me out of the directory for now")),
]


# The newsletter's box on the sign-up form; its words are recorded as the consent given.
NEWSLETTER_SIGNUP_LABEL = _(
    "Send me the LPSA newsletter (about every two months; unsubscribe at any time)"
)


class SignupForm(forms.Form):
    """allauth's extra sign-up fields: who you are, whether you are listed, what you care about."""

    full_name = forms.CharField(
        label=_("Full name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    listed_in_directory = forms.ChoiceField(
        label=_("Appear in the member directory?"),
        choices=LISTING_CHOICES,
        widget=forms.RadioSelect,
        help_text=_(
            "Listed profiles are visible to members only unless you make yours public. "
            "You can change this at any time."
        ),
    )
    interests = GroupedTopicField(
        label=_("Topics and sectors you care about"),
        required=False,
        help_text=_("We use these to suggest working groups and newsletter lists."),
    )
    regions_of_interest = forms.ModelMultipleChoiceField(
        label=_("Regions you work on"),
        queryset=Region.objects.all(),
        widget=ChoiceGroups,
        required=False,
    )
    newsletter = forms.BooleanField(label=NEWSLETTER_SIGNUP_LABEL, required=False)

    def signup(self, request, user) -> None:
        from members.services import create_member_profile

        create_member_profile(
            user=user,
            full_name=self.cleaned_data["full_name"],
            listed_in_directory=self.cleaned_data["listed_in_directory"] == "yes",
            interests=self.cleaned_data["interests"],
            regions_of_interest=self.cleaned_data["regions_of_interest"],
            # The language they signed up in is the one they are written to in.
            language=getattr(request, "LANGUAGE_CODE", ""),
        )
        if self.cleaned_data.get("newsletter"):
            from newsletter.models import ConsentRecord
            from newsletter.services import Provenance, subscribe_at_signup

            # Waits for the account's address to be verified: allauth's mail proves it.
            subscribe_at_signup(
                user=user,
                provenance=Provenance(
                    method=ConsentRecord.Method.SIGNUP,
                    source=request.path,
                    ip_address=request.META.get("REMOTE_ADDR"),
                    wording=str(NEWSLETTER_SIGNUP_LABEL),
                ),
            )


def _profile_formfield(model_field, **kwargs):
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return model_field.formfield(**kwargs)


def time_zone_choices() -> list[tuple[str, str]]:
    names = sorted(zoneinfo.available_timezones() - {"localtime"})
    return [("", "---------"), *((name, name.replace("_", " ")) for name in names)]


class ProfileForm(forms.ModelForm):
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=format_lazy(
            _("JPEG, PNG or WebP, up to {megabytes} MB. We crop it to a square."),
            megabytes=settings.PROFILE_PHOTO_MAX_BYTES // 1_048_576,
        ),
    )
    remove_photo = forms.BooleanField(label=_("Remove my current photo"), required=False)
    # The long lists fold away: unfolded, they made the form about 7,000 px tall on a phone.
    expertise = GroupedTopicField(
        label=_("Areas of expertise"), required=False, widget=ChoiceGroups(fold=True)
    )
    interests = GroupedTopicField(
        label=_("Interests"), required=False, widget=ChoiceGroups(fold=True)
    )
    regions_of_interest = forms.ModelMultipleChoiceField(
        label=_("Regions you work on"),
        queryset=Region.objects.all(),
        widget=ChoiceGroups(fold=True),
        required=False,
    )
    country = forms.ChoiceField(
        label=_("Country"),
        choices=lambda: [("", "---------"), *country_choices()],
        required=False,
        widget=FastSelect,
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"), choices=time_zone_choices, required=False, widget=FastSelect
    )
    languages = forms.ModelMultipleChoiceField(
        queryset=Language.objects.all(),
        widget=ChoiceGroups(fold=True),
        required=False,
        label=_("Languages you speak"),
    )

    class Meta:
        model = Profile
        formfield_callback = _profile_formfield
        fields = [
            "full_name",
            "job_title",
            "organisation",
            "organisation_type",
            "country",
            "time_zone",
            "language",
            "bio",
            "expertise",
            "interests",
            "regions_of_interest",
            "languages",
            "phone",
            "website",
            "linkedin",
            "orcid",
            "listed_in_directory",
            "profile_visibility",
            "email_visibility",
            "phone_visibility",
            "links_visibility",
        ]
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 5}),
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "job_title": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
            "organisation_type": FastSelect,
            "profile_visibility": forms.RadioSelect,
            "email_visibility": forms.RadioSelect,
            "phone_visibility": forms.RadioSelect,
            "links_visibility": forms.RadioSelect,
        }
        # Set here rather than as verbose names on the model, which would need a migration.
        labels = {
            "full_name": _("Full name"),
            "job_title": _("Job title"),
            "organisation": _("Organisation"),
            "organisation_type": _("Organisation type"),
            "bio": _("Bio"),
            "phone": _("Phone"),
            "website": _("Website"),
            "orcid": _("ORCID iD"),
        }
        # The model's ORCID validator shares the "invalid" code with URLField, whose generic
        # "Enter a valid URL." would otherwise replace the message saying what format to use.
        error_messages = {
            "orcid": {"invalid": _("Enter your ORCID iD as https://orcid.org/0000-0000-0000-0000.")}
        }
        help_texts = {
            "bio": _("A few lines on your work; up to 2,000 characters."),
            "orcid": _("For example https://orcid.org/0000-0002-1825-0097"),
        }

    fieldsets = (
        (
            _("About you"),
            (
                "photo",
                "remove_photo",
                "full_name",
                "job_title",
                "organisation",
                "organisation_type",
                "country",
                "time_zone",
                "language",
                "bio",
            ),
        ),
        (
            _("Expertise and interests"),
            ("expertise", "interests", "regions_of_interest", "languages"),
        ),
        (_("Contact details"), ("phone", "website", "linkedin", "orcid")),
        (
            _("Privacy"),
            (
                "listed_in_directory",
                "profile_visibility",
                "email_visibility",
                "phone_visibility",
                "links_visibility",
            ),
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("The site's default")), *settings.LANGUAGES]

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo:
            # Validation only; the service resizes once the whole form is valid.
            open_validated_image(photo)
        return photo

    def clean_bio(self):
        return self.cleaned_data["bio"].strip()

    def fieldset_list(self):
        return [(title, [self[name] for name in names]) for title, names in self.fieldsets]


class ContactForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=150)
    body = forms.CharField(
        label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8})
    )
    share_email = forms.BooleanField(
        label=_("Let them reply to my email address"),
        required=False,
        # Unticked by default: the sender chooses to reveal their address, never the form.
        initial=False,
        help_text=_(
            "Tick to give them your address so they can reply by email; otherwise it "
            "stays private and they can still find your profile."
        ),
    )

    def clean_subject(self):
        # It becomes an email header: a line break would make the send fail in the worker.
        return " ".join(self.cleaned_data["subject"].split())

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if len(body) < 10:
            raise ValidationError(gettext("Please write a little more (10 characters at least)."))
        return body
