"""Counting downloads: bots and repeats left out, visitors recognised without keeping who
they are, members-only files kept from visitors."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.urls import reverse

from library.downloads import count_download, forget_old_downloads, is_bot
from library.models import DownloadSalt, DownloadTally, RecentDownload, Resource
from tests.library.factories import ResourceFactory
from tests.members.factories import MemberFactory

BROWSER = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
OTHER_BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
ADDRESS = "203.0.113.77"


@pytest.fixture
def resource():
    return ResourceFactory(with_pdf=True)


def download(client, resource, *, user_agent=BROWSER, address=ADDRESS, method="get", **headers):
    url = reverse("library:download", kwargs={"slug": resource.slug})
    response = getattr(client, method)(
        url, HTTP_USER_AGENT=user_agent, REMOTE_ADDR=address, **headers
    )
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def figures(resource) -> tuple[int, int, int]:
    """raw, unique (the tallies) and the resource's stored count."""
    tallies = DownloadTally.objects.filter(resource=resource)
    raw = sum(t.raw for t in tallies)
    unique = sum(t.unique for t in tallies)
    return raw, unique, Resource.objects.get(pk=resource.pk).download_count


def request_as(user=None, *, user_agent=BROWSER, address=ADDRESS, method="get", **headers):
    request = getattr(RequestFactory(), method)(
        "/library/x/download/", HTTP_USER_AGENT=user_agent, REMOTE_ADDR=address, **headers
    )
    from django.contrib.auth.models import AnonymousUser

    request.user = user or AnonymousUser()
    return request


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


# --- Bots ------------------------------------------------------------------------------------


def test_a_browser_download_is_counted(client, resource):
    assert download(client, resource).status_code == 200
    assert figures(resource) == (1, 1, 1)


@pytest.mark.parametrize("user_agent", [GOOGLEBOT, "", "   ", "curl/8.5.0", "python-requests/2.32"])
def test_bots_are_not_counted(client, resource, user_agent):
    response = download(client, resource, user_agent=user_agent)
    assert response.status_code == 200  # they get the file, uncounted
    assert figures(resource) == (0, 0, 0)
    assert not RecentDownload.objects.exists()


def test_headless_chrome_counts_as_a_bot():
    # The browser tests must give Chromium a desktop user agent to be counted.
    assert is_bot("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/131.0 Safari")
    assert not is_bot(BROWSER)


# --- Repeats -----------------------------------------------------------------------------------


def test_the_same_visitor_twice_is_two_raw_downloads_and_one_unique(client, resource):
    download(client, resource)
    download(Client(), resource)
    assert figures(resource) == (2, 1, 1)


def test_two_visitors_are_two_unique_downloads(client, resource):
    download(client, resource)
    download(Client(), resource, address="198.51.100.4")
    download(Client(), resource, user_agent=OTHER_BROWSER)  # same address, another browser
    assert figures(resource) == (3, 3, 3)


def test_a_member_is_one_visitor_from_any_address(client, resource, member):
    client.force_login(member)
    download(client, resource, address="198.51.100.4")
    download(client, resource, address="192.0.2.9", user_agent=OTHER_BROWSER)
    assert figures(resource) == (2, 1, 1)


def test_a_member_is_counted_under_their_world_region(client, resource, member):
    client.force_login(member)  # their country is Kenya
    download(client, resource)
    download(Client(), resource)
    assert dict(DownloadTally.objects.values_list("region", "unique")) == {"africa": 1, "": 1}


def test_a_download_just_before_midnight_and_just_after_is_one(resource):
    assert count_download(resource=resource, request=request_as(), now=at("2026-03-01T23:59"))
    assert count_download(resource=resource, request=request_as(), now=at("2026-03-02T00:01"))
    assert figures(resource) == (2, 1, 1)
    # Each day's raw download is in its own day's tally.
    assert list(DownloadTally.objects.values_list("day", "raw", "unique")) == [
        (at("2026-03-01T00:00").date(), 1, 1),
        (at("2026-03-02T00:00").date(), 1, 0),
    ]


def test_the_same_visitor_after_24_hours_is_counted_again(resource):
    count_download(resource=resource, request=request_as(), now=at("2026-03-01T10:00"))
    count_download(resource=resource, request=request_as(), now=at("2026-03-02T09:59"))
    count_download(resource=resource, request=request_as(), now=at("2026-03-02T10:01"))
    assert figures(resource) == (3, 2, 2)


def test_a_visitor_is_recognised_only_through_the_salts_of_today_and_yesterday(resource):
    count_download(resource=resource, request=request_as(), now=at("2026-03-01T10:00"))
    DownloadSalt.objects.all().delete()  # as the beat does two days later
    count_download(resource=resource, request=request_as(), now=at("2026-03-01T11:00"))
    assert figures(resource) == (2, 2, 2)


def test_a_download_of_another_file_is_another_download(client, resource):
    other = ResourceFactory(with_pdf=True)
    download(client, resource)
    download(client, other)
    assert figures(resource) == (1, 1, 1)
    assert figures(other) == (1, 1, 1)


# --- What is not a download ------------------------------------------------------------------


def test_a_head_request_is_not_counted(client, resource):
    assert download(client, resource, method="head").status_code == 200
    assert figures(resource) == (0, 0, 0)


@pytest.mark.parametrize("header", ["bytes=100-", "bytes=100-199", "bytes=-10"])
def test_the_rest_of_a_download_is_not_counted_again(client, resource, header):
    assert download(client, resource, HTTP_RANGE=header).status_code == 206
    assert figures(resource) == (0, 0, 0)


def test_a_range_from_the_first_byte_is_a_download(client, resource):
    assert download(client, resource, HTTP_RANGE="bytes=0-99").status_code == 206
    assert figures(resource) == (1, 1, 1)


def test_an_unsatisfiable_range_is_not_counted(client, resource):
    assert download(client, resource, HTTP_RANGE="bytes=0-0,100000000-").status_code == 200
    assert figures(resource) == (1, 1, 1)  # several ranges: the whole file, counted
    response = download(Client(), resource, HTTP_RANGE="bytes=100000000-", address="192.0.2.1")
    assert response.status_code == 416
    assert figures(resource) == (1, 1, 1)


def test_a_missing_file_is_a_404_and_not_counted(client, resource):
    resource.file.storage.delete(resource.file.name)
    assert download(client, resource).status_code == 404
    assert figures(resource) == (0, 0, 0)


# --- External links ----------------------------------------------------------------------------


def test_a_link_is_followed_through_the_portal_and_counted(client):
    linked = ResourceFactory(external_url="https://example.org/databook.pdf")
    response = download(client, linked)
    assert response.status_code == 302
    assert response["Location"] == "https://example.org/databook.pdf"
    download(client, linked, user_agent=GOOGLEBOT)
    assert figures(linked) == (1, 1, 1)


# --- Members-only files --------------------------------------------------------------------------


def test_a_members_only_file_is_refused_to_visitors_with_how_to_join(client):
    kept = ResourceFactory(with_pdf=True, access=Resource.Access.MEMBERS)
    response = download(client, kept)
    assert response.status_code == 403
    page = response.content.decode()
    assert "Membership is free" in page
    assert reverse("account_signup") + "?next=" in page
    assert reverse("account_login") + "?next=" in page
    assert response["Content-Type"].startswith("text/html")
    assert figures(kept) == (0, 0, 0)


def test_members_get_a_members_only_file_and_it_counts(client, member):
    kept = ResourceFactory(with_pdf=True, access=Resource.Access.MEMBERS)
    client.force_login(member)
    response = download(client, kept)
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{kept.slug}.pdf"'
    assert figures(kept) == (1, 1, 1)


def test_an_unknown_slug_is_a_404(client):
    response = client.get(reverse("library:download", kwargs={"slug": "no-such-file"}))
    assert response.status_code == 404


# --- What is kept ------------------------------------------------------------------------------


def test_no_address_nor_user_agent_nor_member_id_is_stored(client, resource):
    member = MemberFactory()
    download(client, resource)
    client.force_login(member)
    download(client, resource)
    stored = []
    with connection.cursor() as cursor:
        for table in ("library_recentdownload", "library_downloadtally", "library_downloadsalt"):
            cursor.execute(f"SELECT * FROM {table}")
            stored += [str(value) for row in cursor.fetchall() for value in row]
    text = " ".join(stored)
    assert RecentDownload.objects.count() == 2
    assert ADDRESS not in text
    assert "Chrome" not in text
    assert all(len(row.visitor) == 64 for row in RecentDownload.objects.all())
    assert f"member:{member.pk}" not in text


def test_the_beat_forgets_visitors_after_24_hours_and_salts_after_two_days(resource):
    count_download(resource=resource, request=request_as(), now=at("2026-03-01T10:00"))
    count_download(resource=resource, request=request_as(), now=at("2026-03-02T09:00"))
    count_download(
        resource=resource, request=request_as(address="192.0.2.1"), now=at("2026-03-03T09:00")
    )
    forget_old_downloads(now=at("2026-03-03T10:00"))
    assert list(RecentDownload.objects.values_list("at", flat=True)) == [at("2026-03-03T09:00")]
    assert sorted(DownloadSalt.objects.values_list("day", flat=True)) == [
        at("2026-03-02T00:00").date(),
        at("2026-03-03T00:00").date(),
    ]
    assert figures(resource) == (3, 2, 2)  # the tallies stay


def test_the_beat_runs_the_forgetting_every_hour(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["library-forget-download-visitors"]
    assert entry["task"] == "library.tasks.forget_download_visitors"
    from library.tasks import forget_download_visitors

    forget_download_visitors.delay()


def test_a_unique_download_moves_the_library_version(
    client, resource, django_capture_on_commit_callbacks
):
    from library.cache import LIBRARY

    before = LIBRARY.current()
    with django_capture_on_commit_callbacks(execute=True):
        download(client, resource)
    assert LIBRARY.current() != before


def test_the_resource_page_can_say_how_many_downloads():
    from django.template import Context, Template

    template = Template("{% load download_tags %}{% downloads resource %}")
    assert template.render(Context({"resource": Resource(download_count=1)})) == "1 download"
    assert (
        template.render(Context({"resource": Resource(download_count=1234)})) == "1,234 downloads"
    )
