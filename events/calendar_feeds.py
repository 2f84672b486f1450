"""Members' personal calendar feeds: the secret address of the events they registered for.

Kept apart from `services.py`: the token is the whole of the feed's protection (a calendar app
fetches it without a session), so making and replacing it lives in one small place.
"""

import secrets

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from events.models import CalendarFeed


def new_feed_token() -> str:
    # 32 random bytes, 43 URL-safe characters: the slug converter's alphabet.
    return secrets.token_urlsafe(32)


def personal_feed_for(user) -> CalendarFeed:
    """The member's feed, made on first use."""
    feed, _created = CalendarFeed.objects.get_or_create(
        user=user, defaults={"token": new_feed_token}
    )
    return feed


@transaction.atomic
def reset_personal_feed(user) -> CalendarFeed:
    """A new token for the member's feed; the old address answers 404 from now on."""
    feed, _created = CalendarFeed.objects.update_or_create(
        user=user, defaults={"token": new_feed_token()}
    )
    return feed


def personal_feed_url(feed: CalendarFeed) -> str:
    """The address to paste into a calendar app: absolute, since it is used outside the site."""
    return settings.SITE_URL + reverse("events:personal_feed", kwargs={"token": feed.token})
