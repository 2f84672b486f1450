import pytest
from django.core import mail
from django.urls import reverse

from tests.working_groups.conftest import add_members, group_url
from tests.working_groups.factories import CoChairFactory, MembershipFactory, WorkingGroupFactory
from working_groups import services
from working_groups.models import Announcement, AnnouncementDelivery
from working_groups.views import ANNOUNCEMENTS_PER_DAY


@pytest.fixture
def group(db):
    return WorkingGroupFactory(name="Urban")


@pytest.fixture
def chair(group):
    return CoChairFactory(group=group).user


@pytest.fixture
def chair_client(client, chair):
    client.force_login(chair)
    return client


def test_a_co_chair_emails_every_member_once_from_the_worker(
    chair_client, chair, group, run_on_commit
):
    members = add_members(group, 4)
    MembershipFactory()  # in another group: not a recipient

    with run_on_commit():
        response = chair_client.post(
            group_url(group, "announce"),
            {"subject": "Our June meeting", "body": "We meet on 12 June to discuss land value."},
        )

    assert response["Location"] == group_url(group, "manage")
    announcement = Announcement.objects.get()
    assert announcement.author == chair
    assert announcement.recipient_count == 5  # four members and the co-chair
    assert announcement.sent_at is not None
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [chair.email, *(p.user.email for p in members)]
    )
    assert all("[Urban] Our June meeting" in m.subject for m in mail.outbox)
    assert "land value" in mail.outbox[0].body


def test_nothing_is_sent_in_the_request(chair_client, group, django_capture_on_commit_callbacks):
    add_members(group, 2)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        chair_client.post(group_url(group, "announce"), {"subject": "S", "body": "B"})

    assert len(callbacks) == 1
    assert mail.outbox == []
    assert Announcement.objects.get().recipient_count is None


def test_a_retry_after_a_worker_died_midway_sends_only_the_rest(chair, group):
    members = add_members(group, 3)
    announcement = Announcement.objects.create(group=group, author=chair, subject="S", body="B")
    # The first run recorded the recipients and sent two emails before dying.
    services.deliver_announcement(announcement_id=announcement.pk)
    mail.outbox.clear()
    sent_to = [members[0].user_id, members[1].user_id]
    AnnouncementDelivery.objects.filter(announcement=announcement).exclude(
        user_id__in=sent_to
    ).update(sent_at=None)
    Announcement.objects.filter(pk=announcement.pk).update(sent_at=None)
    # Someone who joins meanwhile is not added to an announcement already under way.
    MembershipFactory(group=group)

    sent = services.deliver_announcement(announcement_id=announcement.pk)

    assert sent == 2  # the third member and the co-chair
    assert sorted(m.to[0] for m in mail.outbox) == sorted([members[2].user.email, chair.email])
    announcement.refresh_from_db()
    assert announcement.recipient_count == 4 and announcement.sent_at is not None
    assert services.deliver_announcement(announcement_id=announcement.pk) == 0


def test_members_who_are_not_co_chairs_cannot_announce(client, group):
    member = MembershipFactory(group=group).user
    client.force_login(member)

    response = client.post(group_url(group, "announce"), {"subject": "S", "body": "B"})

    assert response.status_code == 403
    assert not Announcement.objects.exists()


def test_announcements_are_rate_limited_and_keep_the_message(chair_client, group):
    for n in range(ANNOUNCEMENTS_PER_DAY):
        chair_client.post(group_url(group, "announce"), {"subject": f"S{n}", "body": "B"})

    response = chair_client.post(
        group_url(group, "announce"), {"subject": "One too many", "body": "Kept text"}
    )

    assert response.status_code == 429
    assert "Kept text" in response.content.decode()
    assert Announcement.objects.count() == ANNOUNCEMENTS_PER_DAY


def test_co_chairs_see_past_announcements_on_the_manage_page(chair_client, chair, group):
    add_members(group, 2)
    announcement = Announcement.objects.create(
        group=group, author=chair, subject="Call for case studies", body="B"
    )
    services.deliver_announcement(announcement_id=announcement.pk)

    content = chair_client.get(group_url(group, "manage")).content.decode()

    assert "Call for case studies" in content and "to 3 members" in content


def test_staff_see_in_the_admin_that_it_was_sent_and_to_how_many(staff_client, staff, chair, group):
    staff.is_superuser = True
    staff.save()
    add_members(group, 2)
    announcement = Announcement.objects.create(
        group=group, author=chair, subject="Call for case studies", body="B"
    )
    services.deliver_announcement(announcement_id=announcement.pk)

    changelist = staff_client.get(reverse("admin:working_groups_announcement_changelist"))
    change = staff_client.get(
        reverse("admin:working_groups_announcement_change", args=[announcement.pk])
    )

    assert "Call for case studies" in changelist.content.decode()
    assert changelist.status_code == change.status_code == 200
    assert "emails sent so far" in change.content.decode().lower()
