"""Sending an issue: loses no one, mails no one twice, and the database says who got what.

1. `send_now` (a staff request) marks the issue sending and enqueues `prepare_issue`: the
   request's cost does not depend on the number of recipients.
2. `prepare_issue` freezes the issue's HTML and text and records one `Delivery` per active
   subscription of its list in one INSERT … SELECT, then starts a chain of batches.
3. `send_batch` claims up to NEWSLETTER_BATCH_SIZE due deliveries atomically (FOR UPDATE SKIP
   LOCKED on PostgreSQL; SQLite's writes are serial), sends them over one SMTP connection at
   NEWSLETTER_RATE, marks each sent right after the server accepts it, and enqueues the next
   batch. Before each message it asks again whether the subscription is still active.
4. `sweep` (beat) hands back claims older than NEWSLETTER_CLAIM_TIMEOUT (their worker died; a
   live one renews its claim every half timeout), re-dispatches issues that stopped moving, and
   starts scheduled issues that are due. A Redis broker may lose a task when a worker dies, or
   hand it back only after its visibility timeout: the sweeper does not depend on either.

The only duplicate possible is the message in flight when a worker dies (accepted by the
server, not yet marked sent): it goes again with the same Message-ID.
"""

import logging
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta
from smtplib import SMTPRecipientsRefused, SMTPResponseException

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from newsletter import rendering, tokens
from newsletter.models import Delivery, Issue, Subscriber, Subscription

logger = logging.getLogger(__name__)

Status = Delivery.Status


class NotSendable(Exception):
    """The issue is not a draft or scheduled: it is being sent, or went already."""


# --- Starting -----------------------------------------------------------------------------------


def send_now(*, issue: Issue) -> None:
    """Starts sending `issue` in the background; constant work, whatever the list's size."""
    from newsletter.tasks import prepare_issue

    with transaction.atomic():
        now = timezone.now()
        started = Issue.objects.filter(
            pk=issue.pk, status__in=[Issue.Status.DRAFT, Issue.Status.SCHEDULED]
        ).update(status=Issue.Status.SENDING, started_at=now, progressed_at=now, updated_at=now)
        if not started:
            raise NotSendable(issue.pk)
        transaction.on_commit(lambda: prepare_issue.delay(issue.pk))
    issue.refresh_from_db()


def schedule(*, issue: Issue, when) -> None:
    """Sends `issue` at `when` (the sweeper starts it); a scheduled issue can still be edited."""
    updated = Issue.objects.filter(
        pk=issue.pk, status__in=[Issue.Status.DRAFT, Issue.Status.SCHEDULED]
    ).update(status=Issue.Status.SCHEDULED, scheduled_for=when, updated_at=timezone.now())
    if not updated:
        raise NotSendable(issue.pk)
    issue.refresh_from_db()


def unschedule(*, issue: Issue) -> None:
    Issue.objects.filter(pk=issue.pk, status=Issue.Status.SCHEDULED).update(
        status=Issue.Status.DRAFT, scheduled_for=None, updated_at=timezone.now()
    )
    issue.refresh_from_db()


# --- Recording the recipients ------------------------------------------------------------------


def prepare_issue(*, issue_id: int) -> None:
    """Freezes the issue and records its deliveries, once: a second run finds them recorded."""
    from newsletter.tasks import send_issue_batch

    with transaction.atomic():
        issue = Issue.objects.select_for_update().filter(pk=issue_id).first()
        if issue is None or issue.status != Issue.Status.SENDING:
            return
        if issue.recipient_count is None:
            rendered = rendering.render_issue(issue)
            issue.html, issue.text = rendered.html, rendered.text
            issue.recipient_count = _record_deliveries(issue)
            issue.progressed_at = timezone.now()
            issue.save(update_fields=["html", "text", "recipient_count", "progressed_at"])
        transaction.on_commit(lambda: send_issue_batch.delay(issue_id))


def _record_deliveries(issue: Issue) -> int:
    """One pending delivery per active subscription of the issue's list, in one statement."""
    delivery = Delivery._meta.db_table
    subscription = Subscription._meta.db_table
    subscriber = Subscriber._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {delivery} (issue_id, subscription_id, email, status, attempts, error)
            SELECT %s, s.id, r.email, %s, 0, ''
              FROM {subscription} s JOIN {subscriber} r ON r.id = s.subscriber_id
             WHERE s.mailing_list_id = %s AND s.status = %s
               AND r.confirmed_at IS NOT NULL AND r.suppressed_at IS NULL
             ORDER BY s.id
            ON CONFLICT DO NOTHING
            """,
            [issue.pk, Status.PENDING, issue.mailing_list_id, Subscription.Status.SUBSCRIBED],
        )
    return Delivery.objects.filter(issue=issue).count()


# --- Sending ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Claimed:
    pk: int
    issue_id: int
    email: str
    attempts: int
    subscription_id: int
    subscriber_id: int
    list_id: int
    failure_count: int


def claim_batch(*, issue_id: int, claim: uuid.UUID, size: int) -> list[Claimed]:
    """Marks up to `size` due pending deliveries as this batch's, atomically: two workers never
    claim the same one (PostgreSQL skips rows another transaction holds)."""
    now = timezone.now()
    with transaction.atomic():
        due = (
            Delivery.objects.filter(issue_id=issue_id, status=Status.PENDING)
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            .order_by("pk")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:size]
        )
        ids = list(due)
        if not ids:
            return []
        Delivery.objects.filter(pk__in=ids).update(
            status=Status.CLAIMED, claim=claim, claimed_at=now
        )
    rows = (
        Delivery.objects.filter(claim=claim, status=Status.CLAIMED)
        .order_by("pk")
        .values_list(
            "pk",
            "issue_id",
            "email",
            "attempts",
            "subscription_id",
            "subscription__subscriber_id",
            "subscription__mailing_list_id",
            "subscription__subscriber__failure_count",
        )
    )
    return [Claimed(*row) for row in rows]


class Pacer:
    """Holds sending to `rate` messages a second (0: no limit)."""

    def __init__(self, rate: float):
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self.next_at = time.monotonic()

    def wait(self) -> None:
        if not self.interval:
            return
        now = time.monotonic()
        if self.next_at > now:
            time.sleep(self.next_at - now)
        self.next_at = max(self.next_at, now) + self.interval


def site_link(name: str, token: str) -> str:
    return settings.SITE_URL + reverse(name, kwargs={"token": token})


def build_message(issue: Issue, delivery: Claimed) -> EmailMultiAlternatives:
    """The issue as one recipient gets it: their own unsubscribe and preferences links, in the
    body and in the RFC 8058 headers, and a Message-ID that is the same on every attempt."""
    unsubscribe_url = site_link(
        "newsletter:unsubscribe",
        tokens.unsubscribe_token(subscriber_id=delivery.subscriber_id, list_id=delivery.list_id),
    )
    preferences_url = site_link(
        "newsletter:manage", tokens.manage_token(subscriber_id=delivery.subscriber_id)
    )
    links = {
        rendering.UNSUBSCRIBE_MARK: unsubscribe_url,
        rendering.PREFERENCES_MARK: preferences_url,
    }
    message = EmailMultiAlternatives(
        subject=rendering.subject_line(issue),
        body=rendering.personalise(issue.text, links),
        from_email=settings.NEWSLETTER_FROM_EMAIL,
        to=[delivery.email],
        headers={
            "Message-ID": Delivery(pk=delivery.pk, issue_id=delivery.issue_id).message_id,
            "List-Id": rendering.list_id_header(issue.mailing_list),
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Archive": f"<{settings.SITE_URL}{reverse('newsletter:archive')}>",
        },
    )
    message.attach_alternative(rendering.personalise(issue.html, links), "text/html")
    return message


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(60 * 2 ** max(attempts - 1, 0), 3600))


def _smtp_code(exc: Exception) -> int | None:
    if isinstance(exc, SMTPRecipientsRefused):
        return next(iter(exc.recipients.values()))[0] if exc.recipients else None
    if isinstance(exc, SMTPResponseException):
        return exc.smtp_code
    return None


def send_batch(*, issue_id: int) -> int:
    """Claims and sends one batch of `issue_id`'s deliveries; enqueues the next. Returns how
    many messages the SMTP server accepted."""
    from newsletter.tasks import send_issue_batch

    issue = (
        Issue.objects.filter(pk=issue_id, status=Issue.Status.SENDING)
        .select_related("mailing_list")
        .first()
    )
    if issue is None or issue.recipient_count is None:
        return 0
    claim = uuid.uuid4()
    batch = claim_batch(issue_id=issue_id, claim=claim, size=settings.NEWSLETTER_BATCH_SIZE)
    if not batch:
        _finish_or_wait(issue)
        return 0
    Issue.objects.filter(pk=issue_id).update(progressed_at=timezone.now())
    accepted = 0
    backend = get_connection(fail_silently=False)
    pacer = Pacer(settings.NEWSLETTER_RATE)
    renew_every = settings.NEWSLETTER_CLAIM_TIMEOUT / 2
    renewed_at = time.monotonic()
    try:
        backend.open()
    except OSError:
        # No server to talk to: the whole batch goes back, untried; the task retries later.
        Delivery.objects.filter(claim=claim, status=Status.CLAIMED).update(
            status=Status.PENDING, claim=None, claimed_at=None
        )
        raise
    try:
        for delivery in batch:
            if time.monotonic() - renewed_at > renew_every:
                _renew_claim(issue_id, claim)
                renewed_at = time.monotonic()
            if not Subscription.objects.active().filter(pk=delivery.subscription_id).exists():
                _settle(delivery, claim, status=Status.SKIPPED, error="no longer subscribed")
                continue
            pacer.wait()
            try:
                backend.send_messages([build_message(issue, delivery)])
            except (SMTPRecipientsRefused, SMTPResponseException) as exc:
                # The server answered about this message: its code says whether to retry.
                _record_refusal(delivery, claim, exc)
                continue
            except OSError as exc:  # SMTPServerDisconnected, a refused connection, a timeout
                # The connection, not the recipient: this one and the rest go back to the pool.
                _release(claim, failed=delivery, error=str(exc))
                raise
            if not _mark_sent(delivery, claim):
                # The sweeper handed our claim to another worker (we stalled past the timeout):
                # stop, the rest are theirs.
                logger.warning("Claim %s of issue %s was taken back; stopping.", claim, issue_id)
                return accepted
            accepted += 1
    finally:
        backend.close()
    Issue.objects.filter(pk=issue_id).update(progressed_at=timezone.now())
    transaction.on_commit(lambda: send_issue_batch.delay(issue_id))
    return accepted


def _mark_sent(delivery: Claimed, claim: uuid.UUID) -> bool:
    done = Delivery.objects.filter(pk=delivery.pk, claim=claim, status=Status.CLAIMED).update(
        status=Status.SENT, sent_at=timezone.now(), claim=None, error=""
    )
    if done and delivery.failure_count:
        Subscriber.objects.filter(pk=delivery.subscriber_id).update(failure_count=0)
    return bool(done)


def _settle(delivery: Claimed, claim: uuid.UUID, *, status: str, error: str = "", **more) -> None:
    Delivery.objects.filter(pk=delivery.pk, claim=claim).update(
        status=status, error=error[:500], claim=None, **more
    )


def _renew_claim(issue_id: int, claim: uuid.UUID) -> None:
    now = timezone.now()
    Delivery.objects.filter(claim=claim, status=Status.CLAIMED).update(claimed_at=now)
    Issue.objects.filter(pk=issue_id).update(progressed_at=now)


def _release(claim: uuid.UUID, *, failed: Claimed, error: str) -> None:
    """Puts the batch's unsent deliveries back; the one that met the failure waits its backoff."""
    attempts = failed.attempts + 1
    _settle(
        failed,
        claim,
        status=Status.PENDING,
        error=error,
        attempts=attempts,
        next_attempt_at=timezone.now() + _backoff(attempts),
        claimed_at=None,
    )
    Delivery.objects.filter(claim=claim, status=Status.CLAIMED).update(
        status=Status.PENDING, claim=None, claimed_at=None
    )


def _record_refusal(delivery: Claimed, claim: uuid.UUID, exc: Exception) -> None:
    """A 5xx is permanent: the delivery fails and the address moves towards suppression. A 4xx
    (mailbox busy, greylisting) is retried with backoff until NEWSLETTER_MAX_ATTEMPTS."""
    from newsletter.services import suppress_subscriber

    code = _smtp_code(exc) or 500
    error = f"{code} {exc}"
    attempts = delivery.attempts + 1
    if 400 <= code < 500 and attempts < settings.NEWSLETTER_MAX_ATTEMPTS:
        _settle(
            delivery,
            claim,
            status=Status.PENDING,
            error=error,
            attempts=attempts,
            next_attempt_at=timezone.now() + _backoff(attempts),
            claimed_at=None,
        )
        return
    _settle(delivery, claim, status=Status.FAILED, error=error, attempts=attempts)
    failures = delivery.failure_count + 1
    Subscriber.objects.filter(pk=delivery.subscriber_id).update(failure_count=failures)
    if failures >= settings.NEWSLETTER_SUPPRESS_AFTER:
        suppress_subscriber(
            subscriber_id=delivery.subscriber_id,
            reason=f"{failures} failed deliveries in a row; last: {error}",
        )


def _finish_or_wait(issue: Issue) -> None:
    """Nothing to claim now: the issue is sent when nothing is left open; otherwise the next
    batch waits for the earliest retry, and the sweeper will not count that wait as a stall."""
    from newsletter.tasks import send_issue_batch

    deliveries = Delivery.objects.filter(issue=issue)
    if deliveries.filter(status=Status.CLAIMED).exists():
        return  # another batch is at work; it enqueues what follows
    waiting = (
        deliveries.filter(status=Status.PENDING)
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    if waiting is None and not deliveries.filter(status=Status.PENDING).exists():
        now = timezone.now()
        Issue.objects.filter(pk=issue.pk, status=Issue.Status.SENDING).update(
            status=Issue.Status.SENT, finished_at=now, progressed_at=now, updated_at=now
        )
        return
    due_at = waiting or timezone.now()
    Issue.objects.filter(pk=issue.pk).update(progressed_at=due_at)
    delay = max((due_at - timezone.now()).total_seconds(), 0)
    if delay and settings.CELERY_TASK_ALWAYS_EAGER:
        return  # in-process tasks ignore countdowns: the sweeper sends it when due
    transaction.on_commit(lambda: send_issue_batch.apply_async((issue.pk,), countdown=delay))


# --- The sweeper ------------------------------------------------------------------------------


def sweep(now=None) -> dict[str, int]:
    """Hands back dead workers' claims, re-dispatches stalled issues, starts due ones."""
    from newsletter.tasks import prepare_issue, send_issue_batch

    now = now or timezone.now()
    stale = now - timedelta(seconds=settings.NEWSLETTER_CLAIM_TIMEOUT)
    released = Delivery.objects.filter(status=Status.CLAIMED, claimed_at__lt=stale).update(
        status=Status.PENDING, claim=None, claimed_at=None
    )
    started = 0
    for issue in Issue.objects.due(now):
        try:
            send_now(issue=issue)
            started += 1
        except NotSendable:
            pass
    redispatched = 0
    stalled = Issue.objects.filter(status=Issue.Status.SENDING, progressed_at__lt=stale)
    for issue_id, prepared in stalled.values_list("pk", "recipient_count"):
        # Moved before dispatching, so the next sweep waits a whole timeout again.
        Issue.objects.filter(pk=issue_id).update(progressed_at=now)
        if prepared is None:
            prepare_issue.delay(issue_id)
        else:
            send_issue_batch.delay(issue_id)
        redispatched += 1
    if released or redispatched:
        logger.info(
            "Newsletter sweep: %s claims handed back, %s issues re-dispatched.",
            released,
            redispatched,
        )
    return {"released": released, "started": started, "redispatched": redispatched}


# --- Progress ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    recipients: int
    sent: int
    failed: int
    skipped: int
    pending: int
    per_second: float

    @property
    def done(self) -> int:
        return self.sent + self.failed + self.skipped


def progress(issue: Issue, *, window: int = 60) -> Progress:
    """What staff watch while an issue goes out: two queries, whatever its size."""
    figures = Delivery.objects.filter(issue=issue).figures()
    recent = Delivery.objects.filter(
        issue=issue,
        status=Status.SENT,
        sent_at__gte=timezone.now() - timedelta(seconds=window),
    ).count()
    return Progress(
        recipients=issue.recipient_count or 0,
        sent=figures[Status.SENT],
        failed=figures[Status.FAILED],
        skipped=figures[Status.SKIPPED],
        pending=figures[Status.PENDING] + figures[Status.CLAIMED],
        per_second=round(recent / window, 1),
    )
