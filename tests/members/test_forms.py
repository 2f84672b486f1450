import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.datastructures import MultiValueDict

from members.forms import ContactForm, ProfileForm, SignupForm
from members.models import ContactMessage
from taxonomy.models import Region
from tests.members.conftest import image_upload
from tests.members.factories import ProfileFactory, topic

pytestmark = pytest.mark.django_db


def profile_data(**overrides):
    data = {
        "full_name": "Lina Haddad",
        "job_title": "Budget analyst",
        "organisation": "Ministry of Local Administration",
        "organisation_type": "central-government",
        "country": "JO",
        "time_zone": "Asia/Amman",
        "bio": "Fiscal decentralization in the Levant.",
        "phone": "+962 6 000 0000",
        "website": "https://example.org",
        "linkedin": "https://www.linkedin.com/in/lina",
        "orcid": "https://orcid.org/0000-0002-1825-0097",
        "listed_in_directory": "on",
        "profile_visibility": "members",
        "email_visibility": "hidden",
        "phone_visibility": "members",
        "links_visibility": "public",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


# --- ProfileForm -----------------------------------------------------------------------------


def test_profile_form_accepts_a_complete_profile(member):
    form = ProfileForm(profile_data(), instance=member.profile)
    assert form.is_valid(), form.errors


def test_profile_form_assumes_https_for_links_without_a_scheme(member):
    form = ProfileForm(profile_data(website="example.org/me"), instance=member.profile)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["website"] == "https://example.org/me"


@pytest.mark.parametrize(
    "orcid",
    [
        "0000-0002-1825-0097",
        "https://orcid.org/0000-0002-1825",
        "https://example.org/0000-0002-1825-0097",
        "http://orcid.org/0000-0002-1825-0097",
    ],
)
def test_profile_form_rejects_a_malformed_orcid(member, orcid):
    form = ProfileForm(profile_data(orcid=orcid), instance=member.profile)
    assert not form.is_valid()
    assert "https://orcid.org/0000-0000-0000-0000" in form.errors["orcid"][0]


def test_profile_form_accepts_an_orcid_ending_in_x(member):
    form = ProfileForm(
        profile_data(orcid="https://orcid.org/0000-0002-1694-233X"), instance=member.profile
    )
    assert form.is_valid(), form.errors


def test_profile_form_rejects_an_invalid_url_and_a_too_long_bio(member):
    form = ProfileForm(profile_data(website="not a url", bio="x" * 2001), instance=member.profile)
    assert not form.is_valid()
    assert form.errors["website"] == ["Enter a valid URL."]
    assert "at most 2000 characters" in form.errors["bio"][0]


def test_profile_form_cannot_make_a_profile_hidden(member):
    form = ProfileForm(profile_data(profile_visibility="hidden"), instance=member.profile)
    assert not form.is_valid()
    assert "profile_visibility" in form.errors


def test_profile_form_strips_the_bio(member):
    form = ProfileForm(profile_data(bio="   Hello there.  \n"), instance=member.profile)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["bio"] == "Hello there."


def test_profile_form_saves_regions_of_interest_apart_from_topics(member):
    africa = Region.objects.get(slug="africa")
    form = ProfileForm(
        profile_data(interests=[topic("health").pk], regions_of_interest=[africa.pk]),
        instance=member.profile,
    )
    assert form.is_valid(), form.errors
    form.save()
    assert list(member.profile.regions_of_interest.all()) == [africa]
    assert [t.slug for t in member.profile.interests.all()] == ["health"]

    # A region's id offered as a topic is refused: they are different rows.
    form = ProfileForm(
        profile_data(interests=[Region.objects.count() + 999]), instance=member.profile
    )
    assert not form.is_valid()
    assert "interests" in form.errors


def test_profile_form_groups_topic_checkboxes_by_kind(member):
    form = ProfileForm(instance=member.profile)
    groups = [label for label, _ in form.fields["interests"].choices]
    assert groups == [
        "Dimension of decentralization",
        "Sector",
        "Theme",
    ]


def test_profile_form_accepts_a_real_image_and_refuses_a_fake_one(member):
    good = ProfileForm(
        profile_data(),
        MultiValueDict({"photo": [image_upload()]}),
        instance=member.profile,
    )
    assert good.is_valid(), good.errors

    fake = SimpleUploadedFile("photo.png", b"%PDF-1.4 not an image", content_type="image/png")
    bad = ProfileForm(profile_data(), MultiValueDict({"photo": [fake]}), instance=member.profile)
    assert not bad.is_valid()
    assert "not an image we can read" in bad.errors["photo"][0]


def test_profile_form_refuses_an_oversized_photo(member, settings):
    settings.PROFILE_PHOTO_MAX_BYTES = 1024
    upload = image_upload(size=(600, 600))
    form = ProfileForm(profile_data(), MultiValueDict({"photo": [upload]}), instance=member.profile)
    assert not form.is_valid()
    assert "the limit is" in form.errors["photo"][0]


def test_profile_form_lists_its_fields_in_fieldsets(member):
    form = ProfileForm(instance=member.profile)
    titles = [title for title, _ in form.fieldset_list()]
    assert titles == ["About you", "Expertise and interests", "Contact details", "Privacy"]
    in_fieldsets = {field.name for _, fields in form.fieldset_list() for field in fields}
    assert in_fieldsets == set(form.fields)


# --- ContactForm -----------------------------------------------------------------------------


def test_contact_form_requires_a_subject_and_a_body_of_ten_characters():
    form = ContactForm({"subject": "", "body": "  too short "})
    assert not form.is_valid()
    assert "subject" in form.errors
    assert form.errors["body"] == ["Please write a little more (10 characters at least)."]


def test_contact_form_share_email_is_optional_and_unticked_by_default():
    form = ContactForm({"subject": "Hi", "body": "A long enough message."})
    assert form.is_valid()
    assert form.cleaned_data["share_email"] is False
    assert ContactForm().fields["share_email"].initial is False
    assert "checked" not in str(ContactForm()["share_email"])
    assert ContactMessage._meta.get_field("share_email").default is False


def test_contact_form_turns_line_breaks_in_the_subject_into_spaces():
    form = ContactForm({"subject": " Hello\r\n\tthere ", "body": "A long enough message."})
    assert form.is_valid()
    assert form.cleaned_data["subject"] == "Hello there"


def test_contact_form_limits_body_length():
    form = ContactForm({"subject": "Hi", "body": "x" * 5001})
    assert not form.is_valid()
    assert "body" in form.errors


# --- SignupForm (allauth's extra fields) ----------------------------------------------------


def test_signup_form_requires_full_name_and_directory_choice():
    form = SignupForm({})
    assert not form.is_valid()
    assert set(form.errors) == {"full_name", "listed_in_directory"}


def test_signup_form_refuses_an_unknown_directory_choice():
    form = SignupForm({"full_name": "A B", "listed_in_directory": "maybe"})
    assert not form.is_valid()
    assert "listed_in_directory" in form.errors


@pytest.mark.parametrize(
    "address",
    [
        "https://www.linkedin.com/in/lina-haddad",
        "https://linkedin.com/in/lina",
        "https://uk.linkedin.com/in/lina",
        "https://www.linkedin.com/company/lpsa/",
        "www.linkedin.com/in/lina",  # the form assumes https
    ],
)
def test_linkedin_accepts_linkedins_own_pages(address):
    form = ProfileForm(profile_data(linkedin=address))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["linkedin"].startswith("https://")


@pytest.mark.parametrize(
    "address",
    [
        "https://x.invalid/in/lina",
        "https://user:secret@www.linkedin.com/in/lina",
        "https://www.linkedin.com@evil.example/in/lina",
        "https://linkedin.com.evil.example/in/lina",
        "https://evil-linkedin.com/in/lina",
        "http://www.linkedin.com/in/lina",
        "https://www.linkedin.com:8443/in/lina",
        "https://www.linkedin.com/",
    ],
)
def test_linkedin_refuses_other_hosts_credentials_and_plain_http(address):
    form = ProfileForm(profile_data(linkedin=address), instance=ProfileFactory())
    assert not form.is_valid()
    assert form.errors["linkedin"] == [
        "Enter the address of your LinkedIn page, such as https://www.linkedin.com/in/your-name."
    ]
