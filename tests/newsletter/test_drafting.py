"""An issue's first draft: what is new since the list's last sent issue, in order, once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import Event
from library.models import Resource
from newsletter.drafting import FIRST_ISSUE_DAYS, draft_sections
from newsletter.models import Issue, IssueSection
from newsletter.services import NotEditable, create_issue, redraft_issue
from tests.blog.factories import BlogImageFactory, BlogPageFactory
from tests.events.factories import EventFactory
from tests.library.factories import ResourceFactory
from tests.newsletter.factories import (
    IssueFactory,
    IssueSectionFactory,
    SentIssueFactory,
    events_list,
    newsletter_list,
)
from tests.working_groups.factories import WorkingGroupFactory

pytestmark = pytest.mark.django_db


def ago(**delta):
    return timezone.now() - timedelta(**delta)


def post(days_ago: float, **fields):
    return BlogPageFactory(first_published_at=ago(days=days_ago), **fields)


def resource(days_ago: float, **fields):
    made = ResourceFactory(**fields)
    Resource.objects.filter(pk=made.pk).update(created_at=ago(days=days_ago))
    return made


def sources(issue: Issue) -> list[str]:
    return list(issue.sections.order_by("position").values_list("source", flat=True))


def test_posts_then_events_then_resources_each_oldest_first():
    newer_post, older_post = post(1), post(3)
    later_event = EventFactory(starts_at=timezone.now() + timedelta(days=20))
    sooner_event = EventFactory(starts_at=timezone.now() + timedelta(days=5))
    newer_resource, older_resource = resource(1), resource(2)

    issue = create_issue(mailing_list=newsletter_list(), subject="November news")

    assert sources(issue) == [
        f"blog:{older_post.pk}",
        f"blog:{newer_post.pk}",
        f"event:{sooner_event.pk}",
        f"event:{later_event.pk}",
        f"resource:{older_resource.pk}",
        f"resource:{newer_resource.pk}",
    ]
    assert list(issue.sections.values_list("position", flat=True)) == [0, 1, 2, 3, 4, 5]


def test_only_what_appeared_since_the_lists_last_sent_issue():
    SentIssueFactory(started_at=ago(days=10))
    post(12)
    resource(12)
    fresh_post, fresh_resource = post(2), resource(2)
    # A draft or scheduled issue of the list does not move the cut-off.
    IssueFactory(status=Issue.Status.SCHEDULED, scheduled_for=timezone.now() + timedelta(days=1))

    issue = create_issue(mailing_list=newsletter_list(), subject="News")

    assert sources(issue) == [f"blog:{fresh_post.pk}", f"resource:{fresh_resource.pk}"]


def test_without_a_sent_issue_the_last_sixty_days():
    post(FIRST_ISSUE_DAYS + 1)
    recent = post(FIRST_ISSUE_DAYS - 1)

    issue = create_issue(mailing_list=newsletter_list(), subject="First issue")

    assert sources(issue) == [f"blog:{recent.pk}"]


def test_an_upcoming_event_carried_by_a_sent_issue_is_not_drafted_again():
    carried, new = EventFactory(), EventFactory()
    IssueSectionFactory(issue=SentIssueFactory(), source=f"event:{carried.pk}")

    issue = create_issue(mailing_list=newsletter_list(), subject="News")

    assert sources(issue) == [f"event:{new.pk}"]


def test_only_what_visitors_may_read():
    post(1, live=False)
    EventFactory(visibility=Event.Visibility.MEMBERS)
    EventFactory(cancelled_at=timezone.now())
    EventFactory(starts_at=ago(days=3), ends_at=ago(days=3) + timedelta(hours=1))
    resource(1, access=Resource.Access.MEMBERS)

    issue = create_issue(mailing_list=newsletter_list(), subject="News")

    assert sources(issue) == []


def test_a_section_links_absolutely_and_its_image_is_a_sized_jpeg_with_alt_text(settings):
    image = BlogImageFactory(title="Mayors at the town hall", description="Mayors seated")
    published = post(1, featured_image=image, summary="What mayors said.")

    section = create_issue(mailing_list=newsletter_list(), subject="News").sections.get()

    assert section.kind == IssueSection.Kind.BLOG_POST
    assert section.heading == published.title
    assert section.body == "What mayors said."
    assert section.link_url == settings.SITE_URL + published.url
    assert section.image_url.startswith(settings.SITE_URL + settings.MEDIA_URL)
    assert section.image_url.endswith(".jpg")
    # The 1200x675 original, shown 560 wide.
    assert (section.image_width, section.image_height) == (560, 315)
    assert section.image_alt == "Mayors seated"


def test_an_event_section_gives_its_time_in_its_own_zone():
    event = EventFactory(time_zone="Africa/Nairobi", summary="Property tax reforms compared.")

    section = create_issue(mailing_list=newsletter_list(), subject="News").sections.get()

    assert section.source == f"event:{event.pk}"
    assert "(Africa/Nairobi)" in section.body
    assert section.body.endswith("Property tax reforms compared.")
    assert section.link_url.endswith(event.get_absolute_url())


def test_the_event_announcements_list_drafts_events_only():
    post(1)
    resource(1)
    event = EventFactory()

    issue = create_issue(mailing_list=events_list(), subject="Coming up")

    assert sources(issue) == [f"event:{event.pk}"]


def test_an_event_carried_by_another_lists_issue_is_still_drafted():
    event = EventFactory()
    announcement = SentIssueFactory(mailing_list=events_list())
    IssueSectionFactory(issue=announcement, source=f"event:{event.pk}")

    issue = create_issue(mailing_list=newsletter_list(), subject="News")

    assert sources(issue) == [f"event:{event.pk}"]


def test_a_working_groups_list_drafts_nothing():
    post(1)
    EventFactory()
    group = WorkingGroupFactory()

    issue = create_issue(mailing_list=group.mailing_list, subject="Group news")

    assert sources(issue) == []


def test_the_issue_gets_a_unique_slug_of_its_subject_and_day():
    first = create_issue(mailing_list=newsletter_list(), subject="LPSA News", draft=False)
    second = create_issue(mailing_list=newsletter_list(), subject="LPSA News", draft=False)

    day = timezone.localdate().isoformat()
    assert first.slug == f"lpsa-news-{day}"
    assert second.slug == f"lpsa-news-{day}-2"


def test_drafting_again_adds_only_what_is_new_after_the_sections_it_has():
    first = post(2)
    issue = create_issue(mailing_list=newsletter_list(), subject="News")
    IssueSection.objects.filter(issue=issue).update(position=7)
    second = post(1)

    added = redraft_issue(issue=issue)

    assert [section.source for section in added] == [f"blog:{second.pk}"]
    assert sources(issue) == [f"blog:{first.pk}", f"blog:{second.pk}"]
    assert issue.sections.get(source=f"blog:{second.pk}").position == 8


def test_an_issue_being_sent_is_not_drafted_again():
    issue = IssueFactory(status=Issue.Status.SENDING)
    post(1)

    with pytest.raises(NotEditable):
        redraft_issue(issue=issue)
    assert issue.sections.count() == 0


def test_drafting_asks_a_fixed_number_of_queries(django_assert_max_num_queries):
    for days in range(5):
        post(days + 1)
        EventFactory()
        resource(days + 1)
    issue = IssueFactory()

    # Each post's image rendition aside (none here): the queries do not grow with the items.
    with django_assert_max_num_queries(9):
        draft_sections(issue)
    assert issue.sections.count() == 15
