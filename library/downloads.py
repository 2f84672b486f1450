"""Counting the library's downloads: per resource, per day (UTC) and per world region, raw
(every counted request) and unique (a visitor's first in 24 hours).

Not counted: bots (their user agent, by crawlerdetect; an empty one is a bot too), HEAD requests,
and ranges that do not start at the first byte (a resumed or seeking download is the same
download). A visitor is recognised by an HMAC of who they are (a member's id, else their address
and user agent) under a random salt of the day: no address is stored, and once the day's salt
and yesterday's are deleted (`forget_old_downloads`, run by the beat) nothing links a hash to
anyone. A visitor is "seen" when a row under today's or yesterday's salt is younger than 24
hours, so 23:59 and 00:01 are one visitor.
"""

import hashlib
import hmac
import re
import secrets
from datetime import UTC, date, datetime, timedelta

from crawlerdetect import CrawlerDetect
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from library.cache import LIBRARY
from library.models import DownloadSalt, DownloadTally, RecentDownload, Resource

REPEAT_WINDOW = timedelta(hours=24)
# The regular expressions are compiled once per process; the detector caches recent answers.
_CRAWLERS = CrawlerDetect()
_FIRST_RANGE = re.compile(r"^\s*bytes\s*=\s*(\d*)\s*-")


def is_bot(user_agent: str) -> bool:
    user_agent = user_agent.strip()
    return not user_agent or _CRAWLERS.is_crawler(user_agent)


def resumes_past_start(range_header: str) -> bool:
    """Whether a Range header asks for bytes after the first (`bytes=100-`) or from the end
    (`bytes=-500`): the rest of a download already counted. A header that is not a byte range
    is ignored, as the serving is."""
    match = _FIRST_RANGE.match(range_header or "")
    if match is None:
        return False
    first = match.group(1)
    return first == "" or int(first) > 0


def is_counted_request(request: HttpRequest) -> bool:
    return (
        request.method == "GET"
        and not is_bot(request.headers.get("User-Agent", ""))
        and not resumes_past_start(request.headers.get("Range", ""))
    )


def _salts(today: date) -> dict[date, str]:
    """Today's and yesterday's salts, today's made on the day's first download."""
    yesterday = today - timedelta(days=1)
    salts = dict(DownloadSalt.objects.filter(day__in=(today, yesterday)).values_list("day", "salt"))
    if today not in salts:
        salt, _created = DownloadSalt.objects.get_or_create(
            day=today, defaults={"salt": secrets.token_hex(32)}
        )
        salts[today] = salt.salt
    return salts


def _identity(request: HttpRequest) -> str:
    if request.user.is_authenticated:
        return f"member:{request.user.pk}"
    address = request.META.get("REMOTE_ADDR", "")
    return f"visitor:{address}\n{request.headers.get('User-Agent', '')}"


def visitor_hash(salt: str, identity: str) -> str:
    return hmac.new(salt.encode(), identity.encode(), hashlib.sha256).hexdigest()


def _region_of(request: HttpRequest) -> str:
    if not request.user.is_authenticated:
        return ""
    from members.models import Profile

    region = Profile.objects.filter(user=request.user).values_list("world_region", flat=True)
    return next(iter(region), None) or ""


def count_download(
    *, resource: Resource, request: HttpRequest, now: datetime | None = None
) -> bool:
    """Counts the request as a download of `resource` if it is one (see the module's rules);
    returns whether it was counted."""
    if not is_counted_request(request):
        return False
    record_download(
        resource=resource,
        identity=_identity(request),
        region=_region_of(request),
        now=now or timezone.now(),
    )
    return True


@transaction.atomic
def record_download(*, resource: Resource, identity: str, region: str, now: datetime) -> bool:
    """Adds one raw download, and one unique if the visitor has not downloaded the resource in
    the past 24 hours; returns whether it was unique.

    The day's tally row is created if missing and then locked, so two downloads by the same
    visitor at once are one unique download, and concurrent ones all add up."""
    today = now.astimezone(UTC).date()
    salts = _salts(today)
    hashes = {day: visitor_hash(salt, identity) for day, salt in salts.items()}
    DownloadTally.objects.bulk_create(
        [DownloadTally(resource=resource, day=today, region=region)], ignore_conflicts=True
    )
    tally = (
        DownloadTally.objects.select_for_update()
        .filter(resource=resource, day=today, region=region)
        .values_list("pk", flat=True)
        .get()
    )
    seen = RecentDownload.objects.filter(
        resource=resource, visitor__in=hashes.values(), at__gt=now - REPEAT_WINDOW
    ).exists()
    unique = not seen
    DownloadTally.objects.filter(pk=tally).update(
        raw=F("raw") + 1, unique=F("unique") + (1 if unique else 0)
    )
    if unique:
        RecentDownload.objects.create(resource=resource, visitor=hashes[today], at=now)
        Resource.objects.filter(pk=resource.pk).update(download_count=F("download_count") + 1)
        # The resource's page shows the count (kept under the library's version).
        transaction.on_commit(LIBRARY.bump)
    return unique


def forget_old_downloads(*, now: datetime | None = None) -> tuple[int, int]:
    """Deletes who downloaded what once 24 hours have passed, and the salts of days before
    yesterday; returns how many of each were deleted."""
    now = now or timezone.now()
    recent, _ = RecentDownload.objects.filter(at__lte=now - REPEAT_WINDOW).delete()
    salts, _ = DownloadSalt.objects.filter(
        day__lt=now.astimezone(UTC).date() - timedelta(days=1)
    ).delete()
    return recent, salts
