import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import Profile
from members.search import search_words, tsquery
from tests.members.conftest import bulk_create_members
from tests.members.factories import ProfileFactory

pytestmark = pytest.mark.django_db

DIRECTORY = reverse("members:directory")


def names(response) -> list[str]:
    assert response.status_code == 200
    return [profile.full_name for profile in response.context["profiles"]]


def search(text: str) -> list[str]:
    return list(Profile.objects.listed().search(text).values_list("full_name", flat=True))


@pytest.fixture
def people(member):
    # The logged-in member stays out of the results so each test sees only these profiles.
    Profile.objects.filter(user=member).update(listed_in_directory=False)
    return {
        "sigridur": ProfileFactory(
            full_name="Sigríður Jónsdóttir",
            organisation="Reykjavík City",
            job_title="Planner",
            bio="Municipal mergers.",
        ),
        "jose": ProfileFactory(
            full_name="Jose Garcia",
            organisation="Ministerio de Hacienda",
            job_title="Economist",
            bio="Fiscal rules.",
        ),
        "awa": ProfileFactory(
            full_name="Awa Traoré",
            organisation="Ministère de l'Intérieur de Côte d'Ivoire",
            job_title="Director",
            bio="Deconcentration.",
        ),
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sigridur", {"Sigríður Jónsdóttir"}),  # plain query, accented data
        ("sigríður jónsdóttir", {"Sigríður Jónsdóttir"}),
        ("José García", {"Jose Garcia"}),  # accented query, plain data
        ("Cote d'Ivoire", {"Awa Traoré"}),
        ("CÔTE D'IVOIRE", {"Awa Traoré"}),
        ("ministere interieur", {"Awa Traoré"}),
        ("reykjavik", {"Sigríður Jónsdóttir"}),
        ("Sigri\u0301ður", {"Sigríður Jónsdóttir"}),  # í sent as i + a combining accent
    ],
)
def test_search_ignores_accents_in_the_query_and_in_the_data(people, text, expected):
    assert set(search(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sigri", {"Sigríður Jónsdóttir"}),
        ("jónsdóttir sig", {"Sigríður Jónsdóttir"}),
        ("gar", {"Jose Garcia"}),
        # Only the last word, the one being typed, is a prefix; earlier words are whole.
        ("sig jónsdóttir", set()),
        ("igri", set()),  # a prefix, not any substring
    ],
)
def test_the_last_word_matches_as_a_prefix(people, text, expected):
    assert set(search(text)) == expected


def test_every_word_must_match_somewhere(people):
    assert search("fiscal economist garcia") == ["Jose Garcia"]  # bio, title and name
    assert search("fiscal reykjavik") == []


def test_a_name_or_organisation_match_is_listed_before_a_title_or_bio_match(member_client, member):
    Profile.objects.filter(user=member).update(listed_in_directory=False)
    # Alphabetically first, so name order alone would list them first.
    ProfileFactory(full_name="Aaron Abbott", organisation="X", job_title="Lagos liaison", bio="")
    ProfileFactory(full_name="Abel Adams", organisation="Y", job_title="", bio="Lives in Lagos.")
    ProfileFactory(full_name="Zainab Zulu", organisation="Lagos State Council", bio="")
    ProfileFactory(full_name="Yusuf Lagos", organisation="Z", bio="")

    response = member_client.get(DIRECTORY, {"q": "lagos"})
    assert names(response) == ["Yusuf Lagos", "Zainab Zulu", "Aaron Abbott", "Abel Adams"]
    # A sort the member chooses still wins over relevance.
    response = member_client.get(DIRECTORY, {"q": "lagos", "sort": "name"})
    assert names(response) == ["Aaron Abbott", "Abel Adams", "Yusuf Lagos", "Zainab Zulu"]


def test_the_search_document_follows_edits_to_a_profile(people):
    profile = people["jose"]
    profile.organisation = "Banco Central de Reserva"
    profile.save()
    assert search("banco central") == ["Jose Garcia"]
    assert search("hacienda") == []
    Profile.objects.filter(pk=profile.pk).update(bio="Pensiones.")
    assert search("pensiones") == ["Jose Garcia"]


HOSTILE = [
    "'",
    '"',
    "\\",
    "&",
    "|",
    "!",
    ":",
    "()",
    ":*",
    "<->",
    "fiscal & | ! : ( ) \\ ' \"",
    "' OR 1=1 --",
    "'); DROP TABLE members_profile; --",
    "fiscal:*A | !rules",
    "{{ 7*7 }}",
    "x" * 10_000,
    "fiscal " * 2_000,
    "é" * 10_000,
]


@pytest.mark.parametrize("text", HOSTILE, ids=lambda text: repr(text[:30]))
def test_hostile_search_input_answers_with_a_page(member_client, people, text):
    response = member_client.get(DIRECTORY, {"q": text})
    assert response.status_code == 200
    # Operators are dropped, never obeyed: what is left is a plain search for the words,
    # and input with no words at all is no search.
    words = search_words(text)
    expected = set(search(" ".join(words))) if words else {p.full_name for p in people.values()}
    assert set(names(response)) == expected


def test_a_null_character_in_the_search_is_an_error_beside_the_full_list(member_client, people):
    response = member_client.get(DIRECTORY, {"q": "\x00fiscal"})
    assert "q" in response.context["filter"].errors
    assert len(names(response)) == len(people)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("!fiscal", {"Jose Garcia"}),  # not a negation
        ("fiscal|deconcentration", set()),  # not an OR: both words must match
        ("(fiscal)", {"Jose Garcia"}),
        ("'; select pg_sleep(5); --", set()),
        ("&&& ||", {"Sigríður Jónsdóttir", "Jose Garcia", "Awa Traoré"}),  # no words: no search
    ],
)
def test_query_syntax_in_the_search_box_is_treated_as_plain_words(people, text, expected):
    assert set(search(text)) == expected


def test_search_words_keep_only_letters_and_digits_and_bound_their_number_and_length():
    assert search_words("Côte d'Ivoire & (G20) | x:*") == ["côte", "d", "ivoire", "g20", "x"]
    assert len(search_words("a " * 100)) == 8
    assert search_words("y" * 10_000) == ["y" * 60]
    assert tsquery(["cote", "ivo"]) == "cote & ivo:*"
    assert tsquery(["ivo"]) == "ivo:*"


def test_the_search_document_has_a_gin_index():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'members_profile'"
            " AND indexname = 'members_profile_search_document'"
        )
        (definition,) = cursor.fetchone()
    assert "USING gin (search_document)" in definition


def test_the_search_query_can_use_the_gin_index(member):
    bulk_create_members(200, bio="Intergovernmental fiscal transfers.")
    ProfileFactory(full_name="Ingibjörg Sólrún", organisation="Alþingi")
    with connection.cursor() as cursor:
        # At test sizes a sequential scan is cheaper, so the planner is told to avoid one:
        # the index then shows up only if it matches the query's expression and config.
        cursor.execute("ANALYZE members_profile")
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = Profile.objects.search("ingibjorg").explain()
    assert "Bitmap Index Scan on members_profile_search_document" in plan, plan
    assert search("ingibjorg") == ["Ingibjörg Sólrún"]


def test_on_another_database_the_search_falls_back_to_substrings(people, monkeypatch):
    full_text_sql = str(Profile.objects.search("garcia").query)
    assert "@@" in full_text_sql and "LIKE" not in full_text_sql

    monkeypatch.setattr(connection, "vendor", "sqlite")
    fallback = Profile.objects.listed().search("garc hacienda")
    sql = str(fallback.query)
    assert "@@" not in sql and "LIKE" in sql
    # The fallback runs anywhere (here on PostgreSQL): substrings, every word, names first.
    assert [p.full_name for p in fallback] == ["Jose Garcia"]
    assert list(Profile.objects.listed().search("nsdó").values_list("full_name", flat=True)) == [
        "Sigríður Jónsdóttir"
    ]
    ProfileFactory(full_name="Aaron Abbott", organisation="X", bio="Fiscal federalism.")
    ProfileFactory(full_name="Zoe Fiscal", organisation="Y", bio="")
    assert search("fiscal") == ["Zoe Fiscal", "Aaron Abbott", "Jose Garcia"]


def test_a_search_costs_the_same_number_of_queries_at_any_size(member_client, member):
    def cold_query_count(params):
        cache.clear()  # the paginator caches totals; compare requests that both count
        with CaptureQueriesContext(connection) as queries:
            response = member_client.get(DIRECTORY, params)
        assert response.status_code == 200
        return len(queries)

    searches = [{"q": "bulk"}, {"q": "bulk member 0000"}, {"q": "zzqx"}, {"q": "&&&"}]
    bulk_create_members(5, bio="Fiscal decentralisation.")
    small = [cold_query_count(params) for params in searches]
    bulk_create_members(300, bio="Fiscal decentralisation.")
    large = [cold_query_count(params) for params in searches]
    assert small == large


def test_paging_through_a_search_keeps_name_matches_first_without_gaps_or_repeats(
    member_client, member
):
    Profile.objects.filter(user=member).update(listed_in_directory=False)
    in_organisation = bulk_create_members(30, organisation="Ukulele Council", bio="")
    in_bio = bulk_create_members(30, organisation="Other", bio="Plays the ukulele.")
    bulk_create_members(5, organisation="Ukulele Club", country="FR")  # filtered out below

    listed = []
    for page in (1, 2, 3):
        response = member_client.get(DIRECTORY, {"q": "ukule", "country": "KE", "page": page})
        assert response.status_code == 200
        listed += [profile.pk for profile in response.context["profiles"]]
    # Both groups share their names, so ties are broken by id within each group.
    assert listed == [p.pk for p in in_organisation] + [p.pk for p in in_bio]


def test_a_page_of_results_reads_the_document_index_only_for_non_name_matches():
    page = Profile.objects.for_directory().search("ukulele")[24:48]
    sql = str(page.query)
    assert "UNION ALL" in sql
    assert sql.count("search_document") == 1
    assert sql.count("LIMIT 48") == 2  # each group is cut at the page's end


def test_a_slice_of_search_results_can_be_counted_as_a_capped_paginator_would(member):
    in_organisation = bulk_create_members(30, organisation="Ukulele Council", bio="")
    bulk_create_members(10, organisation="Other", bio="Plays the ukulele.")
    results = Profile.objects.for_directory().search("ukulele")

    assert results[:1001].count() == len(results[:1001]) == 40
    assert results[:25].count() == len(results[:25]) == 25
    assert results[24:48].count() == len(results[24:48]) == 16
    assert results[50:60].count() == len(results[50:60]) == 0
    assert [p.pk for p in results[:30]] == [p.pk for p in in_organisation]
