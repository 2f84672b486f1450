import pytest
from django.urls import reverse

from members.directory_cache import bump_directory_version
from members.models import Profile
from tests.members.conftest import bulk_create_members
from working_groups.models import Membership, WorkingGroup


def group_url(group, name: str = "detail", **kwargs) -> str:
    return reverse(f"working_groups:{name}", kwargs={"slug": group.slug, **kwargs})


def add_members(group, count: int, **profile_fields) -> list:
    """`count` listed members of `group`, in a handful of queries."""
    profiles = bulk_create_members(count, **profile_fields)
    Membership.objects.bulk_create(Membership(group=group, user_id=p.user_id) for p in profiles)
    # bulk_create sends no signals: the stored count and the pages' version are moved here, as
    # the demo seeding does.
    WorkingGroup.objects.filter(pk=group.pk).recount_members()
    bump_directory_version()
    return list(Profile.objects.filter(pk__in=[p.pk for p in profiles]))


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Runs the callbacks a block registers with on_commit (the tasks it enqueues), eagerly."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture(autouse=True)
def _database(db):
    """Every test here reads or writes groups."""


@pytest.fixture
def admin_client(staff_client, staff):
    """Staff who may add and change groups (the portal's staff are superusers)."""
    staff.is_superuser = True
    staff.save(update_fields=["is_superuser"])
    return staff_client


def admin_form(**fields) -> dict:
    """What the admin's group form posts, with its empty memberships inline."""
    return {
        "name": "Urban",
        "slug": "urban",
        "kind": WorkingGroup.Kind.THEMATIC,
        "join_policy": WorkingGroup.JoinPolicy.OPEN,
        "visibility": WorkingGroup.Visibility.PUBLIC,
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        **fields,
    }
