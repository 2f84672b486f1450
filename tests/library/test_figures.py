"""The staff's download figures: a period (the past twelve months unless asked), totals, per
resource, per world region and per month, and the same period as CSV."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from library.figures import by_month, by_region, default_period, totals
from library.models import DownloadTally
from tests.library.factories import ResourceFactory

FIGURES = reverse("library:figures")
CSV_URL = reverse("library:figures_csv")


def tally(resource, day, region="", raw=1, unique=1):
    return DownloadTally.objects.create(
        resource=resource, day=day, region=region, raw=raw, unique=unique
    )


@pytest.fixture
def downloads():
    """Two resources downloaded this year, in Africa and unknown places, and one long ago."""
    today = timezone.now().date()
    popular = ResourceFactory(title="The Databook")
    quiet = ResourceFactory(title="A Country Profile")
    tally(popular, today, "africa", raw=10, unique=6)
    tally(popular, today, "", raw=4, unique=3)
    tally(quiet, today - timedelta(days=40), "asia-pacific", raw=2, unique=2)
    tally(quiet, today - timedelta(days=800), "africa", raw=100, unique=100)
    return popular, quiet


def test_the_default_period_is_the_past_twelve_months():
    assert default_period(date(2026, 11, 24)) == (date(2025, 12, 1), date(2026, 11, 24))
    assert default_period(date(2026, 1, 31)) == (date(2025, 2, 1), date(2026, 1, 31))
    assert default_period(date(2026, 12, 1)) == (date(2026, 1, 1), date(2026, 12, 1))


def test_staff_see_the_past_twelve_months_by_default(staff_client, downloads):
    response = staff_client.get(FIGURES)
    assert response.status_code == 200
    assert response.context["total"].raw == 16
    assert response.context["total"].unique == 11
    start, end = default_period(timezone.now().date())
    assert (response.context["start"], response.context["end"]) == (start, end)
    assert len(response.context["months"]) == 12
    page = response.content.decode()
    assert page.index("The Databook") < page.index("A Country Profile")  # most unique first
    assert "<svg" in page and "<rect" in page
    assert 'style="' not in page


def test_the_figures_per_resource_and_region(staff_client, downloads):
    response = staff_client.get(FIGURES)
    rows = [
        (row["resource__title"], row["raw_sum"], row["unique_sum"])
        for row in response.context["page_obj"].object_list
    ]
    assert rows == [("The Databook", 14, 9), ("A Country Profile", 2, 2)]
    regions = {line.label: (line.raw, line.unique) for line in response.context["regions"]}
    assert regions["Sub-Saharan Africa"] == (10, 6)
    assert regions["Asia and the Pacific"] == (2, 2)
    assert regions["Unknown"] == (4, 3)
    assert list(regions)[-1] == "Unknown"


def test_a_period_of_its_own(staff_client, downloads):
    today = timezone.now().date()
    old = today - timedelta(days=800)
    response = staff_client.get(FIGURES, {"start": old.isoformat(), "end": old.isoformat()})
    assert response.status_code == 200
    assert (response.context["total"].raw, response.context["total"].unique) == (100, 100)
    assert len(response.context["months"]) == 1


def test_the_months_have_bars_scaled_to_the_busiest(downloads):
    today = timezone.now().date()
    months = by_month(*default_period(today))
    assert months[-1].raw == 14 and months[-1].raw_percent == 100.0
    assert months[-1].unique_percent == round(100 * 9 / 14, 1)
    assert all(month.raw_percent == 0 for month in months[:10])
    assert totals(today, today).raw == 14
    assert by_region(today, today)[-1].unique == 3


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"start": "2026-05-01", "end": "2026-04-01"}, "is before its start"),
        ({"start": "yesterday"}, "Enter a valid date."),
        ({"end": "2026-02-30"}, "Enter a valid date."),
        ({"start": "1900-01-01", "end": "2026-01-01"}, "at most 25 years"),
    ],
)
def test_bad_dates_are_refused_with_a_clear_message(staff_client, query, message):
    response = staff_client.get(FIGURES, query)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert staff_client.get(CSV_URL, query).status_code == 400


def test_the_csv_holds_the_period_per_day_resource_and_region(staff_client, downloads):
    today = timezone.now().date()
    response = staff_client.get(CSV_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["Day", "Slug", "Title", "World region", "Raw", "Unique"]
    popular, quiet = downloads
    assert sorted(rows[1:]) == sorted(
        [
            [
                (today - timedelta(days=40)).isoformat(),
                quiet.slug,
                quiet.title,
                "Asia and the Pacific",
                "2",
                "2",
            ],
            [today.isoformat(), popular.slug, popular.title, "Sub-Saharan Africa", "10", "6"],
            [today.isoformat(), popular.slug, popular.title, "Unknown", "4", "3"],
        ]
    )


def test_a_title_starting_like_a_formula_is_made_safe_in_the_csv(staff_client):
    tally(ResourceFactory(title="=HYPERLINK(1)"), timezone.now().date())
    text = b"".join(staff_client.get(CSV_URL).streaming_content).decode()
    assert "'=HYPERLINK(1)" in text


@pytest.mark.parametrize("url", [FIGURES, CSV_URL])
def test_the_figures_are_for_staff_only(client, member, url):
    visitor = Client().get(url)
    assert visitor.status_code == 302 and "/accounts/login/" in visitor["Location"]
    client.force_login(member)
    assert client.get(url).status_code == 403


def queries_for_figures(client, resources: int) -> int:
    today = timezone.now().date()
    for number in range(resources):
        resource = ResourceFactory()
        for days in range(3):
            tally(resource, today - timedelta(days=days * 31), ("africa", "")[number % 2])
    with CaptureQueriesContext(connection) as context:
        response = client.get(FIGURES)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_the_figures_page_makes_as_many_queries_for_3_resources_as_for_30(staff_client):
    few = queries_for_figures(staff_client, 3)
    DownloadTally.objects.all().delete()
    many = queries_for_figures(staff_client, 30)
    assert few == many
    assert many <= 12
