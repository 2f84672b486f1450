"""Subscribers from a CSV file: a MailChimp audience export, or a plain list with consent.

The Alliance's readers came from a MailChimp audience before March 2025. Each imported address
keeps the consent it gave there (when, from which address, the file and line it came from) as a
`ConsentRecord`; contacts MailChimp marks unsubscribed, cleaned or never confirmed are counted
and left out. An address we already know is left exactly as it is, whatever its state here (an
unsubscribe here is never undone by an old export), so importing a file again changes nothing.
Rows that cannot be imported are reported with their line and why; the rest are imported.

Writes are a few bulk statements per chunk of rows, so the queries grow with the chunks, not
with the rows."""

import csv
import io
import ipaddress
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import TextIO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from newsletter.models import ConsentRecord, MailingList, Subscriber, Subscription

CHUNK = 500
EMAIL_COLUMNS = ("email address", "email", "e-mail", "e-mail address")
# Columns only MailChimp's audience exports have.
MAILCHIMP_COLUMNS = {"optin_time", "confirm_time", "member_rating", "leid", "euid"}
MAILCHIMP_TIME = "%Y-%m-%d %H:%M:%S"  # always UTC in MailChimp's exports
STATUS_COLUMNS = ("status", "member status")
EMAIL_MAX = Subscriber._meta.get_field("email").max_length
NAME_MAX = Subscriber._meta.get_field("name").max_length
SOURCE_MAX = ConsentRecord._meta.get_field("source").max_length


class ImportRefused(ValueError):
    """The file as a whole cannot be read as subscribers; its message says why."""


@dataclass(frozen=True)
class Problem:
    line: int
    email: str
    reason: str


@dataclass
class ImportReport:
    imported: int = 0
    already_present: int = 0
    skipped_unsubscribed: int = 0
    skipped_cleaned: int = 0
    skipped_unconfirmed: int = 0
    problems: list[Problem] = field(default_factory=list)
    source_format: str = ""
    dry_run: bool = False

    @property
    def bad(self) -> int:
        return len(self.problems)

    @property
    def rows(self) -> int:
        return (
            self.imported
            + self.already_present
            + self.skipped_unsubscribed
            + self.skipped_cleaned
            + self.skipped_unconfirmed
            + self.bad
        )

    def counts(self) -> list[tuple[str, int]]:
        """Each count with its label, in the order staff read them."""
        return [
            (_("Imported") if not self.dry_run else _("Would be imported"), self.imported),
            (_("Already subscribers here (left as they are)"), self.already_present),
            (_("Skipped: unsubscribed in MailChimp"), self.skipped_unsubscribed),
            (_("Skipped: cleaned by MailChimp (bounced)"), self.skipped_cleaned),
            (_("Skipped: never confirmed in MailChimp"), self.skipped_unconfirmed),
            (_("Not imported: problems below"), self.bad),
        ]


@dataclass(frozen=True)
class _Candidate:
    """A row that passed every check: what would be written for it."""

    line: int
    email: str
    name: str
    language: str
    occurred_at: datetime
    ip_address: str | None
    source: str


# MailChimp's statuses and what the import does with them.
SUBSCRIBED = "subscribed"
SKIPPED_AS = {
    "unsubscribed": "skipped_unsubscribed",
    # Archived contacts are out of the audience: MailChimp sends them nothing.
    "archived": "skipped_unsubscribed",
    "cleaned": "skipped_cleaned",
    "pending": "skipped_unconfirmed",
    "transactional": "skipped_unconfirmed",
    "non-subscribed": "skipped_unconfirmed",
    "nonsubscribed": "skipped_unconfirmed",
}


def _delimiter(header_line: str) -> str:
    # Spreadsheets in much of Europe save CSV with ";"; whichever the header uses most is it.
    return max((";", ",", "\t"), key=header_line.count)


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    """(line, cells) for each record; the header is line 1. Lines are counted as records, the
    way a spreadsheet numbers its rows, so a note spanning lines does not shift the others."""
    text = text.removeprefix("\ufeff")
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(first_line))
    return enumerate(reader, start=1)


def _column(header: list[str], names: Iterable[str]) -> int | None:
    return next((header.index(name) for name in names if name in header), None)


def _parse_mailchimp_time(value: str) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.strptime(value, MAILCHIMP_TIME).replace(tzinfo=UTC)
    except ValueError:
        # A file saved again by a spreadsheet may have lost the seconds ("2021-03-02 09:16").
        parsed = datetime.fromisoformat(value)
        return parsed.replace(tzinfo=UTC) if timezone.is_naive(parsed) else parsed


def _parse_consent_date(value: str) -> datetime | None:
    """An ISO date (midnight UTC) or date-time (UTC when it names no offset)."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        parsed = datetime.combine(date.fromisoformat(value), time.min)
    if timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def _language(value: str) -> str | None:
    """A language the portal writes in, from its code ("fr", "fr-FR") or name; None if not."""
    value = value.strip().lower()
    if not value:
        return settings.LANGUAGE_CODE
    for code, name in settings.LANGUAGES:
        if value in {code, name.lower()} or value.split("-")[0].split("_")[0] == code:
            return code
    return None


def _ip(value: str) -> str | None:
    # An address MailChimp could not record is no reason to lose the row's consent.
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


class _Reader:
    """Turns each record of the file into a candidate, a skip or a problem."""

    def __init__(self, header: list[str], filename: str, report: ImportReport):
        self.header = [cell.strip().lower() for cell in header]
        self.filename = filename
        self.report = report
        self.email_at = _column(self.header, EMAIL_COLUMNS)
        if self.email_at is None:
            raise ImportRefused(
                _(
                    "This file has no email column. We read MailChimp's audience exports (an "
                    "“Email Address” column) and plain CSV files whose first line names the "
                    "columns: “email” (required), “name”, “consent_date”, “consent_source”, "
                    "“language”."
                )
            )
        self.is_mailchimp = bool(MAILCHIMP_COLUMNS & set(self.header))
        report.source_format = "MailChimp" if self.is_mailchimp else "CSV"
        self.status_at = _column(self.header, STATUS_COLUMNS)
        # MailChimp's export is a zip of three files; without a status column, the unsubscribed
        # and cleaned ones are told apart by their own columns.
        if "clean_time" in self.header:
            self.file_status = "cleaned"
        elif "unsub_time" in self.header:
            self.file_status = "unsubscribed"
        else:
            self.file_status = SUBSCRIBED
        self.first_line_of: dict[str, int] = {}

    def cell(self, cells: list[str], *names: str) -> str:
        at = _column(self.header, names)
        return cells[at].strip() if at is not None and at < len(cells) else ""

    def problem(self, line: int, email: str, reason: str) -> None:
        self.report.problems.append(Problem(line=line, email=email, reason=reason))

    def read(self, line: int, cells: list[str]) -> _Candidate | None:
        email = cells[self.email_at].strip() if self.email_at < len(cells) else ""
        if not email:
            self.problem(line, "", _("No email address."))
            return None
        try:
            validate_email(email)
            if len(email) > EMAIL_MAX:
                raise ValidationError("too long")
        except ValidationError:
            self.problem(line, email, _("Not a valid email address."))
            return None
        first_line = self.first_line_of.setdefault(email.lower(), line)
        if first_line != line:
            self.problem(
                line, email, _("The same address as line %(line)d.") % {"line": first_line}
            )
            return None
        if self.is_mailchimp:
            return self.read_mailchimp(line, email, cells)
        return self.read_plain(line, email, cells)

    def read_mailchimp(self, line: int, email: str, cells: list[str]) -> _Candidate | None:
        status = self.file_status
        if self.status_at is not None:
            status = (cells[self.status_at] if self.status_at < len(cells) else "").strip().lower()
        if status in SKIPPED_AS:
            counter = SKIPPED_AS[status]
            setattr(self.report, counter, getattr(self.report, counter) + 1)
            return None
        if status != SUBSCRIBED:
            self.problem(
                line,
                email,
                _("Unknown MailChimp status “%(status)s”.") % {"status": status},
            )
            return None
        confirmed, opted_in = self.cell(cells, "confirm_time"), self.cell(cells, "optin_time")
        try:
            # Double opt-in: the confirmation is the consent; a contact added without one
            # (a form without confirmation) consented when they opted in.
            occurred_at = _parse_mailchimp_time(confirmed) or _parse_mailchimp_time(opted_in)
        except ValueError:
            self.problem(
                line,
                email,
                _("Cannot read the time “%(value)s” (MailChimp writes YYYY-MM-DD HH:MM:SS).")
                % {"value": confirmed or opted_in},
            )
            return None
        source = f"MailChimp export {self.filename}, line {line}"
        if occurred_at is None:
            occurred_at = timezone.now()
            source += " (no opt-in time in the file: the import's time)"
        ip = (self.cell(cells, "confirm_ip") if confirmed else "") or self.cell(cells, "optin_ip")
        # The audience export names the merge fields; an API export gives their tags.
        first = self.cell(cells, "first name", "fname")
        name = f"{first} {self.cell(cells, 'last name', 'lname')}".strip()
        return _Candidate(
            line=line,
            email=email,
            name=name[:NAME_MAX],
            # A language merge field, when the audience had one; else the site's.
            language=_language(self.cell(cells, "language")) or settings.LANGUAGE_CODE,
            occurred_at=occurred_at,
            ip_address=_ip(ip),
            source=source[:SOURCE_MAX],
        )

    def read_plain(self, line: int, email: str, cells: list[str]) -> _Candidate | None:
        consent_date = self.cell(cells, "consent_date")
        try:
            occurred_at = _parse_consent_date(consent_date)
        except ValueError:
            self.problem(
                line,
                email,
                _("Cannot read the consent date “%(value)s” (use YYYY-MM-DD or an ISO date-time).")
                % {"value": consent_date},
            )
            return None
        language = _language(self.cell(cells, "language"))
        if language is None:
            self.problem(
                line,
                email,
                _("Unknown language “%(value)s”.") % {"value": self.cell(cells, "language")},
            )
            return None
        source = f"CSV import {self.filename}, line {line}"
        if occurred_at is None:
            occurred_at = timezone.now()
            source += " (no consent date in the file: the import's time)"
        consent_source = self.cell(cells, "consent_source")
        if consent_source:
            source += f": {consent_source}"
        return _Candidate(
            line=line,
            email=email,
            name=self.cell(cells, "name")[:NAME_MAX],
            language=language,
            occurred_at=occurred_at,
            ip_address=None,
            source=source[:SOURCE_MAX],
        )


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _write_chunk(
    chunk: list[_Candidate],
    *,
    lists: list[MailingList],
    wording: str,
    report: ImportReport,
    dry_run: bool,
) -> None:
    lowered = [candidate.email.lower() for candidate in chunk]
    # One query each, through the lowercased-email indexes of subscribers and accounts.
    present = set(
        Subscriber.objects.annotate(email_lower=Lower("email"))
        .filter(email_lower__in=lowered)
        .values_list("email_lower", flat=True)
    )
    new = [candidate for candidate in chunk if candidate.email.lower() not in present]
    report.already_present += len(chunk) - len(new)
    report.imported += len(new)
    if dry_run or not new:
        return
    accounts: dict[str, int] = {}
    for email_lower, user_id in (
        get_user_model()
        .objects.annotate(email_lower=Lower("email"))
        .filter(email_lower__in=[c.email.lower() for c in new], newsletter_subscriber__isnull=True)
        .order_by("pk")
        .values_list("email_lower", "pk")
    ):
        accounts.setdefault(email_lower, user_id)
    subscribers = Subscriber.objects.bulk_create(
        Subscriber(
            email=candidate.email,
            name=candidate.name,
            language=candidate.language,
            user_id=accounts.get(candidate.email.lower()),
            confirmed_at=candidate.occurred_at,
            # An imported reader is not new here: a list they add later sends them no welcome.
            welcomed_at=candidate.occurred_at,
        )
        for candidate in new
    )
    Subscription.objects.bulk_create(
        Subscription(
            subscriber=subscriber,
            mailing_list=mailing_list,
            status=Subscription.Status.SUBSCRIBED,
            subscribed_at=candidate.occurred_at,
        )
        for candidate, subscriber in zip(new, subscribers, strict=True)
        for mailing_list in lists
    )
    ConsentRecord.objects.bulk_create(
        ConsentRecord(
            subscriber=subscriber,
            mailing_list=mailing_list,
            action=ConsentRecord.Action.IMPORTED,
            method=ConsentRecord.Method.IMPORT,
            occurred_at=candidate.occurred_at,
            ip_address=candidate.ip_address,
            source=candidate.source,
            wording=wording,
        )
        for candidate, subscriber in zip(new, subscribers, strict=True)
        for mailing_list in lists
    )


@transaction.atomic
def import_subscribers(
    *,
    rows_file: TextIO,
    filename: str,
    lists: Iterable[MailingList],
    wording: str = "",
    dry_run: bool = False,
) -> ImportReport:
    """Imports the file's subscribers to `lists`; a dry run reports the same and writes nothing.

    Raises ImportRefused when the file is not a list of subscribers at all."""
    lists = list(lists)
    if not lists:
        raise ImportRefused(_("Choose at least one list to import the subscribers to."))
    report = ImportReport(dry_run=dry_run)
    records = _records(rows_file.read())
    try:
        line, header = next(records)
    except StopIteration:
        raise ImportRefused(_("This file is empty.")) from None
    except csv.Error as error:
        message = _("This file cannot be read as CSV: %(error)s") % {"error": error}
        raise ImportRefused(message) from None
    reader = _Reader(header, filename, report)
    candidates = []
    try:
        for line, cells in records:
            if not any(cell.strip() for cell in cells):
                continue  # a blank line is no row
            candidate = reader.read(line, cells)
            if candidate is not None:
                candidates.append(candidate)
    except csv.Error as error:
        raise ImportRefused(
            _("This file cannot be read as CSV after line %(line)d: %(error)s")
            % {"line": line, "error": error}
        ) from None
    for chunk in _chunks(candidates, CHUNK):
        _write_chunk(chunk, lists=lists, wording=wording, report=report, dry_run=dry_run)
    return report
