import os
import uuid
from typing import NoReturn

import pytest
from django.core.cache import caches
from django.utils import translation

from tests.members.factories import MemberFactory, ProfileFactory, StaffFactory, activate_totp
from tests.newsletter import guard


def missing_requirement(what: str, *, install: str) -> NoReturn:
    """Skips a test that needs something this machine lacks; in CI (`CI` set) fails it instead.

    A developer without Chromium or Redis can still run the rest of the suite; CI must never
    report green while a whole kind of test silently did not run.
    """
    message = f"{what} is missing: {install}"
    if os.environ.get("CI"):
        pytest.fail(f"CI runs every test, but {message}", pytrace=False)
    pytest.skip(message)


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    # Unit tests run tasks in-process and keep mail in memory; integration tests undo this.
    settings.CELERY_TASK_ALWAYS_EAGER = True
    # Django's in-memory backend, which also checks that no newsletter mail goes to anyone not
    # subscribed and confirmed (tests/newsletter/guard.py).
    settings.EMAIL_BACKEND = "tests.newsletter.guard.GuardedLocmemBackend"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LIBRARY_FILES_ROOT = tmp_path / "library"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from lpsa.celery import app

    app.conf.task_always_eager = True
    seen = len(guard.violations)
    yield
    app.conf.task_always_eager = False
    # LocaleMiddleware activates the request's language in this thread and nothing undoes it:
    # after a test that asked for French, the next test would otherwise run in French.
    translation.deactivate()
    # A violation raised inside a task or a view may have been caught on its way (a retry, a
    # failure recorded): the test still fails.
    assert guard.violations[seen:] == [], guard.violations[seen:]


class _FrozenClock:
    """The rate limiter's clock, stopped: django-ratelimit counts in fixed windows that end at a
    moment of their own, and a window ending in the middle of a test that makes the 21st of 20
    allowed requests would reset the count, so that request would pass (seen once in CI)."""

    def __init__(self, now: float):
        self.now = now

    def time(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def _rate_limit_clock(monkeypatch):
    import time

    import django_ratelimit.core

    monkeypatch.setattr(django_ratelimit.core, "time", _FrozenClock(time.time()))


def delete_cache_keys(alias: str, prefix: str) -> None:
    """Deletes the keys under `prefix` only: the Redis database may serve other test runs."""
    cache = caches[alias]
    redis_cache = getattr(cache, "_cache", None)
    if hasattr(redis_cache, "get_client"):
        client = redis_cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
    else:
        # An in-process cache (local memory) belongs to this run alone.
        cache.clear()


@pytest.fixture(autouse=True)
def cache_key_prefix(settings) -> str:
    """Each test's cache keys (rate-limit counters, cached totals) under a prefix of its own.

    Other test runs on the same machine may share the Redis database, so a test neither sees
    their keys nor flushes them: it deletes only its own afterwards.
    """
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {
        alias: {**config, "KEY_PREFIX": prefix} for alias, config in settings.CACHES.items()
    }
    yield prefix
    for alias in settings.CACHES:
        delete_cache_keys(alias, prefix)


@pytest.fixture
def clear_cache(settings, cache_key_prefix):
    """Empties this test's part of the cache, as if it had expired."""
    return lambda: [delete_cache_keys(alias, cache_key_prefix) for alias in settings.CACHES]


@pytest.fixture
def member(db):
    """A verified member with a listed, members-only profile."""
    return MemberFactory()


@pytest.fixture
def other_member(db):
    return MemberFactory()


@pytest.fixture
def staff(db):
    """Staff as the portal requires them: signing in with a second factor (TOTP)."""
    user = StaffFactory()
    activate_totp(user)
    return user


@pytest.fixture
def staff_without_2fa(db):
    return StaffFactory()


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def profile_factory(db):
    return ProfileFactory
