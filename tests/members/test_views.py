import csv
import gzip
import io
import re
from datetime import timedelta
from urllib.parse import parse_qs

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from members import services
from members.models import ContactMessage, Profile, Visibility
from members.photos import RENDITIONS
from taxonomy import regions
from taxonomy.models import Region, Topic
from tests.members.conftest import bulk_create_members, image_upload
from tests.members.factories import MemberFactory, ProfileFactory, UserFactory, language, topic
from tests.members.test_forms import profile_data

pytestmark = pytest.mark.django_db

DIRECTORY = reverse("members:directory")
EXPORT = reverse("members:directory_export")
EDIT = reverse("members:edit_profile")
LOGIN = reverse("account_login")


def names(response) -> list[str]:
    return [profile.full_name for profile in response.context["profiles"]]


def found(response) -> int:
    return response.context["paginator"].count


def query_count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def contact_url(profile) -> str:
    return reverse("members:contact", kwargs={"pk": profile.pk})


# === Directory: who may see it ==============================================================


def test_directory_redirects_visitors_to_login(client):
    response = client.get(DIRECTORY)
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={DIRECTORY}"


def test_members_see_the_directory_with_listed_members(member_client, member):
    colleague = ProfileFactory(full_name="Aisha Bello")
    response = member_client.get(DIRECTORY)
    assert response.status_code == 200
    assert set(names(response)) == {member.profile.full_name, colleague.full_name}
    assert b"Aisha Bello" in response.content


def test_staff_see_the_directory_with_an_export_link_members_do_not(client, staff, member):
    client.force_login(staff)
    staff_page = client.get(DIRECTORY, {"country": "KE"})
    assert staff_page.status_code == 200
    assert f"{EXPORT}?country=KE".encode() in staff_page.content

    client.force_login(member)
    assert EXPORT.encode() not in client.get(DIRECTORY).content


# === Directory: filters, search, sorting, paging =========================================


@pytest.fixture
def directory_people(member):
    # The logged-in member stays out of the list so each test sees only these profiles.
    member.profile.listed_in_directory = False
    member.profile.save()
    return {
        "amara": ProfileFactory(
            full_name="Amara Okonkwo",
            country="NG",
            organisation="Lagos State Council",
            organisation_type="local-government",
            job_title="Budget officer",
            bio="Property tax reform in West Africa.",
            expertise=[topic("local-revenue-and-property-tax"), topic("health")],
            languages=[language("en"), language("ha")],
        ),
        "claire": ProfileFactory(
            full_name="Claire Dubois",
            country="FR",
            organisation="Université de Lyon",
            organisation_type="academia",
            job_title="Professor",
            bio="Multilevel governance and fiscal federalism.",
            expertise=[topic("multilevel-governance"), topic("health")],
            languages=[language("fr"), language("en")],
        ),
        "diego": ProfileFactory(
            full_name="Diego Ramírez",
            country="PE",
            organisation="Red de Municipalidades",
            organisation_type="civil-society",
            job_title="Policy advisor",
            bio="Citizen participation in municipal budgets.",
            expertise=[topic("citizen-participation")],
            languages=[language("es")],
        ),
        "hana": ProfileFactory(
            full_name="Hana Suzuki",
            country="JP",
            organisation="Ministry of Internal Affairs",
            organisation_type="central-government",
            job_title="Fiscal analyst",
            bio="Intergovernmental transfers and property tax.",
            expertise=[topic("intergovernmental-fiscal-transfers")],
            languages=[language("ja"), language("en")],
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("country=NG", {"Amara Okonkwo"}),
        ("country=FR", {"Claire Dubois"}),
        ("region=latin-america", {"Diego Ramírez"}),
        ("region=africa", {"Amara Okonkwo"}),
        ("region=north-america", set()),
        ("organisation_type=academia", {"Claire Dubois"}),
        ("organisation_type=central-government", {"Hana Suzuki"}),
        ("expertise=health", {"Amara Okonkwo", "Claire Dubois"}),
        ("expertise=citizen-participation", {"Diego Ramírez"}),
        ("language=en", {"Amara Okonkwo", "Claire Dubois", "Hana Suzuki"}),
        ("language=es", {"Diego Ramírez"}),
        ("language=de", set()),
    ],
)
def test_each_directory_filter_narrows_the_list(member_client, directory_people, query, expected):
    response = member_client.get(f"{DIRECTORY}?{query}")
    assert response.status_code == 200
    assert set(names(response)) == expected
    assert found(response) == len(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("okonkwo", {"Amara Okonkwo"}),  # name
        ("université", {"Claire Dubois"}),  # organisation
        ("PROFESSOR", {"Claire Dubois"}),  # job title, any case
        ("property tax", {"Amara Okonkwo", "Hana Suzuki"}),  # bio, both words
        ("property japan", set()),  # every word must match
        ("fiscal analyst", {"Hana Suzuki"}),  # job title across words
        ("fiscal", {"Claire Dubois", "Hana Suzuki"}),  # bio or title
        ("municipal diego", {"Diego Ramírez"}),  # bio and name together
    ],
)
def test_search_matches_all_words_in_name_organisation_title_or_bio(
    member_client, directory_people, text, expected
):
    response = member_client.get(DIRECTORY, {"q": text})
    assert set(names(response)) == expected


def test_filters_and_search_combine(member_client, directory_people):
    response = member_client.get(
        DIRECTORY, {"expertise": "health", "language": "en", "country": "FR", "q": "lyon"}
    )
    assert names(response) == ["Claire Dubois"]

    response = member_client.get(
        DIRECTORY, {"expertise": "health", "organisation_type": "civil-society"}
    )
    assert names(response) == []
    assert b"No member matches these filters" in response.content


def test_directory_sorts_by_name_by_default_and_on_request(member_client, directory_people):
    alphabetical = ["Amara Okonkwo", "Claire Dubois", "Diego Ramírez", "Hana Suzuki"]
    assert names(member_client.get(DIRECTORY)) == alphabetical
    assert names(member_client.get(DIRECTORY, {"sort": "name"})) == alphabetical


def test_directory_sorts_newest_first(member_client, directory_people):
    now = timezone.now()
    for days_ago, key in enumerate(["diego", "amara", "hana", "claire"]):
        Profile.objects.filter(pk=directory_people[key].pk).update(
            created_at=now - timedelta(days=days_ago)
        )
    response = member_client.get(DIRECTORY, {"sort": "-newest"})
    assert names(response) == ["Diego Ramírez", "Amara Okonkwo", "Hana Suzuki", "Claire Dubois"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("country", "ZZ"),
        ("region", "atlantis"),
        ("organisation_type", "pirates"),
        ("expertise", "no-such-topic"),
        ("expertise", "africa"),  # a world region, not a topic
        ("language", "xx"),
        ("sort", "password"),
    ],
)
def test_an_invalid_filter_value_shows_an_error_beside_the_full_list(
    member_client, directory_people, field, value
):
    response = member_client.get(DIRECTORY, {field: value})
    assert response.status_code == 200
    assert field in response.context["filter"].errors
    assert b"Select a valid choice" in response.content
    assert found(response) == len(directory_people)


def test_directory_shows_24_per_page_and_the_total_found(member_client, member):
    bulk_create_members(29)  # with the logged-in member: 30 listed
    first = member_client.get(DIRECTORY)
    assert len(first.context["profiles"]) == 24
    assert b"30 members found" in first.content
    assert b"Page 1 of 2" in first.content

    second = member_client.get(DIRECTORY, {"page": 2})
    assert len(second.context["profiles"]) == 6
    assert not set(names(first)) & set(names(second))


def test_directory_count_uses_singular_for_one_member(member_client, member):
    response = member_client.get(DIRECTORY)
    assert b"1 member found" in response.content


def test_pagination_links_keep_the_filters(member_client, member):
    bulk_create_members(30, country="FR")
    ProfileFactory(country="KE")

    first = member_client.get(DIRECTORY, {"country": "FR", "q": "bulk council", "sort": "name"})
    assert found(first) == 30
    next_link = re.search(rb'href="\?([^"]*)" rel="next"', first.content).group(1)
    params = next_link.decode().replace("&amp;", "&")
    assert parse_qs(params) == {
        "country": ["FR"],
        "q": ["bulk council"],
        "sort": ["name"],
        "page": ["2"],
    }

    second = member_client.get(f"{DIRECTORY}?{params}")
    assert len(second.context["profiles"]) == 6
    assert all(p.country.code == "FR" for p in second.context["profiles"])
    prev_link = re.search(rb'href="\?([^"]*)" rel="prev"', second.content).group(1).decode()
    assert "country=FR" in prev_link
    assert prev_link.count("page=") == 1


def test_a_page_past_the_end_is_not_found(member_client, member):
    assert member_client.get(DIRECTORY, {"page": 9}).status_code == 404


def test_directory_query_count_does_not_grow_with_the_number_of_members(
    member_client, member, some_expertise, some_languages, clear_cache
):
    def cold_query_count(url):
        clear_cache()  # the paginator caches totals; compare requests that both count
        return query_count(member_client, url)

    bulk_create_members(10, expertise=some_expertise, languages=some_languages)
    urls = [DIRECTORY, f"{DIRECTORY}?expertise={some_expertise[0].slug}&language=en&q=bulk&page=1"]
    small = [cold_query_count(url) for url in urls]

    bulk_create_members(990, expertise=some_expertise, languages=some_languages)
    assert Profile.objects.listed().count() == 1001
    large = [cold_query_count(url) for url in urls]

    assert small == large
    assert small[0] <= 8


def test_directory_shows_at_most_three_expertise_tags_per_member(member_client, member):
    ProfileFactory(
        full_name="Many Topics",
        expertise=list(Topic.objects.order_by("name")[:5]),
    )
    response = member_client.get(DIRECTORY, {"q": "many topics"})
    card = response.content.decode().split("Many Topics", 1)[1].split("</li>\n", 1)[0]
    assert card.count('class="badge"') == 3


# === Directory CSV export ===================================================================


def read_csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(text)))


CSV_HEADER = [
    "name",
    "email",
    "job title",
    "organisation",
    "organisation type",
    "country",
    "region",
    "expertise",
    "languages",
    "joined",
]


def test_visitors_cannot_export_the_directory(client):
    response = client.get(EXPORT)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_members_cannot_export_the_directory(member_client):
    response = member_client.get(EXPORT)
    assert response.status_code in (302, 403)
    assert not response.get("Content-Type", "").startswith("text/csv")


def test_staff_export_the_directory_as_csv(staff_client, staff):
    amara = ProfileFactory(
        full_name="Amara Okonkwo",
        country="NG",
        organisation="Lagos State Council",
        job_title="Budget officer",
        expertise=[topic("health")],
        languages=[language("en"), language("ha")],
    )

    response = staff_client.get(EXPORT)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(
        r'attachment; filename="lpsa-directory-\d{4}-\d{2}-\d{2}\.csv"',
        response["Content-Disposition"],
    )
    rows = read_csv(response)
    assert rows[0] == CSV_HEADER
    by_name = {row[0]: row for row in rows[1:]}
    assert set(by_name) == {staff.profile.full_name, "Amara Okonkwo"}
    assert by_name["Amara Okonkwo"] == [
        "Amara Okonkwo",
        amara.user.email,
        "Budget officer",
        "Lagos State Council",
        "Local government",
        "Nigeria",
        "Sub-Saharan Africa",
        "Health",
        "English; Hausa",
        amara.created_at.date().isoformat(),
    ]


def test_staff_export_honours_the_directory_filters(staff_client):
    ProfileFactory(full_name="In France", country="FR", expertise=[topic("health")])
    ProfileFactory(full_name="In France Too", country="FR")
    ProfileFactory(full_name="In Kenya", country="KE", expertise=[topic("health")])

    rows = read_csv(staff_client.get(EXPORT, {"country": "FR", "expertise": "health"}))

    assert rows[0] == CSV_HEADER
    assert [row[0] for row in rows[1:]] == ["In France"]


def test_staff_export_defuses_member_text_that_spreadsheets_would_run_as_a_formula(
    staff_client,
):
    ProfileFactory(
        full_name='=HYPERLINK("https://evil.example","Click")',
        job_title="+SUM(1,2)",
        organisation="@cmd",
        country="FR",
    )
    ProfileFactory(full_name="Plain Name", job_title="Mayor - retired", country="FR")

    rows = read_csv(staff_client.get(EXPORT, {"country": "FR"}))

    by_title = {row[2]: row for row in rows[1:]}
    formula = by_title["'+SUM(1,2)"]
    assert formula[0] == """'=HYPERLINK("https://evil.example","Click")"""
    assert formula[3] == "'@cmd"
    assert by_title["Mayor - retired"][0] == "Plain Name"


def test_staff_export_query_count_does_not_grow_with_members(
    staff_client, some_expertise, some_languages
):
    def export_queries():
        with CaptureQueriesContext(connection) as queries:
            read_csv(staff_client.get(EXPORT))
        return len(queries)

    bulk_create_members(5, expertise=some_expertise, languages=some_languages)
    small = export_queries()
    bulk_create_members(200, expertise=some_expertise, languages=some_languages)
    assert export_queries() == small


# === Profile page: who may see it ==========================================================


def profile_url(profile) -> str:
    return reverse("members:profile", kwargs={"pk": profile.pk})


def test_visitors_see_a_public_listed_profile(client):
    profile = ProfileFactory(full_name="Public Person", profile_visibility=Visibility.PUBLIC)
    response = client.get(profile_url(profile))
    assert response.status_code == 200
    assert b"Public Person" in response.content
    # No contact button for visitors: the relay is for members.
    assert contact_url(profile).encode() not in response.content


def test_visitors_are_sent_to_login_for_members_only_and_missing_profiles_alike(client):
    members_only = ProfileFactory(profile_visibility=Visibility.MEMBERS)
    missing_pk = members_only.pk + 1000

    hidden = client.get(profile_url(members_only))
    missing = client.get(reverse("members:profile", kwargs={"pk": missing_pk}))

    assert hidden.status_code == missing.status_code == 302
    assert hidden["Location"] == f"{LOGIN}?next=/members/{members_only.pk}/"
    assert missing["Location"] == f"{LOGIN}?next=/members/{missing_pk}/"
    assert hidden.content == missing.content
    assert set(hidden.headers) == set(missing.headers)


def test_visitors_are_sent_to_login_for_unlisted_and_inactive_public_profiles(client):
    unlisted = ProfileFactory(profile_visibility=Visibility.PUBLIC, listed_in_directory=False)
    inactive = ProfileFactory(profile_visibility=Visibility.PUBLIC, user__is_active=False)
    for profile in (unlisted, inactive):
        response = client.get(profile_url(profile))
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)


def test_members_see_listed_profiles_whatever_their_visibility(member_client):
    for visibility in (Visibility.MEMBERS, Visibility.PUBLIC):
        profile = ProfileFactory(profile_visibility=visibility)
        response = member_client.get(profile_url(profile))
        assert response.status_code == 200
        assert profile.full_name.encode() in response.content
        assert contact_url(profile).encode() in response.content


def test_an_unlisted_profile_is_not_found_for_other_members_and_staff(member_client, client, staff):
    unlisted = ProfileFactory(listed_in_directory=False, profile_visibility=Visibility.PUBLIC)
    assert member_client.get(profile_url(unlisted)).status_code == 404
    client.force_login(staff)
    assert client.get(profile_url(unlisted)).status_code == 404


def test_owners_see_their_own_unlisted_profile_with_a_notice(client):
    owner = MemberFactory(profile__listed_in_directory=False)
    client.force_login(owner)
    response = client.get(profile_url(owner.profile))
    assert response.status_code == 200
    assert b"only you can see this page" in response.content
    assert EDIT.encode() in response.content
    assert contact_url(owner.profile).encode() not in response.content


def test_profiles_of_inactive_users_are_not_found(member_client):
    inactive = ProfileFactory(user__is_active=False)
    assert member_client.get(profile_url(inactive)).status_code == 404


def test_a_missing_profile_is_not_found_for_members(member_client):
    assert member_client.get("/members/999999/").status_code == 404


def test_profile_page_shows_details_with_a_bounded_number_of_queries(
    member_client, django_assert_max_num_queries
):
    profile = ProfileFactory(
        full_name="Amara Okonkwo",
        country="NG",
        time_zone="Africa/Lagos",
        expertise=[topic("health"), topic("education")],
        languages=[language("en"), language("ha")],
    )
    with django_assert_max_num_queries(6):
        response = member_client.get(profile_url(profile))
    content = response.content.decode()
    assert "Health" in content and "Education" in content
    assert "English, Hausa" in content
    assert "Nigeria · Sub-Saharan Africa" in content
    assert "Africa/Lagos" in content


def test_public_profile_query_count_for_visitors_is_bounded(client, django_assert_max_num_queries):
    profile = ProfileFactory(
        profile_visibility=Visibility.PUBLIC,
        expertise=[topic("health")],
        languages=[language("en")],
    )
    with django_assert_max_num_queries(3):
        assert client.get(profile_url(profile)).status_code == 200


# === My profile and editing ================================================================


def test_my_profile_redirects_to_the_members_own_profile(member_client, member):
    response = member_client.get(reverse("members:my_profile"))
    assert response.status_code == 302
    assert response["Location"] == profile_url(member.profile)


def test_my_profile_creates_an_unlisted_profile_for_accounts_without_one(client):
    user = UserFactory()
    client.force_login(user)
    response = client.get(reverse("members:my_profile"))
    profile = Profile.objects.get(user=user)
    assert response["Location"] == profile_url(profile)
    assert profile.listed_in_directory is False


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
    assert "Please correct the fields marked below; nothing was saved yet." in content
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


@pytest.fixture
def member_with_photo(member):
    services.set_profile_photo(profile=member.profile, uploaded=image_upload())
    return member


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


# --- Completeness -------------------------------------------------------------------------


def test_completeness_rises_as_fields_are_filled():
    profile = ProfileFactory(
        full_name="",
        job_title="",
        organisation="",
        organisation_type="",
        country="",
        bio="",
    )
    empty = Profile.objects.get(pk=profile.pk).completeness
    assert empty.percent == 0
    assert "your name" in empty.missing and "a photo" in empty.missing
    assert len(empty.missing) == 10

    profile.full_name = "Named"
    profile.country = "KE"
    profile.save()
    partial = Profile.objects.get(pk=profile.pk).completeness
    assert partial.percent == round(100 * 4 / 13)
    assert "your name" not in partial.missing
    assert "your country" not in partial.missing
    assert not partial.is_complete


def test_a_fully_filled_profile_is_complete(member_with_photo):
    profile = member_with_photo.profile
    profile.time_zone = "Africa/Nairobi"
    profile.save()
    profile.expertise.set([topic("health")])
    profile.languages.set([language("sw")])
    completeness = Profile.objects.get(pk=profile.pk).completeness
    assert completeness.percent == 100
    assert completeness.missing == ()
    assert completeness.is_complete


def test_edit_page_and_home_page_show_completeness_and_what_is_missing(member_client, member):
    # The factory fills name, title, organisation, type, country and bio: 8 of 13.
    edit = member_client.get(EDIT).content.decode()
    assert "Your profile is 62% complete" in edit
    assert "a photo, your areas of expertise, the languages you speak, your time zone" in edit
    home = member_client.get(reverse("home")).content.decode()
    assert "Your profile is 62% complete" in home
    assert "Still missing: a photo, your areas of expertise" in home

    member_client.post(
        EDIT,
        profile_data(
            time_zone="Africa/Nairobi",
            expertise=[topic("health").pk],
            languages=[language("sw").pk],
        ),
    )
    edit = member_client.get(EDIT).content.decode()
    assert "Your profile is 92% complete" in edit
    assert "To complete it, add a photo." in edit
    assert "Your profile is 92% complete" in member_client.get(reverse("home")).content.decode()


def test_home_page_hides_the_completeness_card_once_complete(member_client, member_with_photo):
    profile = member_with_photo.profile
    profile.time_zone = "Africa/Nairobi"
    profile.save()
    profile.expertise.set([topic("health")])
    profile.languages.set([language("sw")])
    home = member_client.get(reverse("home")).content.decode()
    assert "% complete" not in home
    assert "Everything is filled in" in member_client.get(EDIT).content.decode()


def test_portal_home_query_count_is_bounded(member_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        assert member_client.get(reverse("home")).status_code == 200


def test_landing_page_query_count_is_bounded_and_cached(client, django_assert_max_num_queries):
    ProfileFactory.create_batch(3)
    with django_assert_max_num_queries(2):
        assert client.get(reverse("home")).status_code == 200
    with django_assert_max_num_queries(0):
        assert client.get(reverse("home")).status_code == 200


# === Contact relay ============================================================================


def contact_data(**overrides):
    return {
        "subject": "Property tax study",
        "body": "Hello, I read about your work on property tax.",
        "share_email": "on",
        **overrides,
    }


def test_contact_form_requires_login(client, other_member):
    url = contact_url(other_member.profile)
    response = client.get(url)
    assert response["Location"] == f"{LOGIN}?next={url}"
    response = client.post(url, contact_data())
    assert response.status_code == 302
    assert not ContactMessage.objects.exists()


def test_members_see_the_contact_form_with_messages_left(member_client, other_member, settings):
    settings.CONTACT_RELAY_DAILY_LIMIT = 5
    response = member_client.get(contact_url(other_member.profile))
    assert response.status_code == 200
    assert b"You can send 5 more messages today." in response.content


def test_unlisted_inactive_and_missing_recipients_are_not_found(member_client):
    unlisted = ProfileFactory(listed_in_directory=False)
    inactive = ProfileFactory(user__is_active=False)
    for profile in (unlisted, inactive):
        assert member_client.get(contact_url(profile)).status_code == 404
        assert member_client.post(contact_url(profile), contact_data()).status_code == 404
    assert member_client.get("/members/999999/contact/").status_code == 404
    assert not ContactMessage.objects.exists()


def test_members_cannot_contact_themselves(member_client, member):
    assert member_client.get(contact_url(member.profile)).status_code == 404
    assert member_client.post(contact_url(member.profile), contact_data()).status_code == 404
    assert not ContactMessage.objects.exists()


def test_sending_a_message_records_it_and_emails_the_recipient(
    member_client, member, other_member, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(contact_url(other_member.profile), contact_data())

    assert response.status_code == 302
    assert response["Location"] == profile_url(other_member.profile)
    message = ContactMessage.objects.get()
    assert (message.sender, message.recipient) == (member, other_member)
    assert message.subject == "Property tax study"
    assert message.share_email is True
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [other_member.email]
    assert email.from_email == settings.DEFAULT_FROM_EMAIL
    assert email.reply_to == [member.email]
    assert "I read about your work on property tax." in email.body

    page = member_client.get(response["Location"]).content.decode()
    assert f"Your message is on its way to {other_member.profile.full_name}." in page


def test_a_message_without_sharing_email_has_no_reply_to(
    member_client, member, other_member, django_capture_on_commit_callbacks
):
    data = contact_data()
    del data["share_email"]
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(contact_url(other_member.profile), data)

    email = mail.outbox[0]
    assert email.reply_to == []
    assert member.email not in email.message().as_string()
    assert ContactMessage.objects.get().share_email is False


def test_the_sender_never_sees_the_recipients_address(
    member_client, other_member, django_capture_on_commit_callbacks
):
    recipient = other_member.profile
    assert recipient.email_visibility == Visibility.HIDDEN
    address = other_member.email.encode()

    responses = [member_client.get(contact_url(recipient))]
    with django_capture_on_commit_callbacks(execute=True):
        responses.append(member_client.post(contact_url(recipient), contact_data(), follow=True))
    responses.append(member_client.post(contact_url(recipient), contact_data(body="short")))

    assert len(mail.outbox) == 1
    for response in responses:
        assert address not in response.content
        assert address not in b"".join(f"{k}{v}".encode() for k, v in response.headers.items())


def test_a_subject_with_line_breaks_is_flattened_and_still_delivered(
    member_client, other_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(
            contact_url(other_member.profile),
            contact_data(subject="Hello\r\nBcc: someone@example.com"),
        )

    assert response.status_code == 302
    assert ContactMessage.objects.get().subject == "Hello Bcc: someone@example.com"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "[LPSA] Hello Bcc: someone@example.com"
    assert mail.outbox[0].bcc == []


def test_too_short_a_message_is_refused_with_a_clear_error(member_client, other_member):
    response = member_client.post(contact_url(other_member.profile), contact_data(body="Hi there"))
    assert response.status_code == 400
    assert "Please write a little more (10 characters at least)." in response.content.decode()
    assert not ContactMessage.objects.exists()


def test_past_the_daily_limit_the_form_says_so_sends_nothing_and_keeps_the_text(
    member_client, member, settings, django_capture_on_commit_callbacks
):
    settings.CONTACT_RELAY_DAILY_LIMIT = 2
    recipients = MemberFactory.create_batch(3)
    with django_capture_on_commit_callbacks(execute=True):
        for recipient in recipients[:2]:
            assert (
                member_client.post(contact_url(recipient.profile), contact_data()).status_code
                == 302
            )
    assert len(mail.outbox) == 2
    assert (
        b"You can send 0 more messages today."
        in member_client.get(contact_url(recipients[2].profile)).content
    )

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = member_client.post(
            contact_url(recipients[2].profile),
            contact_data(subject="My typed subject", body="A body I do not want to lose."),
        )

    assert response.status_code == 400
    content = response.content.decode()
    assert "You can send 2 messages a day through the directory." in content
    assert 'value="My typed subject"' in content
    assert "A body I do not want to lose." in content
    assert callbacks == []
    assert len(mail.outbox) == 2
    assert ContactMessage.objects.filter(sender=member).count() == 2


def test_messages_older_than_a_day_do_not_count_against_the_limit(
    member_client, member, other_member, settings
):
    settings.CONTACT_RELAY_DAILY_LIMIT = 1
    old = ContactMessage.objects.create(
        sender=member, recipient=other_member, subject="Old", body="An old message body."
    )
    ContactMessage.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=25))

    response = member_client.post(contact_url(other_member.profile), contact_data())

    assert response.status_code == 302
    assert ContactMessage.objects.filter(sender=member).count() == 2


def test_contact_form_query_count_is_bounded(
    member_client, other_member, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        assert member_client.get(contact_url(other_member.profile)).status_code == 200


def test_a_full_directory_page_stays_under_100_kb_for_slow_connections(
    member_client, some_expertise, some_languages
):
    bulk_create_members(30, expertise=some_expertise, languages=some_languages)
    response = member_client.get(DIRECTORY, HTTP_ACCEPT_ENCODING="gzip")

    assert len(response.context["profiles"]) == 24
    assert response["Content-Encoding"] == "gzip"
    assert len(response.content) < 100_000 // 4  # compressed, as sent
    assert len(gzip.decompress(response.content)) < 100_000  # even uncompressed
