import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forums.mentions import MAX_MENTIONS, mention_candidates, mentioned_user_ids
from members.models import Profile
from tests.members.factories import MemberFactory, unconfirmed_profile


def first_names(text: str) -> list[str]:
    return [names[-1] for names in mention_candidates(text)]


def test_candidates_run_from_the_longest_to_a_single_word():
    assert mention_candidates("Thanks @Amina Diallo, see you") == [
        ["amina diallo, see you", "amina diallo, see", "amina diallo,", "amina diallo", "amina"]
    ]


def test_trailing_punctuation_is_not_part_of_a_name():
    assert "amina diallo" in mention_candidates("Over to you, @Amina Diallo.")[0]
    assert mention_candidates("(@Kofi)")[0] == ["kofi)", "kofi"]


def test_an_email_address_is_not_a_mention():
    assert mention_candidates("Write to amina@example.org or x.y@example.org") == []


def test_an_at_sign_alone_or_before_punctuation_is_not_a_mention():
    assert mention_candidates("Meet @ 10:00, or @!") == []


def test_code_and_quoted_lines_mention_nobody():
    text = (
        "```\n@Code Block\n```\n"
        "> @Quoted Person wrote this\n"
        "Use `@inline code` here, but @Real Person counts."
    )
    assert first_names(text) == ["real"]


def test_a_name_stops_at_the_end_of_its_line():
    assert mention_candidates("@Amina\nDiallo") == [["amina"]]


def test_a_name_is_at_most_six_words():
    assert mention_candidates("@a b c d e f g h")[0][0] == "a b c d e f"


def test_the_number_of_at_signs_read_is_bounded():
    assert len(mention_candidates(" ".join(f"@n{i}" for i in range(500)))) == 50


@pytest.mark.django_db
def test_a_mention_finds_a_listed_member_by_full_name_in_any_case():
    amina = MemberFactory(profile__full_name="Amina Diallo")
    assert mentioned_user_ids("Thanks @amina DIALLO!") == [amina.pk]


@pytest.mark.django_db
def test_the_longest_matching_name_wins():
    MemberFactory(profile__full_name="Amina")
    amina_diallo = MemberFactory(profile__full_name="Amina Diallo")
    assert mentioned_user_ids("@Amina Diallo what do you think?") == [amina_diallo.pk]


@pytest.mark.django_db
def test_members_who_share_a_name_are_both_mentioned():
    first = MemberFactory(profile__full_name="Kofi Mensah")
    second = MemberFactory(profile__full_name="Kofi Mensah")
    assert sorted(mentioned_user_ids("@Kofi Mensah")) == sorted([first.pk, second.pk])


@pytest.mark.django_db
def test_unlisted_and_unconfirmed_members_cannot_be_mentioned():
    MemberFactory(profile__full_name="Hidden Person", profile__listed_in_directory=False)
    unconfirmed_profile(full_name="Unconfirmed Person")
    assert mentioned_user_ids("@Hidden Person and @Unconfirmed Person") == []


@pytest.mark.django_db
def test_text_without_a_mention_costs_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert mentioned_user_ids("No one here; mail me at a@example.org") == []


@pytest.mark.django_db
def test_a_post_mentions_at_most_ten_names_in_one_query(django_assert_num_queries):
    members = [MemberFactory(profile__full_name=f"Member Number{i}") for i in range(15)]
    text = " ".join(f"@Member Number{i}" for i in range(15))
    with django_assert_num_queries(1):
        found = mentioned_user_ids(text)
    assert found == [member.pk for member in members[:MAX_MENTIONS]]


@pytest.mark.django_db
def test_a_name_mentioned_twice_counts_once():
    amina = MemberFactory(profile__full_name="Amina Diallo")
    assert mentioned_user_ids("@Amina Diallo and again @Amina Diallo") == [amina.pk]
    assert Profile.objects.count() == 1


def test_the_mention_lookup_reads_the_lowercased_name_index(db):
    """The lookup's expression and the index's (members/0013) must stay the same one: a
    lookup on another expression would read every profile at 100,000 members."""
    if connection.vendor != "postgresql":
        pytest.skip("the query plan is PostgreSQL's")
    amina = MemberFactory(profile__full_name="Amina Diallo")
    for number in range(50):
        MemberFactory(profile__full_name=f"Member {number}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE members_profile")
        # At test sizes reading the whole table is cheaper, so the planner is told to avoid
        # it: the index then shows up only if it matches the lookup's expression.
        cursor.execute("SET LOCAL enable_seqscan = off")
    with CaptureQueriesContext(connection) as queries:
        assert mentioned_user_ids("Thanks @Amina Diallo, see you") == [amina.pk]
    (lookup,) = queries.captured_queries
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {lookup['sql']}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "members_profile_lower_name" in plan, plan
