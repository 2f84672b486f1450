#!/usr/bin/env python
"""Splits the time of a few main pages into parts: SQL by kind, each template, block and loop,
form widgets, middleware, and the rest, in process through Django's test client.

Run after `make bench` has seeded the database: `.venv/bin/python benchmarks/where_time_goes.py`
(`--members 5000` for another seeded size). See "Where the time goes" in benchmarks/README.md.
It uses the large bench site's database and Redis database (12), never the test suite's.
"""

import argparse
import os
import statistics
import sys
import time
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lpsa.demo_logins import DEMO_MEMBER  # noqa: E402

DEMO_EMAIL = DEMO_MEMBER.email
LARGE_REDIS_DB = 12


class Spans:
    """Each request's milliseconds per part, wall clock and CPU: a nested part's time is taken
    out of its parent's ("self"), and also kept whole ("with inner"). CPU time (of this thread) is
    what the Python costs even when other processes take the machine's cores; SQL is waited
    for, so only its wall time means anything."""

    def __init__(self) -> None:
        self.requests: list[dict[str, list[float]]] = []
        self.current: dict[str, list[float]] = {}
        self.stack: list[list] = []
        self.enabled = False

    @contextmanager
    def span(self, label: str):
        if not self.enabled:
            yield
            return
        frame = [label, 0.0, 0.0]  # label, inner wall, inner cpu
        self.stack.append(frame)
        wall, cpu = time.perf_counter(), time.thread_time()
        try:
            yield
        finally:
            wall = (time.perf_counter() - wall) * 1000
            cpu = (time.thread_time() - cpu) * 1000
            self.stack.pop()
            # self wall, self cpu, wall with inner, calls, cpu with inner
            part = self.current.setdefault(label, [0.0, 0.0, 0.0, 0, 0.0])
            part[0] += wall - frame[1]
            part[1] += cpu - frame[2]
            if not any(outer[0] == label for outer in self.stack):  # recursion counted once
                part[2] += wall
                part[4] += cpu
            part[3] += 1
            if self.stack:
                self.stack[-1][1] += wall
                self.stack[-1][2] += cpu

    def next_request(self) -> None:
        if self.current:
            self.requests.append(self.current)
        self.current = {}

    def median(self, label: str, index: int) -> float:
        return statistics.median(
            r.get(label, [0.0, 0.0, 0.0, 0, 0.0])[index] for r in self.requests
        )


SPANS = Spans()


def wrap(owner, name: str, label) -> None:
    """Replaces owner.name by a version timed under label(self, *args)."""
    original = getattr(owner, name)

    def timed(self, *args, **kwargs):
        with SPANS.span(label(self, *args)):
            return original(self, *args, **kwargs)

    setattr(owner, name, timed)


def timed_call(label: str, function, *args):
    with SPANS.span(label):
        return function(*args)


def sql_kind(sql: str) -> str:
    if '"django_session"' in sql:
        return "sql: session"
    if 'FROM "members_user"' in sql and sql.lstrip().startswith("SELECT") and "LIMIT 21" in sql:
        return "sql: auth user"
    if "COUNT(" in sql.upper():
        return "sql: count"
    table = sql.split(" FROM ", 1)[-1].split()[0].strip('"') if " FROM " in sql else "other"
    return f"sql: {table}"


def instrument() -> None:
    from django.conf import settings
    from django.core.cache import caches
    from django.core.handlers.base import BaseHandler
    from django.db import connection
    from django.db.models import query
    from django.forms.boundfield import BoundField
    from django.template import base, defaulttags, loader_tags
    from django.urls.resolvers import URLResolver
    from django.utils.module_loading import import_string
    from django_countries.fields import Country

    wrap(base.Template, "render", lambda t, *a: f"template {t.name}")
    wrap(loader_tags.BlockNode, "render", lambda n, *a: f"  block {n.name}")
    wrap(
        defaulttags.ForNode,
        "render",
        lambda n, *a: f"  for {', '.join(n.loopvars)} in {n.sequence.token}",
    )
    wrap(BoundField, "as_widget", lambda b, *a: f"  widget {type(b.field.widget).__name__}")
    wrap(defaulttags.URLNode, "render", lambda *a: "  {% url %}")
    wrap(URLResolver, "_reverse_with_prefix", lambda *a: "  reverse()")
    name = Country.name.fget
    Country.name = property(lambda country: timed_call("  Country.name", name, country))
    wrap(BaseHandler, "_get_response", lambda *a: "view (python)")
    wrap(query.QuerySet, "_fetch_all", lambda qs, *a: f"orm: {qs.model.__name__} rows")
    wrap(query.QuerySet, "count", lambda qs, *a: f"orm: {qs.model.__name__} count")
    for method in ("get", "set", "get_many", "add"):
        wrap(type(caches["default"]), method, lambda c, *a, _l=f"cache {method}": _l)
    for path in settings.MIDDLEWARE:
        cls = import_string(path)
        for method in ("process_request", "process_view", "process_response"):
            if method in cls.__dict__:
                wrap(cls, method, lambda m, *a, _l=f"middleware {cls.__name__}.{method}": _l)

    def timed_sql(execute, sql, params, many, context):
        with SPANS.span(sql_kind(sql)):
            return execute(sql, params, many, context)

    connection.execute_wrappers.append(timed_sql)


def measure_span_cost() -> float:
    """Milliseconds one timed part adds, so the reader can discount the instrumentation."""
    SPANS.enabled = True
    started = time.perf_counter()
    for _ in range(10_000):
        with SPANS.span("overhead"):
            pass
    SPANS.enabled = False
    SPANS.current.clear()
    return (time.perf_counter() - started) * 1000 / 10_000


def time_requests(client, path: str, count: int) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of each request."""
    walls, cpus = [], []
    for _ in range(count):
        SPANS.next_request()
        wall, cpu = time.perf_counter(), time.thread_time()
        response = client.get(path, HTTP_ACCEPT_ENCODING="gzip")
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.thread_time() - cpu) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
    SPANS.next_request()
    return walls, cpus


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000, help="seeded size (100,000)")
    parser.add_argument("--requests", type=int, default=60, help="requests per page (60)")
    parser.add_argument("--top", type=int, default=14, help="parts shown per page (14)")
    parser.add_argument(
        "--only", default="", help="measure only the pages whose label contains this (e.g. forum)"
    )
    parser.add_argument(
        "--no-experiments", action="store_true", help="skip the experiments after the pages"
    )
    parser.add_argument(
        "--session-engine", default="", help="e.g. django.contrib.sessions.backends.cached_db"
    )
    args = parser.parse_args(argv)
    postgres = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
    redis_server = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379")
    os.environ.update(
        DATABASE_URL=f"{postgres.rstrip('/')}/lpsa_bench_{args.members}",
        REDIS_URL=f"{redis_server.rstrip('/')}/{LARGE_REDIS_DB}",
        DEBUG="0",
        LPSA_DISABLE_RATE_LIMITS="1",
        ALLOWED_HOSTS="testserver",
        LOG_LEVEL="ERROR",
    )
    os.environ.pop("LPSA_PRODUCTION", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lpsa.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.forms.renderers import get_default_renderer
    from django.template import engines
    from django.test import Client

    from forums.models import Topic
    from members.models import Profile

    if args.session_engine:
        settings.SESSION_ENGINE = args.session_engine
    forms_engine = get_default_renderer().engine.engine
    loaders = [
        type(loader).__module__
        for engine in (engines["django"].engine, forms_engine)
        for loader in engine.template_loaders
    ]
    print(f"template loaders (pages, forms): {loaders}; session engine: {settings.SESSION_ENGINE}")

    client = Client()
    demo = Profile.objects.select_related("user").get(user__email=DEMO_EMAIL)
    client.force_login(demo.user)
    other = Profile.objects.listed().exclude(pk=demo.pk).order_by("user__email").first()
    pages = [
        ("bare view", "/healthz"),
        ("member home", "/"),
        ("directory", "/members/"),
        ("own profile", f"/members/{demo.pk}/"),
        ("other profile", f"/members/{other.pk}/"),
        ("working groups", "/working-groups/"),
        ("group page", "/working-groups/africa/"),
        ("forum index", "/forums/"),
        ("forum topic list", "/forums/c/fiscal-decentralization/"),
    ]
    long_topic = Topic.objects.order_by("-last_post_number").first()
    if long_topic:
        pages.append(("long topic, first page", f"/forums/t/{long_topic.pk}/?page=1"))
    pages = [(label, path) for label, path in pages if args.only in label]
    plain = {}
    for label, path in pages:
        time_requests(client, path, 5)
        walls, cpus = time_requests(client, path, args.requests)
        plain[label] = statistics.median(walls), statistics.median(cpus)
    instrument()
    # A new client builds a new handler, so that the instrumented methods are the ones it binds.
    client = Client()
    client.force_login(demo.user)
    span_cost = measure_span_cost()
    for label, path in pages:
        time_requests(client, path, 5)
        SPANS.requests.clear()
        SPANS.enabled = True
        walls, cpus = time_requests(client, path, args.requests)
        SPANS.enabled = False
        print(
            f"\n{label} {path}: uninstrumented median {plain[label][0]:.2f} ms wall, "
            f"{plain[label][1]:.2f} ms CPU; instrumented {statistics.median(walls):.2f} ms wall, "
            f"{statistics.median(cpus):.2f} ms CPU"
        )
        labels = {name for request in SPANS.requests for name in request}
        rows = sorted(
            ((SPANS.median(n, 0), SPANS.median(n, 1), SPANS.median(n, 4), n) for n in labels),
            key=lambda row: -max(row[0] if row[3].startswith("sql") else row[1], 0),
        )
        groups: dict[str, float] = defaultdict(float)
        for wall, cpu, _, name in rows:
            group = name.strip().split(" ", 1)[0].rstrip(":")
            groups[group] += wall if group == "sql" else cpu
        print(
            "  by kind (median ms; sql wall, the rest CPU): "
            + ", ".join(f"{g} {ms:.2f}" for g, ms in sorted(groups.items(), key=lambda i: -i[1]))
        )
        calls = statistics.median(sum(p[3] for p in r.values()) for r in SPANS.requests)
        print(
            f"  {calls:.0f} timed parts per request; timing them costs about "
            f"{calls * span_cost:.1f} ms of the instrumented time"
        )
        print("  self wall  self CPU  CPU with inner  calls  part")
        for wall, cpu, inclusive, name in rows[: args.top]:
            calls = statistics.median(r.get(name, [0, 0, 0, 0, 0])[3] for r in SPANS.requests)
            print(f"  {wall:9.3f} {cpu:9.3f} {inclusive:15.3f} {calls:6.0f}  {name}")
    if not args.no_experiments:
        experiments(demo.user, args.requests)
    return 0


def compare_ms(actions: dict, count: int) -> dict[str, tuple[float, float]]:
    """Median wall and CPU ms of each action, taken in turn so that a busy moment hits them all
    alike."""
    times: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for round_number in range(count + 3):
        for label, action in actions.items():
            wall, cpu = time.perf_counter(), time.thread_time()
            action()
            if round_number >= 3:
                times[label].append(
                    ((time.perf_counter() - wall) * 1000, (time.thread_time() - cpu) * 1000)
                )
    return {
        label: (statistics.median(v[0] for v in values), statistics.median(v[1] for v in values))
        for label, values in times.items()
    }


def experiments(user, count: int) -> None:
    """The price of the parts a speed fix would remove, each measured alone."""
    from importlib import import_module

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.postgres.aggregates import ArrayAgg
    from django.core.cache import cache
    from django.db import connection
    from django.template import engines
    from django.test import RequestFactory

    from members.filters import DirectoryFilter
    from members.models import Profile

    def select_one():
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")

    actions = {
        "one SQL round trip (SELECT 1)": select_one,
        "one Redis cache.get": lambda: cache.get("bench:absent"),
    }
    stores = []
    for engine in ("db", "cached_db", "cache"):
        store_class = import_module(f"django.contrib.sessions.backends.{engine}").SessionStore
        store = store_class()
        store.update(
            {
                SESSION_KEY: str(user.pk),
                BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                HASH_SESSION_KEY: user.get_session_auth_hash(),
            }
        )
        store.create()
        stores.append(store)
        label = f"session load, {engine} engine"
        actions[label] = lambda key=store.session_key, cls=store_class: cls(key).load()
    actions["auth user query (User.objects.get(pk=...))"] = lambda: type(user).objects.get(
        pk=user.pk
    )

    other = Profile.objects.listed().exclude(user=user).order_by("user__email").first()

    def profile_with_prefetches():
        profile = (
            Profile.objects.visible_to(user)
            .select_related("user")
            .prefetch_related("expertise", "languages")
            .get(pk=other.pk)
        )
        return list(profile.expertise.all()), list(profile.languages.all())

    def profile_with_arrays():
        # One query: the names the page shows, aggregated by PostgreSQL.
        return (
            Profile.objects.visible_to(user)
            .select_related("user")
            .annotate(
                expertise_names=ArrayAgg("expertise__name", distinct=True, default=[]),
                language_names=ArrayAgg("languages__name", distinct=True, default=[]),
            )
            .get(pk=other.pk)
        )

    actions["profile page's lookup: select_related + 2 prefetches (3 queries)"] = (
        profile_with_prefetches
    )
    actions["the same with 2 ArrayAgg annotations (1 query)"] = profile_with_arrays

    request = RequestFactory().get("/members/")
    request.user = user
    form_loop = engines["django"].from_string(
        '{% for field in filter.form %}{% include "includes/field.html" %}{% endfor %}'
    )

    def render_filter_form() -> str:
        filterset = DirectoryFilter(
            request.GET, queryset=Profile.objects.for_directory(), request=request
        )
        return form_loop.render({"filter": filterset}, request)

    html = render_filter_form()
    cache.set("bench:filter-form", html, 300)
    actions[f"directory filter form rendered ({len(html):,} B of HTML, 2 choice queries)"] = (
        render_filter_form
    )
    actions["the same HTML from the Redis cache"] = lambda: cache.get("bench:filter-form")
    results = compare_ms(actions, count)
    print("\nparts alone, taken in turn (median ms):\n     wall      CPU")
    for label, (wall, cpu) in results.items():
        print(f"  {wall:7.3f}  {cpu:7.3f}  {label}")
    cache.delete("bench:filter-form")
    for store in stores:
        store.delete()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
