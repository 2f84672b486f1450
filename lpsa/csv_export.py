"""CSV downloads that members' own words go into (the directory, a group's roster).

Spreadsheets run a cell that starts like a formula, and members write these fields: every cell
goes through `spreadsheet_safe`. Rows are streamed, so a long export never sits in memory.
"""

import csv
from collections.abc import Iterable

from django.http import StreamingHttpResponse


def spreadsheet_safe(value: str) -> str:
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


class _Echo:
    def write(self, value: str) -> str:
        return value


def streaming_csv_response(
    *, filename: str, header: list[str], rows: Iterable[Iterable[str]]
) -> StreamingHttpResponse:
    """`header`, then each row with every cell made spreadsheet-safe, as a download."""
    writer = csv.writer(_Echo())

    def lines():
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow(spreadsheet_safe(cell) for cell in row)

    return StreamingHttpResponse(
        lines(),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
