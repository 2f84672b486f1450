"""Editing one's profile: fields, errors, photos."""

import io
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from PIL import Image

from members.models import Profile
from members.photos import RENDITIONS
from members.views import PROFILE_SAVES_PER_HOUR
from taxonomy import regions
from taxonomy.models import Region, Topic
from tests.members.conftest import image_upload
from tests.members.factories import language, topic
from tests.members.test_forms import profile_data

pytestmark = pytest.mark.django_db

DIRECTORY = reverse("members:directory")
EDIT = reverse("members:edit_profile")
LOGIN = reverse("account_login")


def names(response) -> list[str]:
    return [profile.full_name for profile in response.context["profiles"]]


def profile_url(profile) -> str:
    return reverse("members:profile", kwargs={"pk": profile.pk})


@pytest.mark.parametrize("name", ["members:my_profile", "members:edit_profile"])
def test_own_profile_pages_require_login(client, name):
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={url}"


def test_edit_profile_post_requires_login(client, member):
    response = client.post(EDIT, profile_data(job_title="Hacked"))
    assert response.status_code == 302
    member.profile.refresh_from_db()
    assert member.profile.job_title != "Hacked"


def test_edit_page_shows_the_form_filled_with_the_profile(member_client, member):
    response = member_client.get(EDIT)
    assert response.status_code == 200
    assert response.context["form"].instance == member.profile
    assert f'value="{member.profile.organisation}"'.encode() in response.content


def test_saving_the_profile_form_stores_every_field(member_client, member):
    data = profile_data(
        expertise=[topic("health").pk, topic("localization").pk],
        interests=[topic("education").pk],
        regions_of_interest=[Region.objects.get(slug="africa").pk],
        languages=[language("ar").pk, language("en").pk],
    )

    response = member_client.post(EDIT, data)

    assert response.status_code == 302
    assert response["Location"] == EDIT
    profile = Profile.objects.get(pk=member.profile.pk)
    assert profile.full_name == "Lina Haddad"
    assert profile.job_title == "Budget analyst"
    assert profile.organisation == "Ministry of Local Administration"
    assert profile.organisation_type == "central-government"
    assert profile.country.code == "JO"
    assert profile.world_region_id == regions.MENA
    assert profile.time_zone == "Asia/Amman"
    assert profile.bio == "Fiscal decentralization in the Levant."
    assert profile.phone == "+962 6 000 0000"
    assert profile.website == "https://example.org"
    assert profile.linkedin == "https://www.linkedin.com/in/lina"
    assert profile.orcid == "https://orcid.org/0000-0002-1825-0097"
    assert profile.listed_in_directory is True
    assert profile.profile_visibility == "members"
    assert profile.email_visibility == "hidden"
    assert profile.phone_visibility == "members"
    assert profile.links_visibility == "public"
    assert {t.slug for t in profile.expertise.all()} == {"health", "localization"}
    assert {t.slug for t in profile.interests.all()} == {"education"}
    assert {r.slug for r in profile.regions_of_interest.all()} == {"africa"}
    assert {lang.code for lang in profile.languages.all()} == {"ar", "en"}

    page = member_client.get(EDIT)
    assert b"Your profile has been saved." in page.content


def test_unticking_listed_removes_the_member_from_the_directory(member_client, member):
    data = profile_data()
    del data["listed_in_directory"]
    member_client.post(EDIT, data)
    member.profile.refresh_from_db()
    assert member.profile.listed_in_directory is False
    assert member.profile.full_name not in names(member_client.get(DIRECTORY))


def test_changing_the_country_changes_the_world_region(member_client, member):
    member_client.post(EDIT, profile_data(country="BR"))
    assert Profile.objects.get(pk=member.profile.pk).world_region_id == regions.LATIN_AMERICA
    member_client.post(EDIT, profile_data(country=""))
    assert Profile.objects.get(pk=member.profile.pk).world_region is None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("orcid", "https://orcid.org/1234", "Enter your ORCID iD as https://orcid.org/"),
        ("website", "not a url", "Enter a valid URL."),
        ("linkedin", "http://", "Enter a valid URL."),
        ("linkedin", "https://x.invalid/in/lina", "Enter the address of your LinkedIn page"),
        ("bio", "b" * 2001, "at most 2000 characters"),
        ("country", "XX", "Select a valid choice"),
    ],
)
def test_bad_input_shows_a_clear_error_and_keeps_what_was_typed(
    member_client, member, field, value, message
):
    before = Profile.objects.get(pk=member.profile.pk)
    data = profile_data(
        job_title="Typed job title",
        organisation="Typed organisation",
        **{field: value},
    )

    response = member_client.post(EDIT, data)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    content = response.content.decode()
    assert message in content
    summary = content.split('class="message message-error error-summary"', 1)[1].split("</div>")[0]
    assert 'role="alert" tabindex="-1" autofocus>' in summary
    assert f'<a href="#id_{field}">' in summary
    assert 'value="Typed job title"' in content
    assert 'value="Typed organisation"' in content
    assert 'value="+962 6 000 0000"' in content
    after = Profile.objects.get(pk=member.profile.pk)
    assert (after.job_title, after.organisation, after.phone, after.orcid, after.bio) == (
        before.job_title,
        before.organisation,
        before.phone,
        before.orcid,
        before.bio,
    )
    assert after.updated_at == before.updated_at


def test_bad_input_keeps_the_ticked_topics_and_languages(member_client, member):
    data = profile_data(
        orcid="bad",
        expertise=[topic("health").pk],
        languages=[language("sw").pk],
    )
    response = member_client.post(EDIT, data)
    form = response.context["form"]
    assert form["expertise"].value() == [str(topic("health").pk)]
    assert form["languages"].value() == [str(language("sw").pk)]
    assert not member.profile.expertise.exists()


# --- Photos through the edit page -----------------------------------------------------------


def _rendition_sizes(profile):
    sizes = {}
    for attribute in RENDITIONS:
        field = getattr(profile, attribute)
        with field.storage.open(field.name, "rb") as handle, Image.open(handle) as image:
            sizes[attribute] = (image.format, image.size)
    return sizes


@pytest.mark.parametrize(
    ("name", "image_format", "size"),
    [("me.png", "PNG", (1200, 700)), ("me.jpg", "JPEG", (300, 900))],
)
def test_uploading_a_photo_makes_three_square_jpegs(
    member_client, member, name, image_format, size
):
    data = {**profile_data(), "photo": image_upload(name, size, image_format)}

    response = member_client.post(EDIT, data)

    assert response.status_code == 302
    profile = Profile.objects.get(pk=member.profile.pk)
    assert _rendition_sizes(profile) == {
        "photo_small": ("JPEG", (64, 64)),
        "photo_medium": ("JPEG", (160, 160)),
        "photo_large": ("JPEG", (400, 400)),
    }
    assert profile.full_name == "Lina Haddad"
    page = member_client.get(profile_url(profile)).content.decode()
    assert profile.photo_large.url in page


def test_a_non_image_upload_shows_an_error_and_keeps_the_old_photo(
    member_client, member_with_photo
):
    old = Profile.objects.get(pk=member_with_photo.profile.pk)
    fake = image_upload()
    fake.file = io.BytesIO(b"This is a text file pretending to be a PNG.")
    fake.size = len(fake.file.getvalue())

    response = member_client.post(EDIT, {**profile_data(job_title="Kept?"), "photo": fake})

    assert response.status_code == 200
    assert "This file is not an image we can read" in response.content.decode()
    profile = Profile.objects.get(pk=old.pk)
    assert profile.photo_small.name == old.photo_small.name
    assert profile.photo_small.storage.exists(profile.photo_small.name)
    assert profile.job_title == old.job_title


def test_an_oversized_photo_shows_an_error_and_keeps_the_old_photo(
    member_client, member_with_photo, settings
):
    settings.PROFILE_PHOTO_MAX_BYTES = 2048
    old_name = member_with_photo.profile.photo_large.name

    response = member_client.post(
        EDIT, {**profile_data(), "photo": image_upload(size=(1500, 1500))}
    )

    assert response.status_code == 200
    assert "Please choose a smaller file." in response.content.decode()
    assert "photo" in response.context["form"].errors
    assert Profile.objects.get(pk=member_with_photo.profile.pk).photo_large.name == old_name


def test_remove_photo_clears_the_photo(
    member_client, member_with_photo, django_capture_on_commit_callbacks
):
    old_name = member_with_photo.profile.photo_medium.name
    storage = member_with_photo.profile.photo_medium.storage
    assert b"Remove my current photo" in member_client.get(EDIT).content

    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(EDIT, {**profile_data(), "remove_photo": "on"})

    assert response.status_code == 302
    profile = Profile.objects.get(pk=member_with_photo.profile.pk)
    assert not profile.photo_small and not profile.photo_medium and not profile.photo_large
    assert not storage.exists(old_name)
    assert b"Remove my current photo" not in member_client.get(EDIT).content


def test_past_twenty_saves_an_hour_the_form_comes_back_with_a_429_and_nothing_saved(
    member_client, member
):
    for attempt in range(PROFILE_SAVES_PER_HOUR):
        response = member_client.post(EDIT, profile_data(job_title=f"Title {attempt}"))
        assert response.status_code == 302, attempt

    response = member_client.post(EDIT, profile_data(job_title="One save too many"))

    assert response.status_code == 429
    page = response.content.decode()
    assert "You have saved your profile 20 times in the last hour" in page
    assert 'value="One save too many"' in page
    assert Profile.objects.get(pk=member.profile.pk).job_title == "Title 19"


def test_the_save_limit_is_per_member(member_client, other_member, client):
    for _ in range(PROFILE_SAVES_PER_HOUR):
        member_client.post(EDIT, profile_data())
    client.force_login(other_member)
    assert client.post(EDIT, profile_data()).status_code == 302


class _Labels(HTMLParser):
    """Collects each <label>'s for= (None when absent), input ids and legend texts."""

    def __init__(self):
        super().__init__()
        self.label_targets, self.input_ids, self.legends = [], set(), []
        self._in_legend = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label":
            self.label_targets.append(attrs.get("for"))
        elif tag in ("input", "select", "textarea") and "id" in attrs:
            self.input_ids.add(attrs["id"])
        elif tag == "legend":
            self._in_legend = True
            self.legends.append("")

    def handle_endtag(self, tag):
        if tag == "legend":
            self._in_legend = False

    def handle_data(self, data):
        if self._in_legend:
            self.legends[-1] += data.strip()


@pytest.mark.parametrize("url", [EDIT, reverse("account_signup")])
def test_every_label_names_a_control_and_choice_groups_have_legends(client, member, url):
    if url == EDIT:
        client.force_login(member)
    parser = _Labels()
    parser.feed(client.get(url).content.decode())

    assert parser.label_targets, "no labels found"
    assert None not in parser.label_targets
    assert set(parser.label_targets) <= parser.input_ids
    for group in ("Dimension of decentralization", "Sector", "Theme"):
        assert group in parser.legends


def test_long_lists_are_folded_with_a_count_and_open_when_in_error(member_client, member):
    member.profile.expertise.set(Topic.objects.order_by("slug")[:2])
    page = member_client.get(EDIT).content.decode()
    assert (
        f'<details class="choice-fold"><summary>2 of {Topic.objects.count()} chosen</summary>'
        '<div id="id_expertise"' in page
    )
    for field in ("interests", "regions_of_interest", "languages"):
        assert re.search(
            rf'<details class="choice-fold"><summary>0 of \d+ chosen</summary><div id="id_{field}"',
            page,
        )

    response = member_client.post(EDIT, profile_data(languages=["not-a-language"]))

    assert re.search(
        r'<details class="choice-fold" open><summary>0 of \d+ chosen</summary>'
        r'<div id="id_languages"',
        response.content.decode(),
    )
