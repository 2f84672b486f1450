"""The version of what the events app keeps rendered or read for a page (lpsa/page_cache.py):
any saved or deleted event, registration, speaker or document moves it on."""

from lpsa.page_cache import PageVersion

EVENTS = PageVersion("events:version")


def connect_signals() -> None:
    from events.models import Event, EventDocument, Registration, Speaker

    EVENTS.connect(Event, Registration, Speaker, EventDocument, m2m=(Event.regions.through,))
