"""The embedded default (SQLite, nothing else set) serves a few people at once without errors.

A real server on a temporary SQLite file: gunicorn with two worker processes of five threads,
so ten requests write at the same time from two processes, as they would on a small install.
"""

import http.client
import os
import re
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.integration.conftest import BASE_DIR, free_port, wait_until

pytestmark = pytest.mark.integration

SIMULTANEOUS_POSTS = 10
PASSWORD = "a long test password 42"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# Two members through the factories, so their rows are what sign-up would leave.
SEED_MEMBERS = f"""
from tests.members.factories import MemberFactory
from django.contrib.auth.hashers import make_password
sender = MemberFactory(email="sender@example.org", password=make_password({PASSWORD!r}))
recipient = MemberFactory(email="recipient@example.org")
print(recipient.profile.pk)
"""


@dataclass
class Server:
    port: int
    log_path: Path

    def log_tail(self, lines: int = 60) -> str:
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return "Server log (tail):\n" + "\n".join(text.splitlines()[-lines:])


class Browser:
    """One visitor's cookies, over plain http.client so that redirects are not followed."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read().decode(errors="replace")
        finally:
            connection.close()
        return response.status, response.getheaders(), content

    def get_form(self, path: str) -> str:
        status, headers, content = self.request("GET", path)
        assert status == 200, (path, status)
        self.keep_cookies(headers)
        return CSRF_FIELD.search(content).group(1)

    def post(self, path: str, form: dict) -> tuple[int, str]:
        status, headers, content = self.request("POST", path, form)
        self.keep_cookies(headers)
        return status, content

    def keep_cookies(self, headers) -> None:
        for name, value in headers:
            if name.lower() == "set-cookie":
                for morsel in SimpleCookie(value).values():
                    self.cookies[morsel.key] = morsel.value


def portal_environment(database: Path, tmp_path: Path) -> dict[str, str]:
    """The embedded default: no DATABASE_URL server, no Redis, tasks in-process."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "CELERY_BROKER_URL", "EMAIL_HOST"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="lpsa.settings",
        DATABASE_URL=f"sqlite:///{database}",
        MEDIA_ROOT=str(tmp_path / "media"),
        LPSA_DISABLE_RATE_LIMITS="1",
        CONTACT_RELAY_DAILY_LIMIT="1000",
        # The relay's mail is rendered and "sent" in the request, which writes sent_at too.
        CELERY_TASK_ALWAYS_EAGER="1",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def sqlite_portal(tmp_path) -> Iterator[tuple[Server, Path, int]]:
    database = tmp_path / "portal.sqlite3"
    env = portal_environment(database, tmp_path)
    manage(env, "migrate", "--no-input")
    recipient_profile_id = int(manage(env, "shell", "-c", SEED_MEMBERS).split()[-1])

    server = Server(port=free_port(), log_path=tmp_path / "gunicorn.log")
    with server.log_path.open("wb") as log_file:
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "gunicorn", "lpsa.wsgi"),
                *("--bind", f"127.0.0.1:{server.port}"),
                *("--workers", "2", "--threads", "5", "--worker-class", "gthread"),
                *("--timeout", "60", "--error-logfile", "-", "--access-logfile", "-"),
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )

    def answers() -> bool:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited with {process.returncode}.\n{server.log_tail()}")
        try:
            return Browser(server.port).request("GET", "/healthz")[0] == 200
        except OSError:
            return False

    try:
        wait_until(answers, what="gunicorn to answer", diagnostics=server.log_tail)
        yield server, database, recipient_profile_id
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_ten_simultaneous_contact_messages_on_sqlite_are_all_stored(sqlite_portal):
    server, database, recipient_profile_id = sqlite_portal
    member = Browser(server.port)
    token = member.get_form("/accounts/login/")
    status, _ = member.post(
        "/accounts/login/",
        {"csrfmiddlewaretoken": token, "login": "sender@example.org", "password": PASSWORD},
    )
    assert status == 302, server.log_tail()
    contact_path = f"/members/{recipient_profile_id}/contact/"
    token = member.get_form(contact_path)

    start = threading.Barrier(SIMULTANEOUS_POSTS)
    statuses: list[int] = []

    def post_message(number: int) -> None:
        form = {
            "csrfmiddlewaretoken": token,
            "subject": f"Message {number}",
            "body": f"Hello, this is simultaneous message number {number}.",
        }
        start.wait()
        # Each thread sends its own request; they share only the member's cookies, read here.
        statuses.append(member.request("POST", contact_path, form)[0])

    threads = [
        threading.Thread(target=post_message, args=(number,))
        for number in range(SIMULTANEOUS_POSTS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert sorted(statuses) == [302] * SIMULTANEOUS_POSTS, (
        f"{sorted(statuses)}\n{server.log_tail()}"
    )
    with sqlite3.connect(database) as db:
        subjects = {row[0] for row in db.execute("SELECT subject FROM members_contactmessage")}
        unsent = db.execute(
            "SELECT COUNT(*) FROM members_contactmessage WHERE sent_at IS NULL"
        ).fetchone()[0]
        journal_mode = db.execute("PRAGMA journal_mode").fetchone()[0]
    assert journal_mode == "wal"
    assert subjects == {f"Message {number}" for number in range(SIMULTANEOUS_POSTS)}
    assert unsent == 0
