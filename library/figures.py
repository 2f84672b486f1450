"""The library's download figures for staff: over a period, in total, per resource, per world
region and per month, each one aggregate query over the daily tallies (a row per resource, day
and region), however many downloads there were."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils.translation import gettext as _

from library.models import DownloadTally
from taxonomy.models import Region


def can_see_download_figures(user) -> bool:
    return user.is_authenticated and user.is_staff


def default_period(today: date) -> tuple[date, date]:
    """The past twelve months: from the first day of the month eleven months back to today, so
    the chart has twelve bars, the last one the month so far."""
    month_index = today.year * 12 + today.month - 1 - 11
    return date(month_index // 12, month_index % 12 + 1, 1), today


@dataclass(frozen=True)
class Line:
    label: str
    raw: int
    unique: int
    # Bars' lengths, 0 to 100: of the largest raw figure in the chart.
    raw_percent: float = 0.0
    unique_percent: float = 0.0


def tallies(start: date, end: date):
    return DownloadTally.objects.filter(day__gte=start, day__lte=end)


def _sums():
    return {"raw_sum": Coalesce(Sum("raw"), 0), "unique_sum": Coalesce(Sum("unique"), 0)}


def totals(start: date, end: date) -> Line:
    sums = tallies(start, end).aggregate(**_sums())
    return Line(_("All resources"), sums["raw_sum"], sums["unique_sum"])


def by_resource(start: date, end: date):
    """A QuerySet of dicts (resource id, title, slug, raw, unique), most unique downloads first;
    page it."""
    return (
        tallies(start, end)
        .values("resource_id", "resource__title", "resource__slug")
        .annotate(**_sums())
        .order_by("-unique_sum", "-raw_sum", "resource__title", "resource_id")
    )


def region_names() -> dict[str, str]:
    return dict(Region.objects.values_list("slug", "name"))


def by_region(start: date, end: date) -> list[Line]:
    """Every world region in the taxonomy's order, then "Unknown" (visitors, and members whose
    country is not set)."""
    sums = {
        row["region"]: row
        for row in tallies(start, end).values("region").annotate(**_sums()).order_by()
    }
    lines = []
    for slug, name in Region.objects.values_list("slug", "name"):
        row = sums.pop(slug, None)
        lines.append(Line(name, row["raw_sum"] if row else 0, row["unique_sum"] if row else 0))
    # "" and any slug no longer in the taxonomy.
    raw = sum(row["raw_sum"] for row in sums.values())
    unique = sum(row["unique_sum"] for row in sums.values())
    lines.append(Line(_("Unknown"), raw, unique))
    return _scaled(lines)


def by_month(start: date, end: date) -> list[Line]:
    """One line per month of the period, months without downloads included."""
    sums = {
        row["month"]: row
        for row in tallies(start, end)
        .annotate(month=TruncMonth("day"))
        .values("month")
        .annotate(**_sums())
        .order_by()
    }
    sums = {(month.year, month.month): row for month, row in sums.items()}
    lines = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        row = sums.get((year, month))
        label = date(year, month, 1).strftime("%Y-%m")
        lines.append(Line(label, row["raw_sum"] if row else 0, row["unique_sum"] if row else 0))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return _scaled(lines)


def _scaled(lines: list[Line]) -> list[Line]:
    largest = max((line.raw for line in lines), default=0)
    if not largest:
        return lines
    return [
        Line(
            line.label,
            line.raw,
            line.unique,
            round(100 * line.raw / largest, 1),
            round(100 * line.unique / largest, 1),
        )
        for line in lines
    ]


def daily_rows(start: date, end: date):
    """Every tally of the period for the CSV: day, resource, region, raw, unique."""
    names = region_names()
    rows = (
        tallies(start, end)
        .order_by("day", "resource__title", "resource_id", "region")
        .values_list("day", "resource__slug", "resource__title", "region", "raw", "unique")
    )
    for day, slug, title, region, raw, unique in rows.iterator(chunk_size=2000):
        region_name = names.get(region, _("Unknown")) if region else _("Unknown")
        yield [day.isoformat(), slug, title, region_name, str(raw), str(unique)]
