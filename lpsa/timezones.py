"""Which time zone a viewer sees times in: their profile's, else their browser's, else UTC.

The profile's zone is kept in the session under SESSION_KEY (read once after login, refreshed
when the profile is saved), so the zone costs no query per request and lpsa imports no app:
the members app calls `remember_zone` when a member logs in or edits their profile.
"""

import functools
import zoneinfo

SESSION_KEY = "lpsa_time_zone"
BROWSER_COOKIE = "tz"
# Stored when the member has no zone of their own, so the session still says "looked up".
NO_ZONE = ""


@functools.cache
def known_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones() - {"localtime"})


def is_known(name: str | None) -> bool:
    return bool(name) and name in known_zones()


def remember_zone(request, name: str | None) -> None:
    request.session[SESSION_KEY] = name if is_known(name) else NO_ZONE


def zone_for(request) -> zoneinfo.ZoneInfo | None:
    name = None
    session = getattr(request, "session", None)
    if session is not None and getattr(request, "user", None) and request.user.is_authenticated:
        name = session.get(SESSION_KEY)
    if not is_known(name):
        name = request.COOKIES.get(BROWSER_COOKIE)
    return zoneinfo.ZoneInfo(name) if is_known(name) else None


def zone_label(zone) -> str:
    """A zone's name as people read it: "America/Sao_Paulo" → "America/Sao Paulo"."""
    return str(zone).replace("_", " ")
