"""Downloads at the same moment, on PostgreSQL: every raw download adds up, and one visitor's
simultaneous requests are one unique download."""

import threading
from datetime import UTC, datetime

import pytest
from django.db import connection

from library import downloads
from library.downloads import record_download
from library.models import DownloadSalt, DownloadTally, Resource
from tests.conftest import missing_requirement
from tests.library.factories import ResourceFactory

RACERS = 6


def race(resource, identities: list[str], monkeypatch) -> list[Exception]:
    """Every download reads the day's salt, then all go on together: each may have checked
    whether the visitor was seen before any has written."""
    now = datetime(2026, 3, 1, 12, tzinfo=UTC)
    # The day's salt and tally exist already: no insert makes the downloads wait for another.
    DownloadSalt.objects.create(day=now.date(), salt="a salt made before the race")
    DownloadTally.objects.create(resource=resource, day=now.date(), region="")
    barrier = threading.Barrier(len(identities))
    errors = []
    read_salts = downloads._salts

    def salts_then_wait(today):
        salts = read_salts(today)
        barrier.wait(timeout=10)
        return salts

    monkeypatch.setattr(downloads, "_salts", salts_then_wait)

    def download(identity):
        try:
            record_download(resource=resource, identity=identity, region="", now=now)
        except Exception as exc:  # reported by the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=download, args=(each,)) for each in identities]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return errors


def figures(resource) -> tuple[int, int, int]:
    tally = DownloadTally.objects.get(resource=resource)
    return tally.raw, tally.unique, Resource.objects.get(pk=resource.pk).download_count


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        missing_requirement("PostgreSQL", install="set DATABASE_URL to a PostgreSQL database")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_downloads_by_one_visitor_are_one_unique_download(postgresql, monkeypatch):
    resource = ResourceFactory()
    assert race(resource, ["visitor:203.0.113.7\nFirefox"] * RACERS, monkeypatch) == []
    assert figures(resource) == (RACERS, 1, 1)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_downloads_by_many_visitors_all_count(postgresql, monkeypatch):
    resource = ResourceFactory()
    assert race(resource, [f"member:{n}" for n in range(RACERS)], monkeypatch) == []
    assert figures(resource) == (RACERS, RACERS, RACERS)
