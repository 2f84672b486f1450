"""The real moving parts for integration tests: Redis as broker, a Celery worker process, SMTP.

A test that uses `celery_worker_process` must be marked
`pytest.mark.django_db(transaction=True, serialized_rollback=True)`: the worker is another
process, so it only sees committed rows, and the serialized rollback puts back the taxonomy
rows that migrations load and that the flush after a transactional test would otherwise wipe.
"""

import asyncio
import email
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import pytest
import redis
from aiosmtpd.controller import Controller
from django.db import connection

from tests.conftest import missing_requirement
from tests.newsletter import guard

BASE_DIR = Path(__file__).resolve().parents[2]
# The broker gets a Redis database of its own, apart from the cache's (REDIS_URL). Other runs may
# share it, so each run uses a queue of its own and deletes only that queue's keys, never FLUSHDB.
BROKER_DB = int(os.environ.get("LPSA_TEST_BROKER_DB", "14"))
TASK_QUEUE = f"lpsa-test-{uuid.uuid4().hex[:12]}"
WAIT_SECONDS = 30.0


def wait_until(
    condition: Callable[[], object],
    *,
    what: str,
    timeout: float = WAIT_SECONDS,
    diagnostics: Callable[[], str] = str,
):
    """Polls `condition` until it returns something truthy, which it returns; fails on timeout."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"Timed out after {timeout:.0f} s waiting for {what}.\n{diagnostics()}")
        time.sleep(0.05)


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nothing listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


# --- SMTP -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReceivedMail:
    mail_from: str
    rcpt_tos: list[str]
    raw: bytes
    message: EmailMessage

    def text(self) -> str:
        return self.message.get_body(("plain",)).get_content()

    def html(self) -> str | None:
        part = self.message.get_body(("html",))
        return part.get_content() if part else None


def _guard_check(message: EmailMessage) -> str | None:
    """The newsletter guard on a message as the server receives it, in a thread of its own
    (Django's ORM refuses to run inside the server's event loop), its connection closed after."""
    from django.db import connections

    try:
        return guard.check_message(message)
    finally:
        connections.close_all()


@dataclass
class SmtpServer:
    """A local SMTP server that keeps every message it accepts, parsed with `email`.

    Each message is checked by the newsletter guard as it arrives (a violation fails the test).
    `refuse` maps an address to the reply its RCPT TO gets ("550 5.1.1 No such user"), for tests
    of failed deliveries."""

    host: str
    port: int
    received: list[ReceivedMail] = field(default_factory=list)
    refuse: dict[str, str] = field(default_factory=dict)
    check_newsletter: bool = True
    # Called with each message once it is kept, before the server answers 250 (a test kills
    # the sending worker there: the message is in flight, accepted but never acknowledged).
    on_accept: Callable[[ReceivedMail], None] | None = None
    _arrived: threading.Condition = field(default_factory=threading.Condition)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        reply = self.refuse.get(address.lower())
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        mail = ReceivedMail(
            mail_from=envelope.mail_from,
            rcpt_tos=list(envelope.rcpt_tos),
            raw=envelope.content,
            message=email.message_from_bytes(envelope.content, policy=policy.default),
        )
        if self.check_newsletter:
            problem = await asyncio.get_running_loop().run_in_executor(
                None, _guard_check, mail.message
            )
            if problem:
                guard.violations.append(problem)
        with self._arrived:
            self.received.append(mail)
            self._arrived.notify_all()
        if self.on_accept is not None:
            self.on_accept(mail)
        return "250 Message accepted for delivery"

    def wait_for(
        self,
        match: Callable[[ReceivedMail], bool] = lambda mail: True,
        *,
        timeout: float = WAIT_SECONDS,
        diagnostics: Callable[[], str] = str,
    ) -> ReceivedMail:
        """The first received message that `match` accepts, waiting up to `timeout` seconds."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while True:
                found = next((mail for mail in self.received if match(mail)), None)
                if found:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    subjects = [mail.message["Subject"] for mail in self.received]
                    pytest.fail(
                        f"No matching mail within {timeout:.0f} s; received {subjects}.\n"
                        f"{diagnostics()}"
                    )
                self._arrived.wait(left)


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    server = SmtpServer(host="127.0.0.1", port=free_port())
    controller = Controller(server, hostname=server.host, port=server.port)
    controller.start()
    yield server
    controller.stop()


# --- Celery -----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def broker_url() -> str:
    """A Redis URL for the broker, on the REDIS_URL server; skips when Redis is unreachable."""
    parts = urlsplit(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0")
    url = urlunsplit(parts._replace(path=f"/{BROKER_DB}"))
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError) as exc:
        missing_requirement(
            f"Redis at {parts.netloc} ({exc})",
            install="apt-get install redis-server, start it, and set REDIS_URL",
        )
    return url


def _reset_producer_pool(app) -> None:
    # Celery caches its connection pool and its queues; forget them so the next publish uses
    # broker_url and the default queue, as Celery itself does after a fork. Not closed: kombu's
    # registry hands the same pool out again.
    app._pool = None
    app.amqp._producer_pool = None
    app.__dict__.pop("amqp", None)


def delete_queue_keys(broker: redis.Redis, queue: str) -> None:
    """Deletes this run's queue (and its priority lists) and its bindings, nothing else."""
    broker.delete(*broker.scan_iter(match=f"{queue}*"), f"_kombu.binding_permanent.{queue}")
    # kombu keeps each exchange's bindings in a set shared by every queue bound to it.
    for binding_key in broker.scan_iter(match="_kombu.binding.*"):
        members = broker.smembers(binding_key)
        mine = [binding for binding in members if binding.split(b"\x06\x16")[-1] == queue.encode()]
        if mine:
            broker.srem(binding_key, *mine)


@pytest.fixture
def celery_broker(settings, broker_url) -> Iterator[str]:
    """Tasks enqueued by this process go to this run's own queue on the real Redis broker."""
    from lpsa.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings_keys = ("broker_url", "task_always_eager", "task_default_queue")
    saved = {key: app.conf[key] for key in settings_keys}
    app.conf.task_always_eager = False
    app.conf.broker_url = broker_url
    app.conf.task_default_queue = TASK_QUEUE
    _reset_producer_pool(app)
    broker = redis.Redis.from_url(broker_url)
    delete_queue_keys(broker, TASK_QUEUE)
    yield broker_url
    delete_queue_keys(broker, TASK_QUEUE)
    app.conf.update(saved)
    _reset_producer_pool(app)


def _test_database_url() -> str:
    db = connection.settings_dict
    if connection.vendor != "postgresql":
        missing_requirement(
            "PostgreSQL (a worker process needs a database it shares with the tests)",
            install="apt-get install postgresql, start it, and set DATABASE_URL",
        )
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{credentials}@{host}/{quote(db['NAME'], safe='')}"


@dataclass
class WorkerProcess:
    process: subprocess.Popen
    hostname: str
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def log_tail(self, lines: int = 40) -> str:
        return "Worker log (tail):\n" + "\n".join(self.log().splitlines()[-lines:])


def _process_env(celery_broker: str, smtp_server: SmtpServer, extra: dict[str, str]) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"CELERY_TASK_ALWAYS_EAGER", "EMAIL_BACKEND", "CELERY_BROKER_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="lpsa.settings",
        DATABASE_URL=_test_database_url(),
        # Close connections after each task so none outlives the test database.
        DB_CONN_MAX_AGE="0",
        REDIS_URL=os.environ.get("REDIS_URL") or celery_broker,
        CELERY_BROKER_URL=celery_broker,
        CELERY_TASK_DEFAULT_QUEUE=TASK_QUEUE,
        EMAIL_HOST=smtp_server.host,
        EMAIL_PORT=str(smtp_server.port),
        PYTHONUNBUFFERED="1",
        **extra,
    )
    return env


def start_worker(
    celery_broker: str, smtp_server: SmtpServer, log_path: Path, **extra_env: str
) -> WorkerProcess:
    """Starts a real `celery worker` on the test database, the Redis broker and the SMTP server,
    and waits until it answers a ping. `extra_env` sets more settings (NEWSLETTER_RATE=…)."""
    from lpsa.celery import app

    hostname = f"integration-{uuid.uuid4().hex[:8]}@%h"
    with log_path.open("ab") as log_file:
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "celery", "-A", "lpsa", "worker"),
                *("--pool", "solo", "--concurrency", "1", "-Q", TASK_QUEUE),
                *("--without-heartbeat", "--without-gossip", "--without-mingle"),
                *("--loglevel", "INFO", "--hostname", hostname),
            ],
            cwd=BASE_DIR,
            env=_process_env(celery_broker, smtp_server, extra_env),
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    worker = WorkerProcess(
        process=process, hostname=hostname.replace("%h", os.uname().nodename), log_path=log_path
    )

    def answers_ping() -> bool:
        if process.poll() is not None:
            pytest.fail(f"The worker exited with {process.returncode}.\n{worker.log_tail()}")
        return bool(app.control.ping(destination=[worker.hostname], timeout=0.5))

    try:
        wait_until(answers_ping, what="the worker to answer a ping", diagnostics=worker.log_tail)
    except BaseException:
        stop_process(process)
        raise
    return worker


def start_beat(
    celery_broker: str, smtp_server: SmtpServer, tmp_path: Path, **extra_env: str
) -> WorkerProcess:
    """A real `celery beat`, enqueueing CELERY_BEAT_SCHEDULE onto this run's queue."""
    log_path = tmp_path / "celery-beat.log"
    with log_path.open("ab") as log_file:
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "celery", "-A", "lpsa", "beat"),
                *("--schedule", str(tmp_path / "beat-schedule"), "--loglevel", "INFO"),
            ],
            cwd=BASE_DIR,
            env=_process_env(celery_broker, smtp_server, extra_env),
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    return WorkerProcess(process=process, hostname="beat", log_path=log_path)


def stop_process(process: subprocess.Popen, *, kill: bool = False) -> None:
    """SIGTERM (a warm shutdown: the task in hand finishes) or SIGKILL, then reaps it."""
    process.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture
def celery_worker_process(
    transactional_db, celery_broker, smtp_server, tmp_path
) -> Iterator[WorkerProcess]:
    """A real `celery worker` on the test database, the Redis broker and the SMTP server."""
    worker = start_worker(celery_broker, smtp_server, tmp_path / "celery-worker.log")
    try:
        yield worker
    finally:
        stop_process(worker.process)
