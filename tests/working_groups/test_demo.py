import pytest
from django.core.management import call_command
from django.db.models import Count

from lpsa.demo_logins import DEMO_MEMBER
from working_groups import demo
from working_groups.models import Membership, WorkingGroup


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_seed_makes_the_alliances_eleven_groups_led_by_two_to_four_co_chairs(db):
    call_command("seed_demo", members=120, verbosity=0, stdout=None)

    groups = WorkingGroup.objects.annotate(memberships_counted=Count("memberships"))
    assert sorted(g.name for g in groups if g.kind == WorkingGroup.Kind.REGIONAL) == [
        "Africa",
        "Asia",
        "Europe and Central Asia",
        "Latin America and the Caribbean",
        "Middle East and North Africa",
    ]
    assert len([g for g in groups if g.kind == WorkingGroup.Kind.THEMATIC]) == 6
    for group in groups:
        assert 2 <= group.memberships.co_chairs().count() <= 4, group.name
        assert group.member_count > group.memberships.co_chairs().count(), group.name
        # The seeding's bulk writes leave the stored count right.
        assert group.member_count == group.memberships_counted, group.name
        assert group.description and group.welcome_message
        assert group.image.name.startswith(f"working_groups/{group.slug}-")
    assert Membership.objects.filter(
        group__slug=demo.DEMO_MEMBER_GROUP, user__email=DEMO_MEMBER.email
    ).exists()
    # Seeded members joined long ago: nobody is mailed a welcome for demo content.
    assert not Membership.objects.filter(welcome_sent_at__isnull=False).exists()


def test_seed_is_idempotent_and_grows_with_the_members_keeping_the_first(db):
    call_command("seed_demo", members=60, verbosity=0)
    first = set(Membership.objects.values_list("group__slug", "user__email", "role"))

    call_command("seed_demo", members=60, verbosity=0)
    assert set(Membership.objects.values_list("group__slug", "user__email", "role")) == first

    call_command("seed_demo", members=120, verbosity=0)
    assert first < set(Membership.objects.values_list("group__slug", "user__email", "role"))
