"""Caching rendered pages and fragments: versions that change with the rows they show, and marks
for the few per-request parts (a CSRF token, a viewer's own state) filled into stored HTML.

A `PageVersion` is a number in the cache that moves on whenever a row a page could show is saved
or deleted (signal receivers connected by the owning app). Fragments are stored under the version
current when they were rendered, so a changed row is never read stale: the next request asks for a
key no one has stored yet. The version moves at once (a later request in the same transaction sees
the change) and again when the transaction commits (a request that read the new version before
the commit, and so the old rows, stored its fragment under a version no one will ask for).
"""

import hashlib
import re
import time
from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language


class PageVersion:
    def __init__(self, key: str, *, ignored_fields: Iterable[str] = ()) -> None:
        self.key = key
        # A save that changes only these (a log-in's `last_login`) changes no page.
        self.ignored_fields = frozenset(ignored_fields)
        self._request_attribute = "_page_version_" + re.sub(r"\W", "_", key)

        # One function object, so that a transaction's on-commit list holds it at most once.
        def bump() -> None:
            cache.set(self.key, time.time_ns(), None)

        self.bump = bump

    def current(self, request=None) -> int:
        """The current version; with `request`, read once per request however many of its
        parts key on it."""
        if request is not None and hasattr(request, self._request_attribute):
            return getattr(request, self._request_attribute)
        version = cache.get(self.key)
        if version is None:
            cache.add(self.key, time.time_ns(), None)
            version = cache.get(self.key)
        if request is not None:
            setattr(request, self._request_attribute, version)
        return version

    def changed(self, *, update_fields=None, **kwargs) -> None:
        """A signal receiver for post_save, post_delete and m2m_changed."""
        if update_fields is not None and set(update_fields) <= self.ignored_fields:
            return
        self.bump()
        if not any(func is self.bump for _, func, _ in connection.run_on_commit):
            transaction.on_commit(self.bump)

    def connect(self, *models, m2m: Iterable = ()) -> None:
        """Moves the version on any save or delete of `models` and any change of the `m2m`
        through tables."""
        for model in models:
            for signal, verb in ((post_save, "save"), (post_delete, "delete")):
                signal.connect(
                    self.changed,
                    sender=model,
                    weak=False,
                    dispatch_uid=f"{self.key}-{model._meta.label}-{verb}",
                )
        for through in m2m:
            m2m_changed.connect(
                self.changed,
                sender=through,
                weak=False,
                dispatch_uid=f"{self.key}-{through._meta.label}-m2m",
            )


def fragment_key(name: str, version: int, *parts) -> str:
    """A cache key for a fragment rendered under `version` for the active language and time
    zone (every time shown is in the viewer's zone) and whatever else it depends on (`parts`)."""
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()
    zone = timezone.get_current_timezone_name()
    return f"fragment:{name}:{version}:{get_language()}:{zone}:{digest}"


# --- Marks: per-request parts of stored HTML ------------------------------------------------
# A mark is NUL-delimited, so it can appear in no text a template escapes nor in any attribute.
_MARK = re.compile(r"\x00([a-z-]+)(?::(\d+))?\x00")
CSRF_MARK = mark_safe("\x00csrf\x00")


def mark(name: str, pk: int | None = None) -> SafeString:
    """A place in stored HTML for a part `fill_marks` puts in per request."""
    return mark_safe(f"\x00{name}\x00" if pk is None else f"\x00{name}:{pk}\x00")


def fill_marks(
    html: str, request, parts: Callable[[str, int | None], str] | None = None
) -> SafeString:
    """The stored HTML with this request's CSRF input and, for every other mark, what `parts`
    returns for its name and number (already escaped HTML), in one pass over the text."""
    csrf_input = None

    def replace(match: re.Match) -> str:
        nonlocal csrf_input
        name, number = match.group(1), match.group(2)
        if name == "csrf":
            if csrf_input is None:
                csrf_input = format_html(
                    '<input type="hidden" name="csrfmiddlewaretoken" value="{}">',
                    get_token(request),
                )
            return csrf_input
        if parts is None:
            raise ValueError(f"no part for the mark {name!r}")
        return parts(name, int(number) if number else None)

    # The stored HTML was escaped when rendered; each part is escaped by whoever made it.
    return mark_safe(_MARK.sub(replace, html))
