"""The version of everything the directory and profile pages show, for caching their HTML.

Rendered directory results are cached under the version current when they were rendered; any
change to what a page could show (a profile, its expertise, an account, a confirmed address, a
topic's name) moves the version on, so the next request renders afresh and nothing stale is
ever read. The version moves at once (a later request in the same transaction sees the change)
and again when the transaction commits (a request that read the new version before the commit,
and so the old rows, stored its page under a version no one will ask for).
"""

import time

from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

VERSION_KEY = "members:directory-version"


def directory_version(request=None) -> int:
    """The current version; with `request`, read once per request however many of its parts
    (the directory, the home's panels) key on it."""
    if request is not None and hasattr(request, "_directory_version"):
        return request._directory_version
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), None)
        version = cache.get(VERSION_KEY)
    if request is not None:
        request._directory_version = version
    return version


def bump_directory_version() -> None:
    cache.set(VERSION_KEY, time.time_ns(), None)


def directory_changed(*, update_fields=None, **kwargs) -> None:
    """A signal receiver: other apps whose rows these pages show connect it to their models."""
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # every log-in saves this; no page shows it
    bump_directory_version()
    # Once per transaction, however many rows it changes.
    if not any(func is bump_directory_version for _, func, _ in connection.run_on_commit):
        transaction.on_commit(bump_directory_version)


def connect_signals() -> None:
    from members.models import Profile, User
    from taxonomy.models import Topic

    for model in (Profile, User, EmailAddress, Topic):
        post_save.connect(
            directory_changed, sender=model, dispatch_uid=f"directory-{model.__name__}-save"
        )
        post_delete.connect(
            directory_changed, sender=model, dispatch_uid=f"directory-{model.__name__}-delete"
        )
    m2m_changed.connect(
        directory_changed, sender=Profile.expertise.through, dispatch_uid="directory-expertise"
    )
    m2m_changed.connect(
        directory_changed, sender=Profile.languages.through, dispatch_uid="directory-languages"
    )
