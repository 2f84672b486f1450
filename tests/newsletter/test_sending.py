"""The sending pipeline in-process: who is recorded, what each message carries, failures,
claims and the sweeper. (A real worker, Redis and kills: tests/integration/.)"""

import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from newsletter import rendering, sending, tokens
from newsletter.models import ConsentRecord, Delivery, Issue, Subscriber, Subscription
from newsletter.services import Provenance, unsubscribe
from tests.integration.conftest import smtp_server  # noqa: F401 (a fixture)
from tests.newsletter.factories import (
    IssueFactory,
    IssueSectionFactory,
    SubscriberFactory,
    SubscriptionFactory,
    events_list,
    newsletter_list,
    subscriptions,
)

pytestmark = pytest.mark.django_db

Status = Delivery.Status


@pytest.fixture
def subscribers():
    return [SubscriptionFactory() for _ in range(5)]


def start(issue: Issue, django_capture_on_commit_callbacks) -> None:
    """send_now, then the worker's first step, in this process."""
    with django_capture_on_commit_callbacks(execute=False):
        sending.send_now(issue=issue)
    with django_capture_on_commit_callbacks(execute=False):
        sending.prepare_issue(issue_id=issue.pk)
    issue.refresh_from_db()


def send_all(issue: Issue) -> None:
    """Batches until nothing is left to claim (what the chain of tasks does)."""
    while sending.send_batch(issue_id=issue.pk):
        pass
    sending.send_batch(issue_id=issue.pk)
    issue.refresh_from_db()


def test_only_active_subscriptions_are_recorded_as_deliveries(
    subscribers, django_capture_on_commit_callbacks
):
    mailing_list = newsletter_list()
    now = timezone.now()
    SubscriptionFactory(status=Subscription.Status.PENDING, subscribed_at=None)
    SubscriptionFactory(status=Subscription.Status.UNSUBSCRIBED)
    SubscriptionFactory(subscriber=SubscriberFactory(confirmed_at=None))
    SubscriptionFactory(subscriber=SubscriberFactory(suppressed_at=now))
    other_list = SubscriptionFactory(mailing_list=events_list())
    issue = IssueFactory(mailing_list=mailing_list)

    start(issue, django_capture_on_commit_callbacks)

    recorded = set(Delivery.objects.filter(issue=issue).values_list("subscription", flat=True))
    assert recorded == {subscription.pk for subscription in subscribers}
    assert other_list.pk not in recorded
    assert issue.recipient_count == len(subscribers)
    assert issue.status == Issue.Status.SENDING
    assert rendering.UNSUBSCRIBE_MARK in issue.html, "frozen with the marks left for each message"


def test_recording_twice_records_each_recipient_once(
    subscribers, django_capture_on_commit_callbacks
):
    issue = IssueFactory()
    start(issue, django_capture_on_commit_callbacks)
    Issue.objects.filter(pk=issue.pk).update(recipient_count=None)
    with django_capture_on_commit_callbacks(execute=False):
        sending.prepare_issue(issue_id=issue.pk)
    assert Delivery.objects.filter(issue=issue).count() == len(subscribers)


def test_each_message_carries_its_own_links_headers_and_both_versions(
    subscribers, django_capture_on_commit_callbacks, settings
):
    issue = IssueFactory(subject="Local finance, November")
    IssueSectionFactory(issue=issue, heading="Fiscal transfers compared")
    start(issue, django_capture_on_commit_callbacks)
    send_all(issue)

    assert issue.status == Issue.Status.SENT
    assert len(mail.outbox) == len(subscribers)
    for message in mail.outbox:
        (address,) = message.to
        delivery = Delivery.objects.get(issue=issue, email=address)
        subscriber = delivery.subscription.subscriber
        token = tokens.unsubscribe_token(subscriber_id=subscriber.pk, list_id=issue.mailing_list_id)
        unsubscribe_url = f"{settings.SITE_URL}/newsletter/unsubscribe/{token}/"
        manage_url = (
            f"{settings.SITE_URL}/newsletter/manage/"
            f"{tokens.manage_token(subscriber_id=subscriber.pk)}/"
        )
        headers = message.extra_headers
        assert headers["List-Unsubscribe"] == f"<{unsubscribe_url}>"
        assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert headers["Message-ID"] == delivery.message_id
        assert headers["List-Id"] == '"The LPSA newsletter" <lpsa-newsletter.lists.127.0.0.1>'
        html = message.alternatives[0][0]
        for body in (message.body, html):
            assert unsubscribe_url in body and manage_url in body
            assert rendering.UNSUBSCRIBE_MARK not in body
            assert "Fiscal transfers compared" in body
        assert message.subject == "[LPSA] Local finance, November"
    assert Delivery.objects.filter(issue=issue).figures()[Status.SENT] == len(subscribers)


def test_a_subscriber_who_leaves_after_the_snapshot_is_skipped(
    subscribers, django_capture_on_commit_callbacks
):
    issue = IssueFactory()
    start(issue, django_capture_on_commit_callbacks)
    leaving = subscribers[0].subscriber
    unsubscribe(
        subscriber=leaving,
        mailing_list=None,
        provenance=Provenance(method=ConsentRecord.Method.ONE_CLICK),
    )
    send_all(issue)

    assert leaving.email not in [message.to[0] for message in mail.outbox]
    assert len(mail.outbox) == len(subscribers) - 1
    skipped = Delivery.objects.get(issue=issue, email=leaving.email)
    assert skipped.status == Status.SKIPPED
    assert issue.status == Issue.Status.SENT


def test_sending_twice_is_refused(subscribers, django_capture_on_commit_callbacks):
    issue = IssueFactory()
    start(issue, django_capture_on_commit_callbacks)
    with pytest.raises(sending.NotSendable):
        sending.send_now(issue=issue)


@pytest.fixture
def real_smtp(settings, smtp_server):  # noqa: F811 (the fixture imported above)
    """This process sends to the local SMTP server, the guard checking in this thread."""
    settings.EMAIL_BACKEND = "tests.newsletter.guard.GuardedSmtpBackend"
    settings.EMAIL_HOST = smtp_server.host
    settings.EMAIL_PORT = smtp_server.port
    smtp_server.check_newsletter = False  # its thread cannot see this test's rows
    return smtp_server


def test_a_permanent_failure_is_recorded_and_three_in_a_row_suppress_the_address(
    real_smtp, subscribers, django_capture_on_commit_callbacks, settings
):
    settings.NEWSLETTER_SUPPRESS_AFTER = 3
    bouncing = SubscriptionFactory(subscriber=SubscriberFactory(email="gone@example.org"))
    real_smtp.refuse["gone@example.org"] = "550 5.1.1 No such user"

    for _ in range(3):
        issue = IssueFactory()
        start(issue, django_capture_on_commit_callbacks)
        send_all(issue)
        failed = Delivery.objects.get(issue=issue, subscription=bouncing)
        assert failed.status == Status.FAILED
        assert failed.error.startswith("550")
        assert issue.status == Issue.Status.SENT

    subscriber = Subscriber.objects.get(pk=bouncing.subscriber_id)
    assert subscriber.suppressed_at is not None
    assert "550" in subscriber.suppression_reason
    assert ConsentRecord.objects.filter(
        subscriber=subscriber, action=ConsentRecord.Action.SUPPRESSED
    ).exists()

    issue = IssueFactory()
    start(issue, django_capture_on_commit_callbacks)
    assert not Delivery.objects.filter(issue=issue, subscription=bouncing).exists()
    received = [rcpt for message in real_smtp.received for rcpt in message.rcpt_tos]
    assert received.count(subscribers[0].subscriber.email) == 3


def test_a_success_between_failures_starts_the_count_again(
    real_smtp, django_capture_on_commit_callbacks, settings
):
    settings.NEWSLETTER_SUPPRESS_AFTER = 2
    flaky = SubscriptionFactory(subscriber=SubscriberFactory(email="flaky@example.org"))
    for refused in (True, False, True):
        if refused:
            real_smtp.refuse["flaky@example.org"] = "550 5.2.1 Mailbox disabled"
        else:
            real_smtp.refuse.clear()
        issue = IssueFactory()
        start(issue, django_capture_on_commit_callbacks)
        send_all(issue)
    flaky.subscriber.refresh_from_db()
    assert flaky.subscriber.failure_count == 1
    assert flaky.subscriber.suppressed_at is None


def test_a_temporary_failure_is_retried_after_its_backoff(
    real_smtp, subscribers, django_capture_on_commit_callbacks
):
    busy = SubscriptionFactory(subscriber=SubscriberFactory(email="busy@example.org"))
    real_smtp.refuse["busy@example.org"] = "451 4.7.1 Greylisted, try again later"
    issue = IssueFactory()
    start(issue, django_capture_on_commit_callbacks)
    send_all(issue)

    waiting = Delivery.objects.get(issue=issue, subscription=busy)
    assert waiting.status == Status.PENDING
    assert waiting.attempts == 1
    assert waiting.next_attempt_at > timezone.now() + timedelta(seconds=50)
    assert issue.status == Issue.Status.SENDING, "not finished while one waits"

    real_smtp.refuse.clear()
    Delivery.objects.filter(pk=waiting.pk).update(next_attempt_at=timezone.now())
    send_all(issue)
    waiting.refresh_from_db()
    assert waiting.status == Status.SENT
    assert issue.status == Issue.Status.SENT
    received = [rcpt for message in real_smtp.received for rcpt in message.rcpt_tos]
    assert received.count("busy@example.org") == 1


def test_a_claim_taken_back_stops_the_batch_before_the_next_message_is_accepted(
    real_smtp, subscribers, django_capture_on_commit_callbacks, monkeypatch
):
    """The sweeper hands the batch's claim back (as for a worker that stalled) while the second
    message is in flight: its mark fails, and the third message, already written up to its
    final dot, is dropped with the connection instead of accepted."""
    issue = IssueFactory()
    start(issue, django_capture_on_commit_callbacks)
    mark_sent = sending._mark_sent

    def swept_before_the_second_mark(delivery, claim, *, then_check):
        if Delivery.objects.filter(issue=issue, status=Status.SENT).exists():
            Delivery.objects.filter(issue=issue, status=Status.CLAIMED).update(
                status=Status.PENDING, claim=None, claimed_at=None
            )
        return mark_sent(delivery, claim, then_check=then_check)

    monkeypatch.setattr(sending, "_mark_sent", swept_before_the_second_mark)
    with django_capture_on_commit_callbacks(execute=False):
        accepted = sending.send_batch(issue_id=issue.pk)

    assert accepted == 2
    in_order = [subscription.subscriber.email for subscription in subscribers]
    received = [rcpt for message in real_smtp.received for rcpt in message.rcpt_tos]
    assert received == in_order[:2]
    figures = Delivery.objects.filter(issue=issue).figures()
    assert figures[Status.SENT] == 1
    assert figures[Status.PENDING] == len(subscribers) - 1, "the second goes again: one twin"
    assert figures[Status.CLAIMED] == 0


def test_the_guard_checks_the_bytes_the_sender_writes_itself(
    real_smtp, subscribers, django_capture_on_commit_callbacks
):
    """The sender writes its prepared messages to the connection without sendmail(): the guard
    must see those too, or the suite's promise would not cover the newsletter's own path."""
    from django.core.mail import get_connection

    from tests.newsletter import guard

    issue = IssueFactory()
    start(issue, django_capture_on_commit_callbacks)
    (delivery,) = sending.claim_batch(issue_id=issue.pk, claim=uuid.uuid4(), size=1)
    Subscription.objects.filter(pk=delivery.subscription_id).update(
        status=Subscription.Status.UNSUBSCRIBED
    )
    issue.refresh_from_db()
    raw = sending.PreparedMessage(issue).for_recipient(delivery)
    backend = get_connection()
    backend.open()
    try:
        backend.connection.ehlo_or_helo_if_needed()
        sending._begin(backend.connection, "newsletter@lpsa.example", delivery.email)
        with pytest.raises(AssertionError, match="not subscribed"):
            sending._send_data(backend.connection, raw)
    finally:
        backend.connection.close()
    assert guard.violations.pop().startswith(f"newsletter mail to {delivery.email}")
    assert real_smtp.received == []


def test_a_lost_connection_hands_the_batch_back_with_nothing_lost(
    subscribers, django_capture_on_commit_callbacks, settings
):
    from tests.integration.conftest import free_port

    settings.EMAIL_BACKEND = "tests.newsletter.guard.GuardedSmtpBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nothing listens
    issue = IssueFactory()
    start(issue, django_capture_on_commit_callbacks)
    with pytest.raises(OSError):
        sending.send_batch(issue_id=issue.pk)
    figures = Delivery.objects.filter(issue=issue).figures()
    assert figures[Status.PENDING] == len(subscribers)
    assert figures[Status.CLAIMED] == 0
    assert not Delivery.objects.filter(issue=issue, claim__isnull=False).exists()


def test_the_sweeper_hands_back_dead_claims_and_re_dispatches_stalled_issues(
    subscribers, django_capture_on_commit_callbacks, settings
):
    settings.NEWSLETTER_CLAIM_TIMEOUT = 60
    issue = IssueFactory()
    start(issue, django_capture_on_commit_callbacks)
    dead = sending.claim_batch(issue_id=issue.pk, claim=uuid.uuid4(), size=2)
    assert len(dead) == 2
    long_ago = timezone.now() - timedelta(minutes=5)
    Delivery.objects.filter(status=Status.CLAIMED).update(claimed_at=long_ago)
    Issue.objects.filter(pk=issue.pk).update(progressed_at=long_ago)

    with django_capture_on_commit_callbacks(execute=True):
        figures = sending.sweep()

    assert figures["released"] == 2
    assert figures["redispatched"] == 1
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT, "the re-dispatched batch sent everything"
    assert len(mail.outbox) == len(subscribers)


def test_the_sweeper_leaves_live_claims_and_moving_issues_alone(
    subscribers, django_capture_on_commit_callbacks, settings
):
    settings.NEWSLETTER_CLAIM_TIMEOUT = 60
    issue = IssueFactory()
    start(issue, django_capture_on_commit_callbacks)
    sending.claim_batch(issue_id=issue.pk, claim=uuid.uuid4(), size=2)
    with django_capture_on_commit_callbacks(execute=True):
        figures = sending.sweep()
    assert figures == {"released": 0, "started": 0, "redispatched": 0}
    assert Delivery.objects.filter(issue=issue).figures()[Status.CLAIMED] == 2
    assert mail.outbox == []


def test_the_sweeper_starts_a_scheduled_issue_when_it_is_due(
    subscribers, django_capture_on_commit_callbacks
):
    later = IssueFactory()
    due = IssueFactory()
    sending.schedule(issue=later, when=timezone.now() + timedelta(hours=1))
    sending.schedule(issue=due, when=timezone.now() + timedelta(minutes=1))
    Issue.objects.filter(pk=due.pk).update(scheduled_for=timezone.now() - timedelta(seconds=1))

    with django_capture_on_commit_callbacks(execute=True):
        assert sending.sweep()["started"] == 1

    due.refresh_from_db()
    later.refresh_from_db()
    assert due.status == Issue.Status.SENT
    assert later.status == Issue.Status.SCHEDULED
    assert len(mail.outbox) == len(subscribers)


def test_progress_counts_each_state(subscribers, django_capture_on_commit_callbacks):
    issue = IssueFactory()
    start(issue, django_capture_on_commit_callbacks)
    deliveries = list(Delivery.objects.filter(issue=issue).order_by("pk"))
    Delivery.objects.filter(pk__in=[d.pk for d in deliveries[:2]]).update(
        status=Status.SENT, sent_at=timezone.now()
    )
    Delivery.objects.filter(pk=deliveries[2].pk).update(status=Status.FAILED)
    progress = sending.progress(issue)
    assert (progress.recipients, progress.sent, progress.failed, progress.pending) == (5, 2, 1, 2)
    assert progress.per_second == pytest.approx(2 / 60, abs=0.05)


@pytest.mark.parametrize("count", [10, 1000])
def test_the_send_request_does_the_same_work_at_any_list_size(
    count, django_assert_num_queries, django_capture_on_commit_callbacks
):
    subscriptions(count)
    issue = IssueFactory()
    with django_assert_num_queries(4), django_capture_on_commit_callbacks(execute=False) as work:
        sending.send_now(issue=issue)
    assert len(work) == 1, "one task enqueued, whatever the number of recipients"
