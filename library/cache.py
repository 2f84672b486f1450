"""The version of what the library keeps rendered or read for a page (lpsa/page_cache.py): any
saved or deleted resource, author, collection or glossary term moves it on, and so does a change
to what the pages name (a topic, a region, a language, a working group)."""

from lpsa.page_cache import PageVersion

LIBRARY = PageVersion("library:version")


def connect_signals() -> None:
    from library.models import (
        Author,
        Authorship,
        Collection,
        CollectionItem,
        GlossaryTerm,
        GlossaryTranslation,
        Resource,
        ResourceCountry,
    )
    from taxonomy.models import Language, Region, Topic
    from working_groups.models import WorkingGroup

    LIBRARY.connect(
        Resource,
        Author,
        Authorship,
        ResourceCountry,
        Collection,
        CollectionItem,
        GlossaryTerm,
        GlossaryTranslation,
        WorkingGroup,
        Topic,
        Region,
        Language,
        m2m=(
            Resource.topics.through,
            Resource.regions.through,
            GlossaryTerm.related.through,
        ),
    )


# Fragments are keyed on the version, so an old one is never read; this only frees memory.
FRAGMENT_SECONDS = 6 * 3600
