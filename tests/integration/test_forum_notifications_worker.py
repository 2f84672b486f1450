"""Forum notifications end to end: post_created → on_commit → Redis → Celery worker → SMTP.

The interval is a few seconds here (the worker reads FORUM_NOTIFICATION_INTERVAL from its
environment, this process from its settings) so a burst of replies and the quiet after it fit
in a test.
"""

import time

import pytest
from django.conf import settings as django_settings
from django.db import transaction

from forums import notifications
from forums.models import MemberSettings, Notification, NotificationFrequency, Watch
from forums.tasks import send_daily_digests
from tests.forums.factories import CategoryFactory, PostFactory, TopicFactory
from tests.forums.test_notifications_digest_hour import zones_in_and_out_of_the_digest_hour_now
from tests.integration.conftest import wait_until
from tests.members.factories import MemberFactory
from tests.working_groups.factories import MembershipFactory, WorkingGroupFactory

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

INTERVAL = 4


@pytest.fixture
def worker(request, monkeypatch, settings):
    """The shared real worker (tests/integration/conftest.py), started with a short interval."""
    # The worker reads the interval from its environment; this process, which schedules the
    # delivery one interval ahead, from settings.
    monkeypatch.setenv("FORUM_NOTIFICATION_INTERVAL", str(INTERVAL))
    settings.FORUM_NOTIFICATION_INTERVAL = INTERVAL
    return request.getfixturevalue("celery_worker_process")


def reply(topic, *, author, source="I agree with the point on transfers."):
    """A post as the posting services add one: its own transaction, post_created inside."""
    with transaction.atomic():
        post = PostFactory(topic=topic, author=author, source=source, html=f"<p>{source}</p>")
        notifications.post_created(post=post)
    return post


def mails_to(smtp_server, user):
    return [mail for mail in smtp_server.received if mail.rcpt_tos == [user.email]]


def test_ten_replies_within_an_interval_give_each_watcher_one_email(worker, smtp_server):
    topic = TopicFactory(title="Own-source revenue in secondary cities")
    watchers = [MemberFactory(), MemberFactory()]
    for watcher in watchers:
        Watch.objects.create(user=watcher, topic=topic)
    author = MemberFactory()

    started = time.monotonic()
    posts = [
        reply(topic, author=author, source=f"Reply {i}: our council did this.") for i in range(10)
    ]
    assert time.monotonic() - started < INTERVAL, "the replies must fit in one interval"

    for watcher in watchers:
        smtp_server.wait_for(
            lambda mail, w=watcher: mail.rcpt_tos == [w.email], diagnostics=worker.log_tail
        )
    # Another interval and more: still one email each, holding all ten posts.
    time.sleep(INTERVAL + 2)
    for watcher in watchers:
        (mail,) = mails_to(smtp_server, watcher)
        # Python folds a long encoded subject onto a continuation line: hence the strip().
        assert mail.message["Subject"].strip() == (
            "[LPSA] 10 new posts in “Own-source revenue in secondary cities”"
        )
        assert mail.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        text = mail.text()
        for post in posts:
            assert f"{django_settings.SITE_URL}{post.get_absolute_url()}" in text
    assert mails_to(smtp_server, author) == []
    assert not Notification.objects.filter(sent_at__isnull=True).exists()


def test_a_mention_of_a_member_who_may_not_read_the_topic_sends_them_nothing(worker, smtp_server):
    group = WorkingGroupFactory()
    topic = TopicFactory(category=CategoryFactory(group=group, private=True))
    insider, author = MemberFactory(), MemberFactory()
    outsider = MemberFactory(profile__full_name="Outside Person")
    for member in (insider, author):
        MembershipFactory(group=group, user=member)
    Watch.objects.create(user=insider, topic=topic)

    reply(topic, author=author, source="@Outside Person, what would you do here?")

    # The group member's email shows the worker has done its round; nothing went to the other.
    smtp_server.wait_for(lambda mail: mail.rcpt_tos == [insider.email], diagnostics=worker.log_tail)
    time.sleep(1)
    assert mails_to(smtp_server, outsider) == []
    assert not any(outsider.email.encode() in mail.raw for mail in smtp_server.received)
    assert not Notification.objects.filter(user=outsider).exists()


def test_a_daily_digest_member_gets_one_digest(worker, smtp_server):
    topic = TopicFactory(title="Localizing the SDGs")
    # A member whose morning it is now, wherever that is.
    morning, _evening = zones_in_and_out_of_the_digest_hour_now()
    daily = MemberFactory(profile__time_zone=morning)
    MemberSettings.objects.create(user=daily, frequency=NotificationFrequency.DAILY)
    Watch.objects.create(user=daily, topic=topic)
    author = MemberFactory()
    for i in range(3):
        reply(topic, author=author, source=f"Point {i} on SDG localization.")

    # The beat job, run on the worker as beat would run it every 15 minutes; twice, as a beat
    # restarting might.
    send_daily_digests.delay()
    digest = smtp_server.wait_for(
        lambda mail: mail.rcpt_tos == [daily.email], diagnostics=worker.log_tail
    )
    send_daily_digests.delay()
    assert digest.message["Subject"].strip() == "[LPSA] Your daily forum digest: 3 new posts"
    wait_until(
        lambda: not Notification.objects.filter(user=daily, sent_at__isnull=True).exists(),
        what="the digest's notifications to be stamped",
        diagnostics=worker.log_tail,
    )
    time.sleep(INTERVAL + 1)
    assert len(mails_to(smtp_server, daily)) == 1
