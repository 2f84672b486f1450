"""The stored member count that lists and group pages show, kept in step with memberships."""

import threading

import pytest
from django.db import connection, transaction

from tests.members.factories import MemberFactory
from tests.working_groups.factories import CoChairFactory, MembershipFactory, WorkingGroupFactory
from working_groups import services
from working_groups.models import JoinRequest, Membership, WorkingGroup


def stored_count(group) -> int:
    return WorkingGroup.objects.values_list("member_count", flat=True).get(pk=group.pk)


def test_joining_and_leaving_move_the_count(run_on_commit):
    group = WorkingGroupFactory()
    CoChairFactory(group=group)
    first, second = MemberFactory(), MemberFactory()

    with run_on_commit():
        services.join_working_group(group=group, user=first)
        services.join_working_group(group=group, user=second)
    assert stored_count(group) == 3

    services.leave_working_group(group=group, user=first)
    assert stored_count(group) == 2


def test_an_approved_request_counts_and_a_refused_one_does_not(run_on_commit):
    group = WorkingGroupFactory(join_policy=WorkingGroup.JoinPolicy.REQUEST)
    chair = CoChairFactory(group=group).user
    with run_on_commit():
        approved = services.request_to_join(group=group, user=MemberFactory(), message="")
        refused = services.request_to_join(group=group, user=MemberFactory(), message="")
        services.approve_join_request(join_request=approved, decided_by=chair)
        services.refuse_join_request(join_request=refused, decided_by=chair)

    assert JoinRequest.objects.filter(status=JoinRequest.Status.PENDING).count() == 0
    assert stored_count(group) == 2


def test_a_deleted_account_leaves_every_group_it_was_in():
    groups = [WorkingGroupFactory(), WorkingGroupFactory()]
    leaving = MemberFactory()
    for group in groups:
        MembershipFactory(group=group, user=leaving)
        MembershipFactory(group=group)

    leaving.delete()

    assert [stored_count(group) for group in groups] == [1, 1]


def test_a_role_change_does_not_count_the_member_twice():
    membership = MembershipFactory()
    membership.role = Membership.Role.CO_CHAIR
    membership.save()

    assert stored_count(membership.group) == 1


def test_recounting_repairs_a_count_left_wrong_by_bulk_writes():
    group = WorkingGroupFactory()
    Membership.objects.bulk_create(Membership(group=group, user=MemberFactory()) for _ in range(3))
    assert stored_count(group) == 0  # bulk_create sends no signal

    WorkingGroup.objects.recount_members()

    assert stored_count(group) == 3
    # and a count left too low never goes negative when members leave
    WorkingGroup.objects.filter(pk=group.pk).update(member_count=0)
    Membership.objects.filter(group=group).first().delete()
    assert stored_count(group) == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_members_joining_at_the_same_moment_are_all_counted():
    """Each join adds one to the row under its lock: a count read before another join's commit
    and written back after it would lose that join."""
    group = WorkingGroupFactory()
    joiners = [MemberFactory() for _ in range(4)]
    barrier = threading.Barrier(len(joiners))
    errors = []

    def join(user):
        try:
            with transaction.atomic():
                # Every transaction has begun (and could have read the count) before any joins.
                WorkingGroup.objects.get(pk=group.pk)
                barrier.wait(timeout=10)
                Membership.objects.create(group=group, user=user)
        except Exception as exc:  # reported below, with the test's failure
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=join, args=(user,)) for user in joiners]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert stored_count(group) == 4
