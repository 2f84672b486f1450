#!/usr/bin/env python
"""Times the directory search for a common, a rare and an absent term on one seeded database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lpsa_search_100k \\
        .venv/bin/python benchmarks/search.py [--rounds 30] [--explain]

The database must be migrated, seeded (`manage.py seed_demo --members 100000`) and analysed
(`VACUUM ANALYZE`). For each term it prints how many members match and the median and p95, in
milliseconds, of:

  page       the first page of 24 rows as the directory lists them (ProfileQuerySet.search:
             each group, name/organisation matches then the rest, cut at the page's end)
  page 10    rows 217-240, the tenth page, the same way
  count      the directory's total, counted only up to 1,001 rows (LIMIT), as the paginator does
  one sort   the first page from one ORDER BY over every match (the first design, replaced)
  ts_rank    the first page ordered by ts_rank (a design measured and not shipped; ids only,
             over the unweighted document: a lower bound on what it would cost)
  substring  the first page with the old icontains search (what the directory did before)
  view       the whole directory page through Django's test client, signed in, cache cleared

and the ratio of each term's page + count time to the absent term's, measured in the same run.
Terms are interleaved round by round so drift on the machine affects them alike.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lpsa.settings")
os.environ.setdefault("LPSA_DISABLE_RATE_LIMITS", "1")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Q  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from lpsa.demo_logins import DEMO_MEMBER  # noqa: E402
from members.models import Profile, User  # noqa: E402
from members.search import TEXT_SEARCH_CONFIG, search_words, tsquery  # noqa: E402

PAGE_SIZE = 24
COUNT_CAP = 1001
COMMON = "fiscal"  # in about a fifth of the bios
COMMON_ORGANISATION = "council"  # in thousands of organisation names
ABSENT = "zzqx"


def rare_term() -> str:
    """A surname borne by only a few members (the rarest borne by at least three)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT word, ndoc FROM ts_stat($$
                SELECT to_tsvector('simple', split_part(full_name, ' ', 2))
                FROM members_profile WHERE listed_in_directory
            $$) WHERE length(word) > 5 AND ndoc >= 3 ORDER BY ndoc, word LIMIT 1
            """
        )
        return cursor.fetchone()[0]


def directory(text: str):
    return Profile.objects.for_directory().search(text)


def page_rows(text: str) -> list:
    return list(directory(text)[:PAGE_SIZE])


def tenth_page_rows(text: str) -> list:
    return list(directory(text)[9 * PAGE_SIZE : 10 * PAGE_SIZE])


def one_sort_page(text: str) -> list:
    queryset = directory(text)
    queryset._search_words = None  # slices the usual way: one ORDER BY over every match
    return list(queryset[:PAGE_SIZE])


def capped_count(text: str) -> int:
    return directory(text).order_by()[:COUNT_CAP].count()


def ts_rank_page(text: str) -> list:
    words = search_words(text)
    sql = f"""
        SELECT p.id FROM members_profile p JOIN members_user u ON u.id = p.user_id
        WHERE p.listed_in_directory AND u.is_active
          AND p.search_document @@ to_tsquery('{TEXT_SEARCH_CONFIG}', %s)
        ORDER BY ts_rank(p.search_document, to_tsquery('{TEXT_SEARCH_CONFIG}', %s)) DESC,
                 p.full_name, p.id
        LIMIT {PAGE_SIZE}
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [tsquery(words)] * 2)
        return cursor.fetchall()


def substring_page(text: str) -> list:
    query = Q()
    for word in text.split()[:8]:
        query &= (
            Q(full_name__icontains=word)
            | Q(organisation__icontains=word)
            | Q(job_title__icontains=word)
            | Q(bio__icontains=word)
        )
    return list(Profile.objects.for_directory().filter(query).order_by("full_name", "pk")[:24])


def signed_in_client() -> Client:
    client = Client()
    client.force_login(User.objects.get(email=DEMO_MEMBER.email))
    return client


def timed(function, *args) -> float:
    started = time.perf_counter()
    function(*args)
    return (time.perf_counter() - started) * 1000


def explain(text: str) -> None:
    for label, queryset in [
        ("page", directory(text)[:PAGE_SIZE]),
        ("page 10", directory(text)[9 * PAGE_SIZE : 10 * PAGE_SIZE]),
        ("count", directory(text).order_by()[:COUNT_CAP]),
    ]:
        print(f"\n--- EXPLAIN ANALYZE {label} for {text!r}")
        print(queryset.explain(analyze=True, buffers=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE too")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a seeded PostgreSQL database.")

    terms = {
        "common": COMMON,
        "organisation": COMMON_ORGANISATION,
        "rare": rare_term(),
        "absent": ABSENT,
    }
    client = signed_in_client()
    url = reverse("members:directory")
    measures = {
        "page": page_rows,
        "page 10": tenth_page_rows,
        "count": capped_count,
        "one sort": one_sort_page,
        "ts_rank": ts_rank_page,
        "substring": substring_page,
        "view": lambda text: client.get(url, {"q": text}),
    }
    samples = {(kind, measure): [] for kind in terms for measure in measures}
    for round_number in range(args.rounds + 3):
        order = list(terms.items())
        if round_number % 2:
            order.reverse()
        for kind, text in order:
            for measure, function in measures.items():
                cache.clear()  # the paginator caches totals: measure each page cold
                elapsed = timed(function, text)
                if round_number >= 3:  # three warm-up rounds are thrown away
                    samples[kind, measure].append(elapsed)

    total = Profile.objects.listed().count()
    print(f"{total:,} listed members, {args.rounds} rounds, milliseconds (median / p95)\n")
    print(f"{'term':<24}{'matches':>9}" + "".join(f"{m:>17}" for m in measures))
    for kind, text in terms.items():
        matches = directory(text).count()
        cells = []
        for measure in measures:
            values = sorted(samples[kind, measure])
            p95 = values[int(len(values) * 0.95) - 1]
            cells.append(f"{statistics.median(values):7.1f} /{p95:7.1f}")
        print(f"{kind + ' ' + repr(text):<24}{matches:>9,}" + "".join(f"{c:>17}" for c in cells))

    def search_cost(kind: str) -> float:
        return statistics.median(
            page + count
            for page, count in zip(samples[kind, "page"], samples[kind, "count"], strict=True)
        )

    print("\nmedian, as a multiple of the absent term's:")
    print(f"{'term':<24}" + "".join(f"{m:>17}" for m in ("page + count", *measures)))
    for kind in terms:
        if kind == "absent":
            continue
        ratios = [search_cost(kind) / search_cost("absent")]
        for measure in measures:
            ratios.append(
                statistics.median(samples[kind, measure])
                / statistics.median(samples["absent", measure])
            )
        print(f"{kind:<24}" + "".join(f"{ratio:>17.2f}" for ratio in ratios))
    if args.explain:
        for text in terms.values():
            explain(text)


if __name__ == "__main__":
    main()
