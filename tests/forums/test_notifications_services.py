import re
import threading
from datetime import timedelta
from smtplib import SMTPException

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from forums import notifications, tasks
from forums.models import (
    MemberSettings,
    Notification,
    NotificationFrequency,
    Post,
    Watch,
)
from tests.forums.factories import CategoryFactory, PostFactory, TopicFactory
from tests.members.factories import MemberFactory, StaffFactory
from tests.working_groups.factories import MembershipFactory, WorkingGroupFactory

pytestmark = [
    pytest.mark.django_db,
    # TEMPORARY: the forum pages' URLs (forums:topic) arrive with the other branch.
]

Reason = Notification.Reason


@pytest.fixture
def post_in(django_capture_on_commit_callbacks):
    """Adds a post as the posting services will: the row, then post_created, then commit."""

    def add(topic, *, author=None, source="I agree.", **fields) -> Post:
        with django_capture_on_commit_callbacks(execute=True):
            post = PostFactory(
                topic=topic,
                author=author or MemberFactory(),
                source=source,
                html=f"<p>{source}</p>",
                **fields,
            )
            notifications.post_created(post=post)
        return post

    return add


def notified(post) -> dict:
    return dict(Notification.objects.filter(post=post).values_list("user_id", "reason"))


def watch(user, *, topic=None, category=None, muted=False) -> Watch:
    return Watch.objects.create(user=user, topic=topic, category=category, muted=muted)


def make_due(user=None) -> None:
    """As if the interval had passed since the waiting notifications were made."""
    earlier = timezone.now() - notifications.notification_interval() - timedelta(seconds=1)
    waiting = Notification.objects.filter(sent_at__isnull=True)
    if user:
        waiting = waiting.filter(user=user)
    waiting.update(created_at=earlier)


@pytest.fixture
def private_topic():
    group = WorkingGroupFactory()
    category = CategoryFactory(group=group, private=True)
    return TopicFactory(category=category)


# --- Watching and who is told ----------------------------------------------------------------


def test_replying_watches_the_author_into_the_topic(post_in):
    topic = TopicFactory()
    author = MemberFactory()
    post_in(topic, author=author)
    assert Watch.objects.get(user=author, topic=topic).muted is False


def test_a_muted_topic_stays_muted_when_its_member_replies(post_in):
    topic = TopicFactory()
    author = MemberFactory()
    watch(author, topic=topic, muted=True)
    post_in(topic, author=author)
    assert Watch.objects.get(user=author, topic=topic).muted is True


def test_topic_watchers_hear_of_a_reply_and_the_author_does_not(post_in):
    topic = TopicFactory()
    watcher, author = MemberFactory(), MemberFactory()
    watch(watcher, topic=topic)
    watch(author, topic=topic)
    post = post_in(topic, author=author)
    assert notified(post) == {watcher.pk: Reason.REPLY}


def test_category_watchers_hear_of_new_topics_not_of_replies(post_in):
    category = CategoryFactory()
    watcher = MemberFactory()
    watch(watcher, category=category)
    topic = TopicFactory(category=category)
    opening = post_in(topic)
    reply = post_in(topic)
    assert notified(opening) == {watcher.pk: Reason.NEW_TOPIC}
    # Only the topic's starter, watched into it, hears of the reply.
    assert notified(reply) == {topic.posts.get(number=1).author_id: Reason.REPLY}


def test_a_mention_tells_a_member_who_may_read_and_outranks_watching(post_in):
    topic = TopicFactory()
    amina = MemberFactory(profile__full_name="Amina Diallo")
    kofi = MemberFactory(profile__full_name="Kofi Mensah")
    watch(kofi, topic=topic)
    post = post_in(topic, source="@Amina Diallo and @Kofi Mensah, what do you think?")
    assert notified(post) == {amina.pk: Reason.MENTION, kofi.pk: Reason.MENTION}


def test_mentioning_oneself_tells_nobody(post_in):
    author = MemberFactory(profile__full_name="Amina Diallo")
    post = post_in(TopicFactory(), author=author, source="As I, @Amina Diallo, said")
    assert notified(post) == {}


def test_a_mention_in_a_private_group_tells_only_those_who_may_read_it(post_in, private_topic):
    group = private_topic.category.group
    MemberFactory(profile__full_name="Outside Person")
    insider = MemberFactory(profile__full_name="Inside Person")
    staff = StaffFactory(profile__full_name="Staff Person")
    MembershipFactory(group=group, user=insider)
    post = post_in(private_topic, source="@Outside Person @Inside Person @Staff Person have a look")
    assert notified(post) == {insider.pk: Reason.MENTION, staff.pk: Reason.MENTION}


def test_watchers_who_left_a_private_group_hear_nothing(post_in, private_topic):
    former = MemberFactory()
    watch(former, topic=private_topic)
    watch(former, category=private_topic.category)
    post = post_in(private_topic)
    assert notified(post) == {}


def test_a_hidden_post_or_topic_tells_nobody(post_in):
    topic = TopicFactory()
    watcher = MemberFactory(profile__full_name="Amina Diallo")
    watch(watcher, topic=topic)
    assert notified(post_in(topic, hidden=True, source="@Amina Diallo")) == {}
    topic.hidden = True
    topic.save()
    assert notified(post_in(topic, source="@Amina Diallo")) == {}


def test_a_muted_topic_is_silent_even_for_mentions(post_in):
    topic = TopicFactory()
    amina = MemberFactory(profile__full_name="Amina Diallo")
    watch(amina, topic=topic, muted=True)
    assert notified(post_in(topic, source="@Amina Diallo")) == {}


def test_muting_another_topic_does_not_silence_this_one(post_in):
    topic = TopicFactory()
    watcher = MemberFactory()
    watch(watcher, topic=TopicFactory(), muted=True)
    watch(watcher, topic=topic)
    assert watcher.pk in notified(post_in(topic))


def test_members_who_chose_no_email_are_not_recorded(post_in):
    topic = TopicFactory()
    quiet = MemberFactory()
    MemberSettings.objects.create(user=quiet, frequency=NotificationFrequency.NONE)
    watch(quiet, topic=topic)
    assert notified(post_in(topic)) == {}


def test_a_post_notifies_each_member_once(post_in):
    topic = TopicFactory()
    watcher = MemberFactory()
    watch(watcher, topic=topic)
    post = post_in(topic)
    notifications.post_created(post=post)
    assert Notification.objects.filter(post=post).count() == 1


@pytest.mark.parametrize("watchers", [2, 20])
def test_post_created_asks_the_same_queries_however_many_watch(watchers, django_assert_num_queries):
    topic = TopicFactory()
    for _ in range(watchers):
        watch(MemberFactory(), topic=topic)
    post = PostFactory(topic=topic, source="@Nobody Here hello")
    with django_assert_num_queries(9):
        notifications.post_created(post=post)
    assert Notification.objects.filter(post=post).count() == watchers


# --- Delivery: one email per member per interval --------------------------------------------


def test_a_reply_is_not_emailed_before_the_interval_has_passed(post_in):
    topic = TopicFactory()
    watcher = MemberFactory()
    watch(watcher, topic=topic)
    post_in(topic)
    # The task enqueued after commit ran at once (eager), found nothing due, and sent nothing.
    assert mail.outbox == []
    assert notifications.deliver_notifications(user_id=watcher.pk) is False


def test_ten_replies_within_an_interval_make_one_email(post_in, settings):
    settings.SITE_URL = "https://portal.example"
    topic = TopicFactory(title="Property tax in secondary cities")
    watcher = MemberFactory()
    watch(watcher, topic=topic)
    posts = [post_in(topic, source=f"Reply number {i}") for i in range(10)]
    make_due()

    assert notifications.deliver_notifications(user_id=watcher.pk) is True
    assert notifications.deliver_notifications(user_id=watcher.pk) is False

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [watcher.email]
    assert message.subject == "[LPSA] 10 new posts in “Property tax in secondary cities”"
    for post in posts:
        assert f"https://portal.example{post.get_absolute_url()}" in message.body
    assert not Notification.objects.filter(user=watcher, sent_at__isnull=True).exists()
    assert MemberSettings.objects.get(user=watcher).last_emailed_at is not None


def test_no_second_email_within_an_interval_of_the_last(post_in):
    topic = TopicFactory()
    watcher = MemberFactory()
    watch(watcher, topic=topic)
    post_in(topic)
    make_due()
    assert notifications.deliver_notifications(user_id=watcher.pk) is True
    post_in(topic)
    make_due()  # the new one waited long enough, but the last email is too recent
    assert notifications.deliver_notifications(user_id=watcher.pk) is False
    MemberSettings.objects.update(last_emailed_at=timezone.now() - timedelta(hours=1))
    assert notifications.deliver_notifications(user_id=watcher.pk) is True
    assert len(mail.outbox) == 2


def test_one_email_covers_every_topic_with_a_link_to_each_post(post_in, settings):
    settings.SITE_URL = "https://portal.example"
    first, second = TopicFactory(), TopicFactory()
    watcher = MemberFactory()
    watch(watcher, topic=first)
    watch(watcher, topic=second)
    posts = [post_in(first), post_in(second), post_in(first)]
    make_due()
    notifications.deliver_notifications(user_id=watcher.pk)

    (message,) = mail.outbox
    html = message.alternatives[0][0]
    for post in posts:
        url = f"https://portal.example{post.get_absolute_url()}"
        assert url in message.body
        assert url in html
    assert message.subject == "[LPSA] 3 new forum posts in 2 topics"


def test_the_email_carries_one_click_unsubscribe_and_per_topic_links(post_in, settings):
    settings.SITE_URL = "https://portal.example"
    topic = TopicFactory()
    watcher = MemberFactory()
    watch(watcher, topic=topic)
    post_in(topic)
    make_due()
    notifications.deliver_notifications(user_id=watcher.pk)

    (message,) = mail.outbox
    header = message.extra_headers["List-Unsubscribe"]
    assert re.fullmatch(r"<https://portal\.example/forums/notifications/unsubscribe/.+/>", header)
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    stop_all = notifications.read_unsubscribe_token(header.strip("<>").split("/")[-2])
    assert stop_all.user == watcher and stop_all.everything
    topic_links = re.findall(
        r"https://portal\.example/forums/notifications/unsubscribe/([^/]+)/", message.body
    )
    targets = [notifications.read_unsubscribe_token(token) for token in topic_links]
    assert any(target.topic == topic and target.user == watcher for target in targets)
    assert "https://portal.example/forums/notifications/" in message.body


def test_a_new_topic_email_offers_to_stop_the_category(post_in):
    category = CategoryFactory(name="Fiscal transfers")
    watcher = MemberFactory()
    watch(watcher, category=category)
    post_in(TopicFactory(category=category))
    make_due()
    notifications.deliver_notifications(user_id=watcher.pk)
    assert "Stop emails about new topics in Fiscal transfers" in mail.outbox[0].body


def test_a_post_hidden_before_sending_is_never_sent(post_in):
    topic = TopicFactory()
    watcher = MemberFactory()
    watch(watcher, topic=topic)
    post = post_in(topic)
    Post.objects.filter(pk=post.pk).update(hidden=True)
    make_due()
    assert notifications.deliver_notifications(user_id=watcher.pk) is False
    assert mail.outbox == []
    assert not Notification.objects.filter(post=post).exists()


def test_a_member_who_left_the_group_before_sending_is_not_sent(post_in, private_topic):
    insider = MemberFactory()
    membership = MembershipFactory(group=private_topic.category.group, user=insider)
    watch(insider, topic=private_topic)
    post_in(private_topic)
    membership.delete()
    make_due()
    assert notifications.deliver_notifications(user_id=insider.pk) is False
    assert mail.outbox == []


def test_a_failed_send_stamps_nothing_so_the_retry_sends_it(post_in, monkeypatch):
    topic = TopicFactory()
    watcher = MemberFactory()
    watch(watcher, topic=topic)
    post_in(topic)
    make_due()

    def refuse(self, *args, **kwargs):
        raise SMTPException("try later")

    with monkeypatch.context() as patch:
        patch.setattr("django.core.mail.EmailMessage.send", refuse)
        with pytest.raises(SMTPException):
            notifications.deliver_notifications(user_id=watcher.pk)
    assert Notification.objects.filter(user=watcher, sent_at__isnull=True).count() == 1
    assert MemberSettings.objects.get(user=watcher).last_emailed_at is None
    assert notifications.deliver_notifications(user_id=watcher.pk) is True


def test_an_unknown_member_id_sends_nothing():
    assert notifications.deliver_notifications(user_id=10**9) is False


# --- Frequencies ----------------------------------------------------------------------------


def test_daily_members_get_one_digest_a_day_and_no_immediate_email(post_in):
    topic = TopicFactory()
    daily = MemberFactory()
    MemberSettings.objects.create(user=daily, frequency=NotificationFrequency.DAILY)
    watch(daily, topic=topic)
    author = MemberFactory()
    post_in(topic, author=author)
    post_in(topic, author=author)
    make_due()
    assert notifications.deliver_notifications(user_id=daily.pk) is False
    assert notifications.enqueue_due_notifications() == 0

    # The member has no time zone: their morning is 06:00 UTC.
    morning = timezone.now().replace(hour=notifications.DIGEST_LOCAL_HOUR, minute=5)
    assert notifications.enqueue_daily_digests(now=morning) == 1  # eager: the digest task ran
    (digest,) = mail.outbox
    assert digest.subject == "[LPSA] Your daily forum digest: 2 new posts"
    post_in(topic, author=author)
    later = morning + timedelta(minutes=15)
    assert notifications.enqueue_daily_digests(now=later) == 0
    assert notifications.deliver_digest(user_id=daily.pk, now=later) is False
    assert len(mail.outbox) == 1  # not twice in one day

    MemberSettings.objects.update(last_emailed_at=morning)
    next_morning = morning + timedelta(days=1)
    assert list(notifications.digest_user_ids(now=next_morning)) == [daily.pk]
    assert notifications.deliver_digest(user_id=daily.pk, now=next_morning) is True
    assert len(mail.outbox) == 2


def test_choosing_no_email_drops_what_waits(post_in):
    topic = TopicFactory()
    watcher = MemberFactory()
    watch(watcher, topic=topic)
    post_in(topic)
    notifications.set_notification_frequency(user=watcher, frequency=NotificationFrequency.NONE)
    assert not Notification.objects.filter(user=watcher).exists()


def test_the_sweep_sends_to_due_members_only(post_in):
    topic = TopicFactory()
    due, fresh, author = MemberFactory(), MemberFactory(), MemberFactory()
    watch(due, topic=topic)
    post_in(topic, author=author)
    make_due(due)
    watch(fresh, topic=topic)
    post_in(topic, author=author)
    assert list(notifications.due_user_ids()) == [due.pk]
    tasks.send_due_notifications()  # eager: the delivery ran
    assert [message.to for message in mail.outbox] == [[due.email]]


# --- Unsubscribe tokens ----------------------------------------------------------------------


def test_a_forged_or_altered_token_is_refused():
    member = MemberFactory()
    token = notifications.unsubscribe_token(user_id=member.pk)
    for bad in ("nonsense", token[:-2] + "xx", token.replace(token[0], "Z", 1) + "0"):
        with pytest.raises(notifications.InvalidUnsubscribeToken):
            notifications.read_unsubscribe_token(bad)


def test_unsubscribing_from_a_topic_mutes_it_and_drops_what_waits(post_in):
    topic = TopicFactory()
    watcher = MemberFactory()
    watch(watcher, topic=topic)
    post_in(topic)
    token = notifications.unsubscribe_token(user_id=watcher.pk, topic=topic)
    notifications.unsubscribe(target=notifications.read_unsubscribe_token(token))
    assert Watch.objects.get(user=watcher, topic=topic).muted
    assert not Notification.objects.filter(user=watcher).exists()


# --- Concurrent workers -------------------------------------------------------------------------


# serialized_rollback: the flush after a transactional test would wipe the taxonomy rows that
# migrations load, which later tests need.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_delivering_at_once_send_one_email(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    topic = TopicFactory()
    watcher = MemberFactory()
    watch(watcher, topic=topic)
    post = PostFactory(topic=topic)
    notifications.post_created(post=post)
    make_due()
    MemberSettings.objects.get_or_create(user=watcher)

    # The first sender holds the row while it talks to SMTP; the second must wait, then find
    # nothing left.
    sending = threading.Event()
    release = threading.Event()
    original_send = __import__("django.core.mail", fromlist=["EmailMessage"]).EmailMessage.send

    def slow_send(self, *args, **kwargs):
        sending.set()
        release.wait(5)
        return original_send(self, *args, **kwargs)

    monkeypatch.setattr("django.core.mail.EmailMessage.send", slow_send)
    results = []

    def deliver():
        try:
            results.append(notifications.deliver_notifications(user_id=watcher.pk))
        finally:
            connection.close()

    first = threading.Thread(target=deliver)
    first.start()
    assert sending.wait(5)
    second = threading.Thread(target=deliver)
    second.start()
    second.join(0.5)
    assert second.is_alive(), "the second delivery should wait for the row lock"
    release.set()
    first.join(5)
    second.join(5)
    assert sorted(results) == [False, True]
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("topics", [1, 12])
def test_an_email_costs_the_same_queries_however_many_posts_it_holds(
    topics, django_assert_num_queries
):
    watcher = MemberFactory()
    MemberSettings.objects.create(user=watcher)
    for _ in range(topics):
        topic = TopicFactory()
        watch(watcher, topic=topic)
        for _ in range(3):
            notifications.post_created(post=PostFactory(topic=topic))
    make_due()
    # The same count at both sizes; one of them reads the recipient's group roles, which the
    # forums' scopes share.
    with django_assert_num_queries(10):
        assert notifications.deliver_notifications(user_id=watcher.pk) is True
    assert len(mail.outbox) == 1
