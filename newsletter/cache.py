"""The version of what the newsletter's pages keep rendered (lpsa/page_cache.py): the subscribe
form's fields and the archive. A saved or deleted list, issue or section moves it on, and so
does a change to what the form offers (a working group, whose list follows its visibility; a
topic; a region). An issue becomes sent by an UPDATE, not a save: sending.py moves it then."""

from lpsa.page_cache import PageVersion

NEWSLETTER = PageVersion("newsletter:version")

# Fragments are keyed on the version, so an old one is never read; this only frees memory.
FRAGMENT_SECONDS = 6 * 3600


def connect_signals() -> None:
    from newsletter.models import Issue, IssueSection, MailingList
    from taxonomy.models import Region, Topic
    from working_groups.models import WorkingGroup

    NEWSLETTER.connect(MailingList, Issue, IssueSection, WorkingGroup, Topic, Region)
