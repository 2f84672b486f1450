"""Sending a library file: an attachment under its slug, its type, nosniff, its length, byte
ranges, streamed in blocks (or handed to the front server)."""

import os

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from library import serving
from library.serving import ByteRange, Unsatisfiable, requested_range
from tests.library.factories import ResourceFactory

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"


@pytest.fixture
def resource():
    return ResourceFactory(with_pdf=True, slug="fiscal-primer")


@pytest.fixture
def stored(resource) -> bytes:
    with resource.file.storage.open(resource.file.name, "rb") as file:
        return file.read()


def get(resource, **headers):
    return Client().get(
        reverse("library:download", kwargs={"slug": resource.slug}),
        HTTP_USER_AGENT=BROWSER,
        **headers,
    )


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_file_is_an_attachment_of_its_type_and_length(resource, stored):
    response = get(resource, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="fiscal-primer.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Length"] == str(len(stored))
    assert response["ETag"] == f'"{resource.file_sha256}"'
    assert response["Cache-Control"] == "private"
    # Sent as stored, never gzipped: its length and ranges describe the file's own bytes.
    assert not response.has_header("Content-Encoding")
    assert response.streaming
    assert body(response) == stored


def test_a_range_is_answered_with_those_bytes_alone(resource, stored):
    response = get(resource, HTTP_RANGE="bytes=100-199")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 100-199/{len(stored)}"
    assert response["Content-Length"] == "100"
    assert body(response) == stored[100:200]


def test_an_open_ended_range_runs_to_the_end(resource, stored):
    response = get(resource, HTTP_RANGE="bytes=100-")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 100-{len(stored) - 1}/{len(stored)}"
    assert body(response) == stored[100:]


def test_a_suffix_range_is_the_last_bytes(resource, stored):
    response = get(resource, HTTP_RANGE="bytes=-10")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {len(stored) - 10}-{len(stored) - 1}/{len(stored)}"
    assert body(response) == stored[-10:]


def test_a_range_past_the_end_is_unsatisfiable(resource, stored):
    response = get(resource, HTTP_RANGE=f"bytes={len(stored)}-")
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(stored)}"


def test_several_ranges_are_answered_with_the_whole_file(resource, stored):
    response = get(resource, HTTP_RANGE="bytes=0-9,20-29")
    assert response.status_code == 200
    assert body(response) == stored


def test_a_range_for_another_version_of_the_file_gets_the_whole_file(resource, stored):
    response = get(resource, HTTP_RANGE="bytes=100-", HTTP_IF_RANGE='"an-older-file"')
    assert response.status_code == 200
    assert body(response) == stored
    same = get(resource, HTTP_RANGE="bytes=100-", HTTP_IF_RANGE=f'"{resource.file_sha256}"')
    assert same.status_code == 206


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("", None),
        ("bytes=0-", None),
        ("bytes=0-999", None),  # the whole file
        ("bytes=0-5000", None),
        ("bytes=5-9", ByteRange(5, 9)),
        ("bytes=995-", ByteRange(995, 999)),
        ("bytes=-5", ByteRange(995, 999)),
        ("bytes=-5000", None),  # more than the file: all of it
        ("bytes=9-5", None),  # not a valid range: ignored
        ("items=0-5", None),
        ("bytes=a-b", None),
        ("bytes=0-1,5-6", None),
    ],
)
def test_ranges_are_read_as_rfc_9110_says(header, expected):
    assert requested_range(header, 1000) == expected


@pytest.mark.parametrize("header", ["bytes=1000-", "bytes=-0", "bytes=5000-6000"])
def test_ranges_past_the_end_are_unsatisfiable(header):
    with pytest.raises(Unsatisfiable):
        requested_range(header, 1000)


def test_a_large_file_is_streamed_in_blocks_never_read_whole(resource, monkeypatch):
    size = 3 * 1024 * 1024 + 17
    name = resource.file.storage.save("large/fiscal-primer-large.pdf", ContentFile(b""))
    with open(resource.file.storage.path(name), "wb") as file:
        file.truncate(size)  # sparse: 3 MB of zeros on no disk
    resource.file.name = name
    resource.save()
    reads = []
    real_read = serving.RangeFile.read

    def spy(self, size=-1):
        reads.append(size)
        return real_read(self, size)

    monkeypatch.setattr(serving.RangeFile, "read", spy)
    response = get(resource)
    assert response.streaming
    assert response["Content-Length"] == str(size)
    chunks = [len(chunk) for chunk in response.streaming_content]
    assert sum(chunks) == size
    assert max(chunks) <= serving.BLOCK_SIZE
    # A range streams through the wrapper in the same blocks.
    ranged = get(resource, HTTP_RANGE="bytes=1-")
    assert sum(len(chunk) for chunk in ranged.streaming_content) == size - 1
    assert reads and max(reads) <= serving.BLOCK_SIZE


def test_the_range_file_leaves_its_descriptor_at_the_start_for_sendfile(resource, stored):
    file = resource.file.storage.open(resource.file.name, "rb")
    ranged = serving.RangeFile(file, ByteRange(100, 199))
    try:
        assert os.lseek(ranged.fileno(), 0, os.SEEK_CUR) == 100
        assert ranged.read(1000) == stored[100:200]
        assert ranged.read(1000) == b""
    finally:
        ranged.close()


def test_with_a_front_server_the_portal_sends_headers_only(resource, settings, stored):
    settings.LIBRARY_ACCEL_REDIRECT_PREFIX = "/protected-library/"
    response = get(resource, HTTP_RANGE="bytes=100-")
    assert response.status_code == 200  # the front server answers the range
    assert response["X-Accel-Redirect"] == f"/protected-library/{resource.file.name}"
    assert response["Content-Disposition"] == 'attachment; filename="fiscal-primer.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert not response.streaming
    assert response.content == b""


def test_with_a_front_server_a_download_is_still_counted(resource, settings):
    from library.models import Resource

    settings.LIBRARY_ACCEL_REDIRECT_PREFIX = "/protected-library/"
    get(resource)
    assert Resource.objects.get(pk=resource.pk).download_count == 1


def test_a_head_request_gets_the_headers_without_the_file(resource, stored):
    response = Client().head(
        reverse("library:download", kwargs={"slug": resource.slug}), HTTP_USER_AGENT=BROWSER
    )
    assert response.status_code == 200
    assert response["Content-Length"] == str(len(stored))
    assert response["Content-Disposition"] == 'attachment; filename="fiscal-primer.pdf"'
    assert response["Accept-Ranges"] == "bytes"
    assert response.content == b""


def test_a_download_makes_few_queries_whoever_asks(resource, member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(member)
    with CaptureQueriesContext(connection) as first:
        body(get_as(client, resource))
    with CaptureQueriesContext(connection) as repeat:
        body(get_as(client, resource))
    # The user, the resource, the member's region, the salts (the day's made by its first
    # download), the tally (made if missing, then locked), whether seen, the counts, savepoints.
    assert len(first.captured_queries) <= 16
    assert len(repeat.captured_queries) <= 10


def get_as(client, resource):
    return client.get(
        reverse("library:download", kwargs={"slug": resource.slug}), HTTP_USER_AGENT=BROWSER
    )


@pytest.mark.parametrize("if_none_match", ["{etag}", 'W/"other", {etag}', "*"])
def test_a_client_holding_this_version_gets_304_and_no_download_is_counted(resource, if_none_match):
    etag = f'"{resource.file_sha256}"'

    response = get(resource, HTTP_IF_NONE_MATCH=if_none_match.format(etag=etag))

    assert response.status_code == 304 and response["ETag"] == etag
    assert response.content == b""
    resource.refresh_from_db()
    assert resource.download_count == 0


def test_a_client_holding_another_version_gets_the_file_and_it_is_counted(resource, stored):
    response = get(resource, HTTP_IF_NONE_MATCH='"an-older-version"')

    assert response.status_code == 200 and body(response) == stored
    resource.refresh_from_db()
    assert resource.download_count == 1
