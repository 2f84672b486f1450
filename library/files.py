"""What a resource's file is, decided by its content, never by its name.

The library takes PDF, Word, Excel, PowerPoint (current and 97-2003 formats) and CSV. Binary
formats are recognised by their signatures (the `filetype` library); an Office Open XML file
must also be a readable ZIP holding the part its format requires, so a renamed archive is not
taken for a document. CSV has no signature: it must be text (UTF-8, no NUL bytes), must not
look like markup (an HTML page named `.csv`), and must read as rows of one delimiter.
"""

import csv
import hashlib
import re
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class FileKind:
    content_type: str
    extension: str
    label: str  # as readers know it, shown beside the download


PDF = FileKind("application/pdf", "pdf", "PDF")
DOCX = FileKind(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", "Word"
)
XLSX = FileKind(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", "Excel"
)
PPTX = FileKind(
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pptx",
    "PowerPoint",
)
DOC = FileKind("application/msword", "doc", "Word 97-2003")
XLS = FileKind("application/vnd.ms-excel", "xls", "Excel 97-2003")
PPT = FileKind("application/vnd.ms-powerpoint", "ppt", "PowerPoint 97-2003")
CSV = FileKind("text/csv", "csv", "CSV")
ACCEPTED = (PDF, DOCX, XLSX, PPTX, DOC, XLS, PPT, CSV)
BY_CONTENT_TYPE = {kind.content_type: kind for kind in ACCEPTED}
# The part an Office Open XML package of each kind cannot do without.
OOXML_MAIN_PARTS = {
    DOCX.content_type: "word/document.xml",
    XLSX.content_type: "xl/workbook.xml",
    PPTX.content_type: "ppt/presentation.xml",
}
# How much of a CSV file is read to judge it: enough for many rows, little memory.
CSV_SAMPLE_BYTES = 64 * 1024
MARKUP = re.compile(rb"^\s*<(?:!doctype|html|\?xml|svg|script|head|body|[a-z]+[\s>])", re.I)
NOT_ACCEPTED = _(
    "This file is not one the library takes: upload a PDF, Word, Excel, PowerPoint or CSV file."
)


def label_for(content_type: str) -> str:
    kind = BY_CONTENT_TYPE.get(content_type)
    return kind.label if kind else ""


def identify(upload) -> FileKind:
    """The kind of an uploaded file, or a ValidationError saying what is wrong with it."""
    limit = settings.LIBRARY_MAX_FILE_BYTES
    if upload.size > limit:
        raise ValidationError(
            gettext("This file is %(size)s; the library takes files up to %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    if not upload.size:
        raise ValidationError(gettext("This file is empty."), code="empty")
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    guess = filetype.guess(head)
    kind = BY_CONTENT_TYPE.get(guess.mime) if guess else None
    if kind in (DOCX, XLSX, PPTX):
        if not _is_office_package(upload, OOXML_MAIN_PARTS[kind.content_type]):
            raise ValidationError(NOT_ACCEPTED, code="bad_format")
    elif kind is None and guess is None and _is_csv(upload):
        kind = CSV
    if kind is None:
        raise ValidationError(NOT_ACCEPTED, code="bad_format")
    if kind is PDF and not _ends_like_a_pdf(upload):
        raise ValidationError(
            gettext("This PDF is cut short or damaged: export it again and upload that."),
            code="damaged",
        )
    return kind


def _is_office_package(upload, main_part: str) -> bool:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)
    return "[Content_Types].xml" in names and main_part in names


def _is_csv(upload) -> bool:
    upload.seek(0)
    sample = upload.read(CSV_SAMPLE_BYTES)
    upload.seek(0)
    if b"\x00" in sample or MARKUP.match(sample.lstrip(b"\xef\xbb\xbf")):
        return False
    if len(sample) == CSV_SAMPLE_BYTES:
        # Cut at the last full line, so a multi-byte character split at the end is not an error.
        sample = sample[: sample.rfind(b"\n") + 1] or sample
    try:
        text = sample.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return False
    if len(lines) == 1:
        return True  # a header alone
    try:
        dialect = csv.Sniffer().sniff("\n".join(lines[:50]), delimiters=",;\t|")
    except csv.Error:
        return False
    widths = {len(row) for row in csv.reader(lines[:50], dialect)}
    return len(widths) == 1 or (max(widths) > 1 and len(widths) <= 2)


def _ends_like_a_pdf(upload) -> bool:
    """A PDF ends with %%EOF within its last kilobyte; a truncated upload does not."""
    upload.seek(max(upload.size - 1024, 0))
    tail = upload.read()
    upload.seek(0)
    return b"%%EOF" in tail


def sha256_of(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
