import uuid

import pytest
from django.core.cache import cache

from tests.members.factories import MemberFactory, ProfileFactory, StaffFactory


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    # Unit tests run tasks in-process and keep mail in memory; integration tests undo this.
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from lpsa.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False
    cache.clear()


@pytest.fixture(autouse=True)
def _private_cache_namespace(settings):
    # Rate-limit counters and cached region counts live in the shared Redis database; a key
    # prefix per test keeps other test runs on the same machine from skewing them.
    settings.CACHES = {
        alias: {**config, "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}
        for alias, config in settings.CACHES.items()
    }


@pytest.fixture
def member(db):
    """A verified member with a listed, members-only profile."""
    return MemberFactory()


@pytest.fixture
def other_member(db):
    return MemberFactory()


@pytest.fixture
def staff(db):
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
