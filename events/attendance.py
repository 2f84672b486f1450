"""Attendance from the webinar platform's participant report (Zoom's CSV at least).

Zoom's report lists one row per join: a person who dropped out and came back appears several
times. Rows are matched to registrations by email, case-insensitively; each person counts once,
with the minutes of all their joins added up. A person the report shows who never registered is
kept as a walk-in. Rows without a usable address or duration are reported with their line
number, never dropped silently. Importing the same file again changes nothing: the import sets
what the file says rather than adding to it.
"""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from events.models import Event, Registration

# Zoom's column names over the years ("User Email" in the participants report, "Email" in
# some exports; "Duration (Minutes)", "Duration (minutes)", "Total duration (minutes)").
EMAIL_COLUMNS = ("user email", "email", "attendee email")
NAME_COLUMNS = ("name (original name)", "name", "user name (original name)", "user name")
DURATION_COLUMNS = ("duration (minutes)", "total duration (minutes)", "time in session (minutes)")
MAX_BYTES = 5 * 1024 * 1024


@dataclass
class AttendanceImport:
    matched: int = 0
    walk_ins: int = 0
    changed: int = 0
    rows: int = 0
    problems: list[str] = field(default_factory=list)


class AttendanceFileRefused(ValueError):
    """A file that is not a participant report at all; its message says why."""


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    lowered = [h.strip().lower() for h in header]
    return next((lowered.index(n) for n in names if n in lowered), None)


def _rows(text: str):
    """The participants' header and the rows after it. Zoom's report may open with a meeting
    summary whose header has an email and a duration too (the host's): the participants'
    header is the one that also names people."""
    rows = list(csv.reader(io.StringIO(text)))

    def is_header(row, *, with_name: bool) -> bool:
        return (
            _column(row, EMAIL_COLUMNS) is not None
            and _column(row, DURATION_COLUMNS) is not None
            and (not with_name or _column(row, NAME_COLUMNS) is not None)
        )

    for with_name in (True, False):
        for index, row in enumerate(rows):
            if is_header(row, with_name=with_name):
                return row, ((index + 1 + n, r) for n, r in enumerate(rows[index + 1 :], 1))
    raise AttendanceFileRefused(
        _(
            "This file has no participants' header: we look for an email column and a "
            "duration in minutes, as in Zoom's participant report."
        )
    )


def read_participants(content: bytes) -> tuple[dict[str, tuple[str, int]], list[str], int]:
    """{email: (name, total minutes)}, the problems found, and the number of rows read."""
    if len(content) > MAX_BYTES:
        raise AttendanceFileRefused(_("This file is larger than 5 MB: is it a participant report?"))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("latin-1")
    header, rows = _rows(text)
    email_at = _column(header, EMAIL_COLUMNS)
    duration_at = _column(header, DURATION_COLUMNS)
    name_at = _column(header, NAME_COLUMNS)
    people: dict[str, tuple[str, int]] = {}
    problems: list[str] = []
    count = 0
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        count += 1
        cells = row + [""] * (len(header) - len(row))
        email = cells[email_at].strip().lower()
        name = cells[name_at].strip() if name_at is not None else ""
        # Zoom writes "Name (Original Name)" as "Ana (Ana Gómez)": keep the first.
        name = name.split(" (", 1)[0].strip() or email
        try:
            validate_email(email)
        except ValidationError:
            problems.append(
                _("Line %(line)d: “%(value)s” is not an email address; the row was not counted.")
                % {"line": line, "value": cells[email_at].strip()}
            )
            continue
        try:
            minutes = int(float(cells[duration_at].strip()))
            if minutes < 0:
                raise ValueError
        except ValueError:
            problems.append(
                _("Line %(line)d: “%(value)s” is not a number of minutes; the row was not counted.")
                % {"line": line, "value": cells[duration_at].strip()}
            )
            continue
        known_name, total = people.get(email, (name, 0))
        people[email] = (known_name, total + minutes)
    return people, problems, count


@transaction.atomic
def import_attendance(*, event: Event, content: bytes) -> AttendanceImport:
    """Marks the registrants the report shows as attended, with their total minutes, and keeps
    the others as walk-ins."""
    people, problems, count = read_participants(content)
    report = AttendanceImport(rows=count, problems=problems)
    existing = {r.email: r for r in Registration.objects.select_for_update().filter(event=event)}
    for email, (name, minutes) in people.items():
        registration = existing.get(email)
        if registration is None:
            Registration.objects.create(
                event=event,
                email=email,
                name=name,
                status=Registration.Status.WALK_IN,
                attended=True,
                attended_minutes=minutes,
            )
            report.walk_ins += 1
            report.changed += 1
            continue
        if registration.status == Registration.Status.WALK_IN:
            report.walk_ins += 1
        else:
            report.matched += 1
        if not registration.attended or registration.attended_minutes != minutes:
            registration.attended = True
            registration.attended_minutes = minutes
            registration.save(update_fields=["attended", "attended_minutes", "updated_at"])
            report.changed += 1
    return report


def mark_attendance(*, registration: Registration, attended: bool) -> None:
    """An organiser's mark, one registrant at a time."""
    registration.attended = attended
    if not attended:
        registration.attended_minutes = None
    registration.save(update_fields=["attended", "attended_minutes", "updated_at"])
