"""The version of what the events app keeps rendered or read for a page (lpsa/page_cache.py):
any saved or deleted event, registration, speaker or document moves it on, and so does a
change to what the pages name (a working group, a topic, a region)."""

from lpsa.page_cache import PageVersion

EVENTS = PageVersion("events:version")


def connect_signals() -> None:
    from events.models import Event, EventDocument, Registration, Speaker
    from taxonomy.models import Region, Topic
    from working_groups.models import WorkingGroup

    EVENTS.connect(
        Event,
        Registration,
        Speaker,
        EventDocument,
        WorkingGroup,
        Topic,
        Region,
        m2m=(Event.regions.through, Event.topics.through),
    )


# Fragments are keyed on the version, so an old one is never read; this only frees memory.
FRAGMENT_SECONDS = 6 * 3600
