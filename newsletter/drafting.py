"""An issue's first draft: what is new since the list's last issue, as sections staff then edit.

Blog posts first published since the last sent issue, upcoming public events no sent issue
carried, then open library resources added since; in that order, each ordered by date. The
event announcements list drafts its events only. A working group's list drafts nothing: its news
is written by hand (its members do not need the Alliance's whole news again).
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from newsletter.models import Issue, IssueSection, MailingList

# An issue of a list that never sent one drafts what appeared in this many days.
FIRST_ISSUE_DAYS = 60
# The featured image as email clients get it: a JPEG twice the width it is shown at, for sharp
# screens; clients that ignore the width attribute still get a reasonable file.
IMAGE_FILTER = "width-1120|format-jpeg|jpegquality-80"
IMAGE_SHOWN_WIDTH = 560
# Sections drafted per kind, so a busy quarter does not make a mail no one reads to the end.
MOST_PER_KIND = 10


def drafted_since(issue: Issue):
    """When the list's last sent issue started going out, or FIRST_ISSUE_DAYS ago."""
    last = (
        Issue.objects.filter(mailing_list_id=issue.mailing_list_id, status=Issue.Status.SENT)
        .exclude(pk=issue.pk)
        .aggregate(last=Max("started_at"))["last"]
    )
    return last or timezone.now() - timedelta(days=FIRST_ISSUE_DAYS)


def carried_sources(issue: Issue) -> set[str]:
    """What the list's issues that went out (or are going) carried already."""
    return set(
        IssueSection.objects.filter(
            issue__mailing_list_id=issue.mailing_list_id,
            issue__status__in=[Issue.Status.SENDING, Issue.Status.SENT],
        )
        .exclude(source="")
        .values_list("source", flat=True)
    )


def _ids(carried: set[str], prefix: str) -> list[int]:
    keys = (source.partition(":") for source in carried)
    return [int(key) for kind, _colon, key in keys if kind == prefix and key.isdigit()]


def absolute(url: str) -> str:
    return url if url.startswith(("http://", "https://")) else settings.SITE_URL + url


def _post_sections(since, carried: set[str]) -> list[IssueSection]:
    from blog.models import BlogPage

    posts = (
        BlogPage.objects.for_readers()
        .filter(first_published_at__gt=since)
        .exclude(pk__in=_ids(carried, "blog"))
        .select_related("featured_image")
        .defer_streamfields()
        .order_by("first_published_at", "pk")[:MOST_PER_KIND]
    )
    sections = []
    for post in posts:
        section = IssueSection(
            kind=IssueSection.Kind.BLOG_POST,
            heading=post.title[:200],
            body=post.summary,
            link_url=absolute(post.url),
            link_label=_("Read the post"),
            source=f"blog:{post.pk}",
        )
        if post.featured_image is not None:
            rendition = post.featured_image.get_rendition(IMAGE_FILTER)
            section.image_url = absolute(rendition.url)[:500]
            section.image_width = IMAGE_SHOWN_WIDTH
            section.image_height = round(rendition.height * IMAGE_SHOWN_WIDTH / rendition.width)
            section.image_alt = (rendition.alt or post.title)[:250]
        sections.append(section)
    return sections


def _event_sections(carried: set[str]) -> list[IssueSection]:
    from events.models import Event

    events = (
        Event.objects.visible_to(AnonymousUser())
        .upcoming()
        .filter(cancelled_at__isnull=True)
        .exclude(pk__in=_ids(carried, "event"))
        .order_by("starts_at", "pk")[:MOST_PER_KIND]
    )
    sections = []
    for event in events:
        # The time in the event's own zone, named: readers are everywhere.
        starts = timezone.localtime(event.starts_at, timezone=_zone(event.time_zone))
        when = f"{date_format(starts, 'DATETIME_FORMAT')} ({event.time_zone.replace('_', ' ')})"
        sections.append(
            IssueSection(
                kind=IssueSection.Kind.EVENT,
                heading=event.title[:200],
                body="\n\n".join(part for part in (when, event.summary) if part),
                link_url=absolute(event.get_absolute_url()),
                link_label=_("See the event and register"),
                source=f"event:{event.pk}",
            )
        )
    return sections


def _zone(name: str):
    import zoneinfo

    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def _resource_sections(since, carried: set[str]) -> list[IssueSection]:
    from library.models import Resource

    resources = (
        Resource.objects.current_editions()
        .open_access()
        .filter(created_at__gt=since)
        .exclude(pk__in=_ids(carried, "resource"))
        .order_by("created_at", "pk")[:MOST_PER_KIND]
    )
    return [
        IssueSection(
            kind=IssueSection.Kind.RESOURCE,
            heading=resource.title[:200],
            body=resource.summary[:3000],
            link_url=absolute(resource.get_absolute_url()),
            link_label=_("Open in the library"),
            source=f"resource:{resource.pk}",
        )
        for resource in resources
    ]


def draft_sections(issue: Issue) -> list[IssueSection]:
    """Adds sections for what is new to `issue`, after any it has, skipping what it carries
    already (drafting again adds only what appeared since). Returns the sections added."""
    if issue.mailing_list.group_id is not None:
        return []
    since = drafted_since(issue)
    carried = carried_sources(issue)
    own = list(issue.sections.values_list("source", "position"))
    carried |= {source for source, _position in own if source}
    start = max((position for _source, position in own), default=-1) + 1
    if issue.mailing_list.kind == MailingList.Kind.EVENTS:
        # Its subscribers asked for event announcements only.
        sections = _event_sections(carried)
    else:
        sections = [
            *_post_sections(since, carried),
            *_event_sections(carried),
            *_resource_sections(since, carried),
        ]
    for offset, section in enumerate(sections):
        section.issue = issue
        section.position = start + offset
    return IssueSection.objects.bulk_create(sections)
