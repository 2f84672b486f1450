#!/usr/bin/env python
"""The newsletter's sending speed: an issue to 10,000 subscribers through one Celery worker, beside
a bare loop of SMTP sends over one connection, both to the same local SMTP server in one run; and
the cost of the "send" request at 10 and at 10,000 recipients.

    .venv/bin/python benchmarks/newsletter.py [--recipients 10000] [--rounds 3]

Run by `make bench` after the pages. Needs PostgreSQL and Redis (as `make test`); uses the
database `lpsa_bench_newsletter` and Redis database 13, its own. Goals: the worker's time within
1.5x the bare loop's; the send request's median within 1.5x and its queries equal at both sizes.
"""

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import redis

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
PYTHON = ROOT / ".venv" / "bin" / "python"
DATABASE = "lpsa_bench_newsletter"
REDIS_DB = 13
QUEUE = "lpsa-bench-newsletter"
MAX_WORKER_OVER_BARE = 1.5
MAX_LARGE_OVER_SMALL = 1.5
SMALL_LIST = 10


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare_database(server_url: str) -> str:
    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]).fetchone():
            conn.execute(f'CREATE DATABASE "{DATABASE}"')
    return f"{server_url}/{DATABASE}"


def start_smtp_sink(port: int) -> subprocess.Popen:
    """aiosmtpd's Sink handler in a process of its own: accepts every message, keeps none."""
    process = subprocess.Popen(
        [
            str(PYTHON),
            *("-m", "aiosmtpd", "-n", "-c", "aiosmtpd.handlers.Sink"),
            *("-l", f"127.0.0.1:{port}"),
        ],
        cwd=ROOT,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the SMTP sink did not start")


def seed(recipients: int) -> None:
    """`recipients` confirmed subscribers of the LPSA newsletter, SMALL_LIST of event
    announcements; earlier runs' issues removed."""
    from django.utils import timezone

    from newsletter.models import Issue, MailingList, Subscriber, Subscription

    Issue.objects.all().delete()
    Subscriber.objects.all().delete()
    now = timezone.now()
    subscribers = Subscriber.objects.bulk_create(
        (
            Subscriber(email=f"reader{n:06}@bench.example", confirmed_at=now)
            for n in range(recipients)
        ),
        batch_size=2000,
    )
    newsletter = MailingList.objects.get(kind=MailingList.Kind.NEWSLETTER)
    events = MailingList.objects.get(kind=MailingList.Kind.EVENTS)
    Subscription.objects.bulk_create(
        (
            Subscription(
                subscriber=subscriber,
                mailing_list=events if n < SMALL_LIST else newsletter,
                status=Subscription.Status.SUBSCRIBED,
                subscribed_at=now,
            )
            for n, subscriber in enumerate(subscribers)
        ),
        batch_size=2000,
    )
    # The small list's subscribers are the first SMALL_LIST; the large list has the rest plus
    # them again, so that it holds exactly `recipients`.
    Subscription.objects.bulk_create(
        Subscription(
            subscriber=subscriber,
            mailing_list=newsletter,
            status=Subscription.Status.SUBSCRIBED,
            subscribed_at=now,
        )
        for subscriber in subscribers[:SMALL_LIST]
    )
    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


_issue_number = 0


def new_issue(kind: str):
    from newsletter.models import Issue, IssueSection, MailingList

    global _issue_number
    _issue_number += 1
    issue = Issue.objects.create(
        mailing_list=MailingList.objects.get(kind=kind),
        subject=f"Bench issue {_issue_number}",
        slug=f"bench-issue-{_issue_number}-{time.time_ns()}",
        preheader="New posts, webinars and resources.",
        intro="Dear members,\n\nHere is what is new in the Alliance.\n" * 3,
    )
    IssueSection.objects.bulk_create(
        IssueSection(
            issue=issue,
            position=n,
            heading=f"Fiscal transfers compared, part {n}",
            body="What twelve countries learned from sharing revenue with local governments. " * 4,
            link_url=f"https://lpsa.example/blog/fiscal-transfers-{n}/",
            link_label="Read the post",
        )
        for n in range(6)
    )
    return issue


def issue_bytes() -> tuple[str, bytes]:
    """One recipient's message of a real issue, as the worker would send it."""
    from newsletter import rendering, sending
    from newsletter.models import Delivery

    issue = new_issue("newsletter")
    rendered = rendering.render_issue(issue)
    issue.html, issue.text = rendered.html, rendered.text
    claimed = sending.Claimed(
        pk=1,
        issue_id=issue.pk,
        email="reader000000@bench.example",
        attempts=0,
        subscription_id=1,
        subscriber_id=1,
        list_id=issue.mailing_list_id,
        failure_count=0,
    )
    message = sending.build_message(issue, claimed)
    issue.delete()
    assert Delivery.objects.count() == 0
    return message.from_email, message.message().as_bytes(linesep="\r\n")


def bare_loop(port: int, recipients: int, from_email: str, body: bytes) -> float:
    """`recipients` sends of a ready message over one connection: the floor for any sender."""
    import smtplib

    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for n in range(recipients):
            smtp.sendmail(from_email, [f"reader{n:06}@bench.example"], body)
    return time.perf_counter() - started


def start_worker(env: dict) -> subprocess.Popen:
    from lpsa.celery import app

    hostname = f"bench-newsletter-{os.getpid()}@%h"
    process = subprocess.Popen(
        [
            *(str(PYTHON), "-m", "celery", "-A", "lpsa", "worker", "--pool", "solo"),
            *("-Q", QUEUE, "--without-heartbeat", "--without-gossip", "--without-mingle"),
            *("--loglevel", "WARNING", "--hostname", hostname),
        ],
        cwd=ROOT,
        env=env,
        stdout=(RESULTS / "newsletter-worker.log").open("ab"),
        stderr=subprocess.STDOUT,
    )
    name = hostname.replace("%h", os.uname().nodename)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if app.control.ping(destination=[name], timeout=0.5):
            return process
    raise SystemExit("the worker did not answer")


def worker_send(recipients: int) -> tuple[float, float]:
    """Seconds from the send request to the issue marked sent; and from the first message
    sent to the last (the steady rate, without recording the deliveries)."""
    from django.db.models import Max, Min

    from newsletter import sending
    from newsletter.models import Delivery, Issue

    issue = new_issue("newsletter")
    started = time.perf_counter()
    sending.send_now(issue=issue)
    while Issue.objects.filter(pk=issue.pk, status=Issue.Status.SENT).count() == 0:
        time.sleep(0.02)
    elapsed = time.perf_counter() - started
    deliveries = Delivery.objects.filter(issue=issue)
    sent = deliveries.filter(status=Delivery.Status.SENT).count()
    if sent != recipients:
        raise SystemExit(f"the worker sent {sent} of {recipients}")
    span = deliveries.aggregate(first=Min("sent_at"), last=Max("sent_at"))
    return elapsed, (span["last"] - span["first"]).total_seconds()


def send_request(kind: str) -> tuple[float, int]:
    """The staff's "send now" through the portal's middleware and admin: milliseconds and
    queries. The enqueued task goes to the broker; the worker is stopped and the queue purged."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from members.models import User

    staff = User.objects.get(email="bench-staff@bench.example")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(staff)
    issue = new_issue(kind)
    url = reverse("admin:newsletter_issue_send", args=[issue.pk])
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.post(url, {"confirm": "yes"})
        elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 302:
        raise SystemExit(f"send now answered {response.status_code}")
    return elapsed, len(queries)


def make_staff() -> None:
    from allauth.mfa.models import Authenticator

    from members.models import User

    staff, _ = User.objects.get_or_create(
        email="bench-staff@bench.example", defaults={"is_staff": True, "is_superuser": True}
    )
    Authenticator.objects.get_or_create(
        user=staff, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "bench"}}
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=15)
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--no-fail", action="store_true")
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    started_at = datetime.now(UTC)

    smtp_port = free_port()
    broker = f"redis://127.0.0.1:6379/{REDIS_DB}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lpsa.settings",
        "DATABASE_URL": prepare_database(args.server),
        "REDIS_URL": broker,
        "CELERY_BROKER_URL": broker,
        "CELERY_TASK_DEFAULT_QUEUE": QUEUE,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "NEWSLETTER_RATE": "0",
        "LPSA_DISABLE_RATE_LIMITS": "1",
        "DEBUG": "0",
    }
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    subprocess.run([str(PYTHON), "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    import django

    django.setup()
    redis.Redis.from_url(broker).delete(QUEUE)
    log(f"seeding {args.recipients:,} subscribers")
    seed(args.recipients)
    make_staff()
    sink = start_smtp_sink(smtp_port)
    worker = None
    try:
        from_email, body = issue_bytes()
        bare_times, worker_times, steady_times = [], [], []
        worker = start_worker(env)
        for round_number in range(args.rounds):
            log(f"round {round_number + 1}: bare loop, then the worker")
            bare_times.append(bare_loop(smtp_port, args.recipients, from_email, body))
            elapsed, steady = worker_send(args.recipients)
            worker_times.append(elapsed)
            steady_times.append(steady)
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)
        worker = None

        small, large = [], []
        for _ in range(args.requests):
            small.append(send_request("events"))
            large.append(send_request("newsletter"))
        redis.Redis.from_url(broker).delete(QUEUE)
    finally:
        if worker is not None:
            worker.kill()
        sink.terminate()
        sink.wait()

    bare, sent, steady = (statistics.median(t) for t in (bare_times, worker_times, steady_times))
    over_bare = sent / bare
    if not small:  # --requests 0: the sending figures alone
        small, large = [(1.0, 0)], [(1.0, 0)]
    small_ms = statistics.median(ms for ms, _ in small)
    large_ms = statistics.median(ms for ms, _ in large)
    small_queries = {queries for _, queries in small}
    large_queries = {queries for _, queries in large}
    goals = {
        "worker": over_bare <= MAX_WORKER_OVER_BARE,
        "request time": large_ms / small_ms <= MAX_LARGE_OVER_SMALL,
        "request queries": small_queries == large_queries and len(small_queries) == 1,
    }
    n = args.recipients
    lines = [
        f"LPSA newsletter benchmark, {started_at:%Y-%m-%d %H:%M} UTC, {n:,} recipients, "
        f"median of {args.rounds} rounds, message {len(body) / 1000:.1f} kB",
        f"  bare SMTP loop, one connection:  {bare:6.2f} s  {n / bare:7.0f} msg/s",
        f"  one worker, send to all marked:  {sent:6.2f} s  {n / sent:7.0f} msg/s  "
        f"{over_bare:.2f}x bare (goal <= {MAX_WORKER_OVER_BARE}) "
        f"{'ok' if goals['worker'] else 'FAIL'}",
        f"  one worker, first to last sent:  {steady:6.2f} s  {n / steady:7.0f} msg/s  "
        f"{steady / bare:.2f}x bare",
        f"  send request: {SMALL_LIST} recipients {small_ms:.1f} ms, {n:,} recipients "
        f"{large_ms:.1f} ms ({large_ms / small_ms:.2f}x, goal <= {MAX_LARGE_OVER_SMALL}) "
        f"{'ok' if goals['request time'] else 'FAIL'}; queries {sorted(small_queries)} and "
        f"{sorted(large_queries)} {'ok' if goals['request queries'] else 'FAIL'}",
    ]
    text = "\n".join(lines) + "\n"
    print(text, end="")
    (RESULTS / f"newsletter-{started_at:%Y%m%d-%H%M}.txt").write_text(text)
    return 0 if all(goals.values()) or args.no_fail else 1


if __name__ == "__main__":
    sys.exit(main())
