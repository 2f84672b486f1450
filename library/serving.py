"""Sending a resource's file: as an attachment under its slug, with its type and nosniff, never
read whole into memory, with single byte ranges (RFC 9110) for resumed and seeking downloads.

The portal streams the file in blocks (a FileResponse; gunicorn hands a file with a descriptor
to sendfile), or, with LIBRARY_ACCEL_REDIRECT_PREFIX set, answers with an empty body and
X-Accel-Redirect, and the front server sends the file (ranges included) itself.
"""

import re
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils.cache import parse_etags

from library.models import Resource

BLOCK_SIZE = 64 * 1024
_SINGLE_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


@dataclass(frozen=True)
class ByteRange:
    start: int
    end: int  # inclusive, as in Content-Range

    @property
    def length(self) -> int:
        return self.end - self.start + 1


class Unsatisfiable(Exception):
    """A range wholly past the end of the file: answered 416."""


def requested_range(range_header: str, size: int) -> ByteRange | None:
    """The one range asked for, or None for the whole file: no header, a header that is not a
    single byte range (several ranges may be answered with the whole file, RFC 9110 14.2), or
    one that covers the whole file. Raises Unsatisfiable for a range starting past the end."""
    match = _SINGLE_RANGE.match(range_header.replace(" ", "")) if range_header else None
    if match is None:
        return None
    first, last = match.groups()
    if first == "" and last == "":
        return None
    if first == "":
        suffix = int(last)  # the last n bytes
        if suffix == 0:
            raise Unsatisfiable
        start, end = max(size - suffix, 0), size - 1
    else:
        start = int(first)
        end = min(int(last), size - 1) if last else size - 1
        if last and int(last) < start:
            return None  # not a valid range: ignored
        if start >= size:
            raise Unsatisfiable
    if start == 0 and end == size - 1:
        return None
    return ByteRange(start, end)


class RangeFile:
    """A file read from `start` for `length` bytes at most. Its descriptor is positioned at
    the start, so a server using sendfile sends the same bytes (Content-Length long)."""

    def __init__(self, file, byte_range: ByteRange) -> None:
        self._file = file
        self._left = byte_range.length
        file.seek(byte_range.start)

    def read(self, size: int = -1) -> bytes:
        if self._left <= 0:
            return b""
        size = self._left if size is None or size < 0 else min(size, self._left)
        data = self._file.read(size)
        self._left -= len(data)
        return data

    def fileno(self) -> int:
        return self._file.fileno()

    def close(self) -> None:
        self._file.close()


def download_filename(resource: Resource) -> str:
    extension = resource.file.name.rsplit(".", 1)[-1] if "." in resource.file.name else ""
    return f"{resource.slug}.{extension}" if extension else resource.slug


def _common_headers(response: HttpResponse, resource: Resource) -> None:
    response["X-Content-Type-Options"] = "nosniff"
    # No shared cache may keep a file: a members-only one would reach visitors, and an open
    # one would be downloaded without the portal counting it.
    response["Cache-Control"] = "private"
    response["Accept-Ranges"] = "bytes"
    if resource.file_sha256:
        response["ETag"] = f'"{resource.file_sha256}"'


def _range_header(request: HttpRequest, resource: Resource) -> str:
    """The Range header, unless If-Range names another version of the file."""
    if_range = request.headers.get("If-Range")
    if if_range and (not resource.file_sha256 or if_range != f'"{resource.file_sha256}"'):
        return ""
    return request.headers.get("Range", "")


def not_modified(request: HttpRequest, resource: Resource) -> HttpResponse | None:
    """304 when the client already holds this version of the file (If-None-Match names its
    ETag): nothing is sent again, and nothing is counted, on a slow connection above all."""
    etags = parse_etags(request.headers.get("If-None-Match", ""))
    if not resource.file_sha256 or not ("*" in etags or f'"{resource.file_sha256}"' in etags):
        return None
    response = HttpResponse(status=304)
    _common_headers(response, resource)
    return response


def file_size(resource: Resource) -> int:
    """Raises FileNotFoundError when the file is missing from the storage."""
    return resource.file.storage.size(resource.file.name)


def unsatisfiable_response(size: int) -> HttpResponse:
    response = HttpResponse(status=416)
    response["Content-Range"] = f"bytes */{size}"
    return response


def file_response(request: HttpRequest, resource: Resource, size: int) -> HttpResponse:
    """The file, whole (200) or the one range asked for (206); raises Unsatisfiable."""
    byte_range = requested_range(_range_header(request, resource), size)
    content_type = resource.content_type or "application/octet-stream"
    filename = download_filename(resource)
    prefix = settings.LIBRARY_ACCEL_REDIRECT_PREFIX
    if prefix:
        # The front server reads the Range header itself; the body here is empty.
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(resource.file.name)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        _common_headers(response, resource)
        return response
    if request.method == "HEAD":
        # The headers a GET would have; the file is not opened.
        response = HttpResponse(content_type=content_type, status=206 if byte_range else 200)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Content-Length"] = str(byte_range.length if byte_range else size)
        if byte_range:
            response["Content-Range"] = f"bytes {byte_range.start}-{byte_range.end}/{size}"
        _common_headers(response, resource)
        return response
    file = resource.file.storage.open(resource.file.name, "rb")
    if byte_range is None:
        response = FileResponse(
            file, as_attachment=True, filename=filename, content_type=content_type
        )
        response["Content-Length"] = str(size)
    else:
        response = FileResponse(
            RangeFile(file, byte_range),
            status=206,
            as_attachment=True,
            filename=filename,
            content_type=content_type,
        )
        response["Content-Length"] = str(byte_range.length)
        response["Content-Range"] = f"bytes {byte_range.start}-{byte_range.end}/{size}"
    response.block_size = BLOCK_SIZE
    _common_headers(response, resource)
    return response
