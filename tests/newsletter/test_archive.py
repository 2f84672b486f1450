"""The public archive of sent issues and its feeds: only sent issues of the site's lists that
are marked for the archive."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from newsletter.models import Issue, MailingList
from tests.newsletter.factories import (
    IssueFactory,
    IssueSectionFactory,
    SentIssueFactory,
    events_list,
)
from tests.working_groups.factories import WorkingGroupFactory

pytestmark = pytest.mark.django_db

ARCHIVE = "/newsletter/issues/"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def issues(newsletter):
    now = timezone.now()
    older = SentIssueFactory(subject="March issue", finished_at=now - timedelta(days=60))
    newer = SentIssueFactory(
        subject="May issue", mailing_list=events_list(), finished_at=now - timedelta(days=1)
    )
    IssueFactory(subject="Draft issue")
    IssueFactory(subject="Going out now", status=Issue.Status.SENDING)
    SentIssueFactory(subject="Kept out of the archive", in_archive=False)
    group_list = MailingList.objects.get(group=WorkingGroupFactory())
    SentIssueFactory(subject="Group news", mailing_list=group_list)
    return newer, older


def test_the_archive_lists_sent_archived_site_issues_newest_first(client, issues):
    response = client.get(ARCHIVE)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("May issue") < html.index("March issue")
    for hidden in ("Draft issue", "Going out now", "Kept out of the archive", "Group news"):
        assert hidden not in html
    assert 'type="application/rss+xml"' in html and reverse("newsletter:archive_rss") in html
    assert 'type="application/atom+xml"' in html and reverse("newsletter:archive_atom") in html


def test_the_archive_costs_the_same_queries_as_issues_grow(
    client, newsletter, django_assert_max_num_queries
):
    SentIssueFactory.create_batch(3)
    with django_assert_max_num_queries(8) as few:
        client.get(ARCHIVE)
    SentIssueFactory.create_batch(40)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(ARCHIVE)
    assert response.content.decode().count('<li class="card">') == 20
    assert client.get(ARCHIVE + "?page=3").status_code == 200
    assert client.get(ARCHIVE + "?page=4").status_code == 404


def test_the_archive_is_kept_rendered_and_shows_an_issue_as_soon_as_it_is_sent(
    client, newsletter, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    from newsletter import sending
    from tests.newsletter.factories import SubscriptionFactory

    SentIssueFactory(subject="March issue")
    client.get(ARCHIVE)
    with django_assert_max_num_queries(0):
        assert "March issue" in client.get(ARCHIVE).content.decode()

    SubscriptionFactory()
    issue = IssueFactory(subject="June issue")
    with django_capture_on_commit_callbacks(execute=False):
        sending.send_now(issue=issue)
    with django_capture_on_commit_callbacks(execute=False):
        sending.prepare_issue(issue_id=issue.pk)
    assert "June issue" not in client.get(ARCHIVE).content.decode(), "not while it is sending"
    with django_capture_on_commit_callbacks(execute=False):
        while sending.send_batch(issue_id=issue.pk):
            pass
        sending.send_batch(issue_id=issue.pk)  # finds nothing left: the issue is sent
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT
    assert "June issue" in client.get(ARCHIVE).content.decode()


def test_an_issue_page_shows_its_intro_and_sections(
    client, newsletter, django_assert_max_num_queries
):
    issue = SentIssueFactory(subject="July issue", intro="Dear members,\n\nA busy month.")
    IssueSectionFactory(issue=issue, heading="Fiscal transfers", link_label="Read the post")
    IssueSectionFactory(issue=issue, heading="Property tax webinar")
    with django_assert_max_num_queries(6):
        response = client.get(issue.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>July issue</h1>" in html
    assert "<p>A busy month.</p>" in html
    assert html.index("Fiscal transfers") < html.index("Property tax webinar")
    assert 'href="https://lpsa.example/blog/fiscal-transfers/">Read the post</a>' in html


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Issue.Status.DRAFT},
        {"status": Issue.Status.SCHEDULED},
        {"status": Issue.Status.SENDING},
        {"status": Issue.Status.SENT, "in_archive": False},
    ],
)
def test_an_issue_not_in_the_archive_is_404(client, newsletter, fields):
    issue = IssueFactory(**fields)
    assert client.get(issue.get_absolute_url()).status_code == 404


def test_a_groups_issue_is_404(client):
    group_list = MailingList.objects.get(group=WorkingGroupFactory())
    issue = SentIssueFactory(mailing_list=group_list)
    assert client.get(issue.get_absolute_url()).status_code == 404


def test_the_rss_feed_has_the_archives_issues_with_absolute_links(client, issues, settings):
    settings.SITE_URL = "https://portal.lpsa.example"
    response = client.get(reverse("newsletter:archive_rss"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["May issue", "March issue"]
    newer = issues[0]
    assert items[0].findtext("link") == "https://portal.lpsa.example" + newer.get_absolute_url()
    assert channel.findtext("link") == "https://portal.lpsa.example" + reverse("newsletter:archive")


def test_the_atom_feed_has_the_same_issues(client, issues, settings):
    settings.SITE_URL = "https://portal.lpsa.example"
    response = client.get(reverse("newsletter:archive_atom"))
    assert response.status_code == 200
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["May issue", "March issue"]
    assert entries[0].find(f"{ATOM}link").get("href").startswith("https://portal.lpsa.example/")


def test_the_sitemap_lists_the_archived_issues_only(client, issues):
    from tests.blog.test_seo import sitemap_locations

    paths = [location.split("://", 1)[1].split("/", 1)[1] for location in sitemap_locations(client)]
    archived = {f"newsletter/issues/{issue.slug}/" for issue in issues}
    listed = {path for path in paths if path.startswith("newsletter/issues/")}
    assert listed == archived
