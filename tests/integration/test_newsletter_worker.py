"""An issue to 1,000 subscribers through a real worker, Redis, PostgreSQL and SMTP server; then
the same with the worker killed (SIGKILL) mid-send several times and restarted."""

import os
import re
import signal
import threading
from collections import Counter
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from newsletter import sending, tokens
from newsletter.models import ConsentRecord, Delivery, Issue, Subscriber, Subscription
from tests.integration.conftest import (
    start_beat,
    start_worker,
    stop_process,
    wait_until,
)
from tests.newsletter.factories import (
    IssueFactory,
    IssueSectionFactory,
    newsletter_list,
    subscriptions,
)

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

RECIPIENTS = 1000


def subscribe_many(count: int) -> list[str]:
    """`count` confirmed subscribers of the LPSA newsletter, in two bulk inserts; plus one of
    each kind that must get nothing (pending, unsubscribed, suppressed, unconfirmed)."""
    active = subscriptions(count)
    mailing_list = newsletter_list()
    now = timezone.now()
    excluded = {
        "pending@example.org": ({"confirmed_at": now}, Subscription.Status.PENDING),
        "gone@example.org": ({"confirmed_at": now}, Subscription.Status.UNSUBSCRIBED),
        "bouncing@example.org": (
            {"confirmed_at": now, "suppressed_at": now},
            Subscription.Status.SUBSCRIBED,
        ),
        "unproven@example.org": ({}, Subscription.Status.SUBSCRIBED),
    }
    for email, (fields, status) in excluded.items():
        subscriber = Subscriber.objects.create(email=email, **fields)
        Subscription.objects.create(subscriber=subscriber, mailing_list=mailing_list, status=status)
    return [subscription.subscriber.email for subscription in active]


def an_issue() -> Issue:
    issue = IssueFactory(subject="Decentralization news, November")
    IssueSectionFactory(issue=issue, heading="Fiscal transfers compared")
    return issue


def wait_for_sent(issue: Issue, worker_log, timeout: float) -> None:
    def sent() -> bool:
        issue.refresh_from_db()
        return issue.status == Issue.Status.SENT

    def diagnostics() -> str:
        figures = Delivery.objects.filter(issue=issue).figures()
        return f"Deliveries: {figures}\n{worker_log()}"

    wait_until(sent, what="the issue to be sent", timeout=timeout, diagnostics=diagnostics)


def test_an_issue_reaches_each_of_1000_subscribers_once_with_one_click_unsubscribe(
    celery_broker, smtp_server, tmp_path, transactional_db
):
    addresses = subscribe_many(RECIPIENTS)
    issue = an_issue()
    worker = start_worker(
        celery_broker,
        smtp_server,
        tmp_path / "worker.log",
        NEWSLETTER_RATE="0",
        NEWSLETTER_BATCH_SIZE="100",
    )
    try:
        sending.send_now(issue=issue)
        wait_for_sent(issue, worker.log_tail, timeout=180)
    finally:
        stop_process(worker.process)

    by_address = Counter(rcpt for mail in smtp_server.received for rcpt in mail.rcpt_tos)
    assert by_address == Counter(addresses), "each subscriber exactly once, nobody else"
    assert issue.recipient_count == RECIPIENTS
    assert Delivery.objects.filter(issue=issue).figures()["sent"] == RECIPIENTS

    message_ids = set()
    for mail in smtp_server.received:
        message = mail.message
        (address,) = mail.rcpt_tos
        subscriber = Subscriber.objects.get(email=address)
        token = tokens.unsubscribe_token(subscriber_id=subscriber.pk, list_id=issue.mailing_list_id)
        # A long header is folded before its value; unfolded, it is the link alone.
        assert message["List-Unsubscribe"].strip() == (
            f"<{settings.SITE_URL}/newsletter/unsubscribe/{token}/>"
        )
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert message["List-Id"].endswith(f"<{issue.mailing_list.list_id()}>")
        assert message["Subject"] == "[LPSA] Decentralization news, November"
        assert "Fiscal transfers compared" in mail.text()
        assert "Fiscal transfers compared" in mail.html()
        assert token in mail.text() and token in mail.html(), "the visible link in both"
        message_ids.add(message["Message-ID"])
    assert len(message_ids) == RECIPIENTS

    # The one-click POST, as a mail client makes it: no cookie, no CSRF token, no redirect.
    first = smtp_server.received[0]
    url = urlsplit(re.fullmatch(r"<(.+)>", first.message["List-Unsubscribe"].strip()).group(1))
    response = Client(enforce_csrf_checks=True).post(
        url.path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    subscription = Subscription.objects.get(subscriber__email=first.rcpt_tos[0])
    assert subscription.status == Subscription.Status.UNSUBSCRIBED
    assert ConsentRecord.objects.filter(
        subscriber=subscription.subscriber,
        action=ConsentRecord.Action.UNSUBSCRIBED,
        method=ConsentRecord.Method.ONE_CLICK,
    ).exists()


KILL_AT = (150, 450, 750)


def test_killing_the_worker_mid_send_loses_no_one_and_duplicates_at_most_one_per_kill(
    celery_broker, smtp_server, tmp_path, transactional_db
):
    """The worker is SIGKILLed three times with a message in flight: the SMTP server has kept
    it but the worker dies before hearing "250", so it is never marked sent. SIGKILL also
    leaves the task unacknowledged in Redis (handed back only after its visibility timeout, an
    hour) and the rest of the batch claimed: the sweeper, run by a real beat every second here,
    hands the claims back and re-dispatches the issue to the restarted worker."""
    addresses = subscribe_many(RECIPIENTS)
    issue = an_issue()
    settings_env = {
        "NEWSLETTER_RATE": "0",
        "NEWSLETTER_BATCH_SIZE": "50",
        "NEWSLETTER_CLAIM_TIMEOUT": "3",
        "NEWSLETTER_SWEEP_SECONDS": "1",
    }
    log_path = tmp_path / "worker.log"
    workers = [start_worker(celery_broker, smtp_server, log_path, **settings_env)]
    killed = threading.Event()

    def kill_in_flight(mail) -> None:
        if len(smtp_server.received) in KILL_AT:
            os.kill(workers[-1].process.pid, signal.SIGKILL)
            killed.set()

    smtp_server.on_accept = kill_in_flight
    beat = start_beat(celery_broker, smtp_server, tmp_path, **settings_env)
    try:
        sending.send_now(issue=issue)
        for _ in KILL_AT:
            wait_until(killed.is_set, what="a kill", timeout=120, diagnostics=workers[-1].log_tail)
            killed.clear()
            workers[-1].process.wait(timeout=10)
            workers.append(start_worker(celery_broker, smtp_server, log_path, **settings_env))
        wait_for_sent(issue, workers[-1].log_tail, timeout=180)
    finally:
        stop_process(workers[-1].process)
        stop_process(beat.process)

    assert [worker.process.returncode for worker in workers[:-1]] == [-signal.SIGKILL] * 3
    by_address = Counter(rcpt for mail in smtp_server.received for rcpt in mail.rcpt_tos)
    assert set(by_address) == set(addresses), "no recipient lost, nobody else mailed"
    duplicated = {address: count for address, count in by_address.items() if count > 1}
    duplicates = sum(count - 1 for count in duplicated.values())
    print(f"{len(KILL_AT)} kills: {len(smtp_server.received)} messages, {duplicates} duplicates")
    assert duplicates <= len(KILL_AT), duplicated
    for address in duplicated:
        ids = {m.message["Message-ID"] for m in smtp_server.received if m.rcpt_tos == [address]}
        assert len(ids) == 1, f"{address}'s copies carry one Message-ID: {ids}"
    assert Delivery.objects.filter(issue=issue).figures()["sent"] == RECIPIENTS
    # The sweeper did the recovering: it had claims to hand back.
    assert "claims handed back" in log_path.read_text(errors="replace")
