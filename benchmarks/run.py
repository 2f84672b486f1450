#!/usr/bin/env python
"""Serves the portal under gunicorn on two PostgreSQL databases, a small and a large community,
and prints each page's median and p95 time, queries and compressed size at both sizes, with the
site's caches warm and, for pages that cache something, cold.

Run by hand with `make bench` (or `make bench BENCH_ARGS="--large 5000"`); see benchmarks/README.md.
Only the standard library, psycopg and redis-py (both dependencies of the portal) are used.
"""

import argparse
import gzip
import http.client
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.cookies import SimpleCookie
from pathlib import Path

import psycopg
import redis

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"

# The demo login has one home; that module imports nothing, so no Django set-up is needed.
sys.path.insert(0, str(ROOT))
from lpsa.demo_logins import DEMO_MEMBER  # noqa: E402

DEMO_EMAIL, DEMO_PASSWORD = DEMO_MEMBER
SEEDED_EMAILS = "seed-%@demo.lpsa.example"

# Redis databases the bench sites cache in: theirs alone, so a cold sample may empty them.
# (The test suite uses 14 and 15; other developers' runs pick their own below 11.)
SMALL_REDIS_DB = 11
LARGE_REDIS_DB = 12
# A cold sample empties the site's caches but keeps its sessions (cache and cached_db engines):
# a member whose page caches are empty is still signed in.
SESSION_KEY_MARK = b"django.contrib.sessions."


@dataclass(frozen=True)
class Page:
    label: str
    # "{own_profile}" becomes the demo member's profile id; "{other_profile}" another member's,
    # a different one for each request, the same seeded member at both sizes. "{long_topic}" is
    # the forums' long topic, "{long_middle}" and "{long_last}" its middle and last pages.
    path: str
    signed_in: bool
    # Also measured cold, with the site's caches emptied just before: pages that cache
    # something (totals, counts, fragments) or that will.
    cold: bool = False


# Search terms, from the seeded data (members/demo.py). At 100,000 members: a word in about
# 18,000 profiles; a full name eight members carry (one of them among the first ten seeded, so it
# finds someone at both sizes and a page with results is compared with a page with results); a
# word no one wrote.
COMMON_TERM = "fiscal"
RARE_TERM = "Larissa Silva"
ABSENT_TERM = "zqxvwort"

# The forums' long topic (forums/demo.py): seed_demo makes it as long as asked, and the large
# site asks for LONG_TOPIC_POSTS; its first, middle and last pages are compared with one another.
LONG_TOPIC_TITLE = "Property tax around the world: the long thread"
LONG_TOPIC_POSTS = 100_000
SMALL_LONG_TOPIC_POSTS = 60  # seed_demo's default
POSTS_PER_PAGE = 20  # forums.models.POSTS_PER_PAGE
LONG_TOPIC_PAGES = ("topic: first page", "topic: middle page", "topic: last page")
MAX_LAST_OVER_FIRST_PAGE = 1.5

# The calendar: seed_demo makes as many events as asked, spread over years past and to come;
# the large site's 10,000 put about 190 in every month.
SMALL_EVENTS = 10
LARGE_EVENTS = 10_000
CALENDAR_MONTH = "/events/month/?year=2027&month=3"

# The library: seed_demo's catalogue of the Alliance's products (40) at the small size; the large
# size adds generated resources up to 50,000 (library/demo.py), sharing one stored file.
SMALL_RESOURCES = 40
LARGE_RESOURCES = 50_000
LIBRARY_SEARCH = "/library/?q=fiscal&kind=primer&region=africa"

# The blog (blog/demo.py): its handful of posts and a few generated ones at the small size, so that
# the index's first page (12 cards) is full at both sizes; the large size adds generated posts up
# to 5,000, made in bulk. The post measured is the handful's newest, the same at both sizes.
SMALL_POSTS = 12
LARGE_POSTS = 5_000
BLOG_POST = "/blog/fiscal-decentralization-is-not-a-budget-line/"

# The pages measured, in the order printed. Add a page with one line.
BARE = Page("bare view (/healthz)", "/healthz", signed_in=False)
PAGES = [
    BARE,
    # Visitors get the CMS's front page (blog.models.HomePage): the latest posts, events and
    # resources, and the member counts.
    Page("front page (visitor)", "/", signed_in=False, cold=True),
    Page("login page", "/accounts/login/", signed_in=False),
    Page("member home", "/", signed_in=True, cold=True),
    Page("directory", "/members/", signed_in=True, cold=True),
    Page("dir: Africa, newest", "/members/?region=africa&sort=-newest", signed_in=True, cold=True),
    *(
        Page(f"search '{term}'", f"/members/?{urllib.parse.urlencode({'q': term})}", True, True)
        for term in (COMMON_TERM, RARE_TERM, ABSENT_TERM)
    ),
    # Pages are cached under the directory's version, which a cold sample empties: measured
    # cold and warm like the others.
    Page("own profile", "/members/{own_profile}/", signed_in=True, cold=True),
    Page("other profiles", "/members/{other_profile}/", signed_in=True, cold=True),
    # seed_demo makes the same eleven groups at both sizes; their members grow with the size.
    # Both are kept rendered under the directory's version: measured cold and warm.
    Page("working groups", "/working-groups/", signed_in=True, cold=True),
    Page("group page (Africa)", "/working-groups/africa/", signed_in=True, cold=True),
]

# The goals each page is held to.
MAX_LARGE_OVER_SMALL = 1.5
MAX_PAGE_OVER_BARE = 5.0

# The calendar: upcoming events, a month, one webinar's page (demo event 0 at both sizes).
# All three are kept rendered under the events' version: measured cold and warm. A month
# shows at most three events a day: at the large size about 90, at the small one or two.
PAGES += [
    Page("events", "/events/", signed_in=True, cold=True),
    Page("events: a month", CALENDAR_MONTH, signed_in=True, cold=True),
    Page("event page", "/events/demo-event-0/", signed_in=True, cold=True),
]

# The library: its page (facet counts over every current resource), a filtered full-text search
# and a resource's page (the fiscal primer at both sizes), each kept rendered under the library's
# version: measured cold and warm.
PAGES += [
    Page("library", "/library/", signed_in=True, cold=True),
    Page("library: search, filtered", LIBRARY_SEARCH, signed_in=True, cold=True),
    Page("resource page", "/library/primer-on-fiscal-decentralization/", signed_in=True, cold=True),
]

# The blog, as visitors read it: the index's first page and a post, each kept rendered under the
# blog's version (blog/cache.py): measured cold and warm.
PAGES += [
    Page("blog index", "/blog/", signed_in=False, cold=True),
    Page("blog post", BLOG_POST, signed_in=False, cold=True),
]

# The newsletter's pages: the subscription form (a visitor's, and a member's one click) and the
# archive of sent issues, both kept rendered under newsletter/cache.py's version. Its sending
# speed is benchmarks/newsletter.py's.
PAGES += [
    Page("newsletter (visitor)", "/newsletter/", signed_in=False, cold=True),
    Page("newsletter (member)", "/newsletter/", signed_in=True, cold=True),
    Page("newsletter archive", "/newsletter/issues/", signed_in=False, cold=True),
]

# The forums: the index, a category's topics, and the long topic's first, middle and last pages,
# all kept rendered under the forums' version: measured cold and warm.
PAGES += [
    Page("forum index", "/forums/", signed_in=True, cold=True),
    Page("forum topic list", "/forums/c/fiscal-decentralization/", signed_in=True, cold=True),
    Page(LONG_TOPIC_PAGES[0], "/forums/t/{long_topic}/?page=1", signed_in=True, cold=True),
    Page(
        LONG_TOPIC_PAGES[1], "/forums/t/{long_topic}/?page={long_middle}", signed_in=True, cold=True
    ),
    Page(
        LONG_TOPIC_PAGES[2], "/forums/t/{long_topic}/?page={long_last}", signed_in=True, cold=True
    ),
]


@dataclass(frozen=True)
class Row:
    """One line of the table: a page measured warm or cold."""

    page: Page
    cold: bool

    @property
    def label(self) -> str:
        if not self.page.cold:
            return self.page.label
        return f"{self.page.label} ({'cold' if self.cold else 'warm'})"


ROWS = [Row(page, cold) for page in PAGES for cold in ((True, False) if page.cold else (False,))]


# --- Databases ------------------------------------------------------------------------------
def admin_connection(server_url: str) -> psycopg.Connection:
    return psycopg.connect(f"{server_url}/postgres", autocommit=True)


def database_exists(server_url: str, name: str) -> bool:
    with admin_connection(server_url) as conn:
        return bool(conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone())


def create_database(server_url: str, name: str, *, drop_first: bool) -> None:
    with admin_connection(server_url) as conn:
        if drop_first:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def seeded_event_count(database_url: str) -> int:
    with psycopg.connect(database_url) as conn:
        return conn.execute("SELECT count(*) FROM events_event").fetchone()[0]


def seeded_resource_count(database_url: str) -> int:
    with psycopg.connect(database_url) as conn:
        return conn.execute("SELECT count(*) FROM library_resource").fetchone()[0]


def seeded_post_count(database_url: str) -> int:
    with psycopg.connect(database_url) as conn:
        return conn.execute("SELECT count(*) FROM blog_blogpage").fetchone()[0]


def seeded_member_count(database_url: str) -> int:
    with psycopg.connect(database_url) as conn:
        row = conn.execute(
            "SELECT count(*) FROM members_user WHERE email LIKE %s", [SEEDED_EMAILS]
        ).fetchone()
    return row[0]


def long_topic(database_url: str) -> tuple[int, int] | None:
    """The forums' long topic: its id and how many posts it has, if seeded."""
    with psycopg.connect(database_url) as conn:
        return conn.execute(
            "SELECT id, last_post_number FROM forums_topic WHERE title = %s", [LONG_TOPIC_TITLE]
        ).fetchone()


def listed_seeded_profiles(database_url: str) -> dict[str, int]:
    """Profile ids of seeded members who are listed, active and verified, by email: seeded
    member n is the same person at every size, whatever the ids."""
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            """
            SELECT u.email, p.id FROM members_profile p JOIN members_user u ON u.id = p.user_id
            WHERE u.email LIKE %s AND u.is_active AND p.listed_in_directory AND EXISTS (
                SELECT 1 FROM account_emailaddress e WHERE e.user_id = u.id AND e.verified
            )
            """,
            [SEEDED_EMAILS],
        ).fetchall()
    return dict(rows)


def analyze(database_url: str) -> None:
    # Fresh bulk-loaded tables have no statistics; without them the planner guesses.
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [str(PYTHON), "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"manage.py {' '.join(args)} failed")
    return result.stdout.strip()


@dataclass
class Sample:
    ms: float
    queries: int
    gzip_bytes: int


@dataclass
class Site:
    name: str
    members: int
    port: int
    database: str
    redis_db: int
    env: dict
    seed_note: str = ""
    long_topic_posts: int = SMALL_LONG_TOPIC_POSTS
    long_topic_id: int | None = None
    events: int = SMALL_EVENTS
    resources: int = SMALL_RESOURCES
    posts: int = SMALL_POSTS
    process: subprocess.Popen | None = None
    own_profile_id: int | None = None
    other_profile_ids: list[int] = field(default_factory=list)
    session_cookie: str = ""
    samples: dict[str, list[Sample]] = field(default_factory=dict)  # by row label

    @property
    def host(self) -> tuple[str, int]:
        return ("127.0.0.1", self.port)


def prepare_database(site: Site, server_url: str, *, fresh: bool) -> None:
    """Creates, migrates and seeds the site's database, reusing it when already the right size."""
    url = site.env["DATABASE_URL"]
    exists = database_exists(server_url, site.database)
    if fresh or not exists:
        log(f"{site.name}: creating database {site.database}")
        create_database(server_url, site.database, drop_first=exists)
    manage(site.env, "migrate", "--no-input", "-v", "0")
    count = seeded_member_count(url)
    if count > site.members:
        log(f"{site.name}: {count:,} members seeded, {site.members:,} wanted: recreating")
        create_database(server_url, site.database, drop_first=True)
        manage(site.env, "migrate", "--no-input", "-v", "0")
        count = 0
    topic = long_topic(url)
    enough_events = seeded_event_count(url) >= site.events
    enough_resources = seeded_resource_count(url) >= site.resources
    enough_posts = seeded_post_count(url) >= site.posts
    if (
        count == site.members
        and topic
        and topic[1] >= site.long_topic_posts
        and enough_events
        and enough_resources
        and enough_posts
    ):
        log(f"{site.name}: reusing {site.database} ({count:,} members)")
        site.seed_note = "database reused"
    else:
        log(
            f"{site.name}: seeding {site.members - count:,} members and a forum topic of "
            f"{site.long_topic_posts:,} posts, {site.events:,} events, {site.resources:,} "
            f"library resources and {site.posts:,} blog posts into {site.database} ..."
        )
        started = time.perf_counter()
        output = manage(
            site.env,
            "seed_demo",
            "--members",
            str(site.members),
            "--forum-long-topic-posts",
            str(site.long_topic_posts),
            "--events",
            str(site.events),
            "--resources",
            str(site.resources),
            "--posts",
            str(site.posts),
        )
        seconds = time.perf_counter() - started
        log(f"  {output}")
        site.seed_note = f"seeded {site.members - count:,} members in {seconds:.1f}s"
        topic = long_topic(url)
    site.long_topic_id, site.long_topic_posts = topic
    analyze(url)


# --- Serving --------------------------------------------------------------------------------
def port_in_use(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def start_server(site: Site) -> None:
    if port_in_use(site.port):
        raise SystemExit(f"Port {site.port} is in use; pick others with --port.")
    RESULTS.mkdir(parents=True, exist_ok=True)
    log_file = open(RESULTS / f"gunicorn-{site.name}.log", "w")  # noqa: SIM115
    site.process = subprocess.Popen(
        [str(GUNICORN), "lpsa.wsgi", "-b", f"127.0.0.1:{site.port}", "-w", "2"],
        cwd=ROOT,
        env=site.env,
        stdout=log_file,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if site.process.poll() is not None:
            raise SystemExit(f"gunicorn for {site.name} exited; see {log_file.name}")
        try:
            if request(site, "/healthz").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"gunicorn for {site.name} did not answer within 30s")


def stop_server(site: Site) -> None:
    process = site.process
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# --- HTTP -----------------------------------------------------------------------------------
@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes
    ms: float

    def text(self) -> str:
        raw = self.body
        if self.headers.get("Content-Encoding") == "gzip":
            raw = gzip.decompress(raw)
        return raw.decode()


def request(
    site: Site, path: str, *, cookie: str = "", method: str = "GET", form: dict | None = None
) -> Response:
    """One request on a fresh connection (gunicorn's sync workers close it after each)."""
    headers = {"Accept-Encoding": "gzip", "Host": f"127.0.0.1:{site.port}"}
    if cookie:
        headers["Cookie"] = cookie
    body = None
    if form is not None:
        body = urllib.parse.urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    started = time.perf_counter()
    conn = http.client.HTTPConnection(*site.host, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
    finally:
        conn.close()
    ms = (time.perf_counter() - started) * 1000
    return Response(response.status, response.headers, data, ms)


def cookies_from(response: Response) -> dict[str, str]:
    jar = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        jar.load(header)
    return {name: morsel.value for name, morsel in jar.items()}


def cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def sign_in(site: Site) -> None:
    """Logs in as the demo member the way a browser does, and finds the demo profile's id."""
    page = request(site, "/accounts/login/")
    cookies = cookies_from(page)
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text())
    # Django also accepts the CSRF cookie's secret as the token, whatever the form looks like.
    token = match.group(1) if match else cookies.get("csrftoken")
    if page.status != 200 or not token:
        raise SystemExit(f"{site.name}: no login form at /accounts/login/ ({page.status})")
    response = request(
        site,
        "/accounts/login/",
        method="POST",
        cookie=cookie_header(cookies),
        form={"login": DEMO_EMAIL, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": token},
    )
    cookies |= cookies_from(response)
    if response.status != 302 or "sessionid" not in cookies:
        raise SystemExit(f"{site.name}: signing in as {DEMO_EMAIL} failed ({response.status})")
    site.session_cookie = cookie_header(cookies)
    me = request(site, "/members/me/", cookie=site.session_cookie)
    found = re.search(r"/members/(\d+)/", me.headers.get("Location", ""))
    if me.status != 302 or not found:
        raise SystemExit(f"{site.name}: could not find the demo member's profile")
    site.own_profile_id = int(found.group(1))


def choose_other_profiles(small: Site, large: Site) -> None:
    """Profiles of seeded members listed at both sizes, checked to open for the demo member."""
    at_small = listed_seeded_profiles(small.env["DATABASE_URL"])
    at_large = listed_seeded_profiles(large.env["DATABASE_URL"])
    for email in sorted(at_small.keys() & at_large.keys()):
        pair = at_small[email], at_large[email]
        # The database is only a shortlist: the portal's own rules say who may be opened.
        if all(
            request(site, f"/members/{pk}/", cookie=site.session_cookie).status == 200
            for site, pk in zip((small, large), pair, strict=True)
        ):
            small.other_profile_ids.append(pair[0])
            large.other_profile_ids.append(pair[1])
    if len(small.other_profile_ids) < 2:
        raise SystemExit(
            "Fewer than two seeded members' profiles open at both sizes; raise --small."
        )


def empty_caches(client: redis.Redis) -> None:
    """Deletes every key of the site's own Redis database except sessions."""
    doomed = [key for key in client.scan_iter(count=1000) if SESSION_KEY_MARK not in key]
    if doomed:
        client.delete(*doomed)


def path_for(site: Site, page: Page, visit: int) -> str:
    others = site.other_profile_ids
    last_page = max((site.long_topic_posts - 1) // POSTS_PER_PAGE + 1, 1)
    return page.path.format(
        own_profile=site.own_profile_id,
        other_profile=others[visit % len(others)] if others else "",
        long_topic=site.long_topic_id,
        long_middle=(last_page + 1) // 2,
        long_last=last_page,
    )


def fetch(site: Site, page: Page, path: str) -> Sample:
    response = request(site, path, cookie=site.session_cookie if page.signed_in else "")
    if response.status != 200:
        raise SystemExit(
            f"{site.name}: {path} answered {response.status}"
            f"{' to ' + response.headers['Location'] if response.status in (301, 302) else ''}"
        )
    queries = int(response.headers.get("X-Query-Count", "-1"))
    return Sample(response.ms, queries, len(response.body))


def measure(site: Site, client: redis.Redis, page: Page, visit: int, *, keep: bool) -> None:
    """Requests the page twice. For a cold page, the first request finds its caches emptied and
    is the cold sample, the second the warm one. For another page, the first only refills what
    a cold sample emptied, and opens the next member's profile where pages take turns, so that
    the measured page is not the one just served."""
    path = path_for(site, page, visit)
    if page.cold:
        empty_caches(client)
        first = fetch(site, page, path)
    else:
        fetch(site, page, path_for(site, page, visit + 1))
    warm = fetch(site, page, path)
    if keep:
        if page.cold:
            site.samples.setdefault(Row(page, cold=True).label, []).append(first)
        site.samples.setdefault(Row(page, cold=False).label, []).append(warm)


# --- Report ---------------------------------------------------------------------------------
def ratio(a: float, b: float) -> float:
    return a / b if b else float("inf")


def p95(values: list[float]) -> float:
    if len(values) < 2:
        return max(values)
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def usual_queries(values: list[int]) -> int:
    # A cache refill now and then adds queries to one request; the usual count is what matters.
    return statistics.mode(values)


def query_summary(values: list[int]) -> str:
    if min(values) < 0:
        return "?"
    return f"{usual_queries(values)}{'' if len(set(values)) == 1 else '*'}"


def report(
    small: Site, large: Site, args, started: datetime, extra: tuple[list, list] = ([], [])
) -> tuple[str, bool]:
    """`extra`: lines and failures of measures beside the table (the large download)."""
    bare = {
        site.name: statistics.median(s.ms for s in site.samples[Row(BARE, cold=False).label])
        for site in (small, large)
    }
    width = max(len(row.label) for row in ROWS)
    columns = (
        f"{{:<{width}}} {{:>6}} {{:>6}} {{:>7}} {{:>6}} {{:>6}} {{:>6}} {{:>5}} {{:>5}} {{:>4}} "
    )
    columns += "{:>6} {:>5}  {}"
    groups = f"{'':<{width}} {'small ms':^13} {'large ms':^14} {'':>6} {'x bare':^11} "
    groups += f"{'queries':^9} {'gz KB':^12}"
    header = [
        groups.rstrip(),
        columns.format(
            "page", "median", "p95", "median", "p95", "L/S", "S", "L", "S", "L", "S", "L", "goals"
        ),
    ]
    lines = [*header, "-" * len(header[1])]
    failures = []
    for row in ROWS:
        at_small, at_large = small.samples[row.label], large.samples[row.label]
        ms_s = statistics.median(x.ms for x in at_small)
        ms_l = statistics.median(x.ms for x in at_large)
        p95_s, p95_l = p95([x.ms for x in at_small]), p95([x.ms for x in at_large])
        q_s, q_l = [x.queries for x in at_small], [x.queries for x in at_large]
        kb_s = statistics.median(x.gzip_bytes for x in at_small) / 1000
        kb_l = statistics.median(x.gzip_bytes for x in at_large) / 1000
        over_bare_s, over_bare_l = ratio(ms_s, bare["small"]), ratio(ms_l, bare["large"])
        failed = [
            goal
            for goal, ok in (
                ("size", ratio(ms_l, ms_s) <= MAX_LARGE_OVER_SMALL),
                # What members are served: a cold sample is a cache refill, printed but held to
                # the size and query goals only (see benchmarks/README.md, "Goals").
                (
                    "bare",
                    row.page is BARE
                    or row.cold
                    or max(over_bare_s, over_bare_l) <= MAX_PAGE_OVER_BARE,
                ),
                ("queries", usual_queries(q_s) == usual_queries(q_l) and min(q_s + q_l) >= 0),
            )
            if not ok
        ]
        failures += [f"{row.label}: {goal}" for goal in failed]
        lines.append(
            columns.format(
                row.label,
                f"{ms_s:.1f}",
                f"{p95_s:.1f}",
                f"{ms_l:.1f}",
                f"{p95_l:.1f}",
                f"{ratio(ms_l, ms_s):.2f}",
                f"{over_bare_s:.1f}",
                f"{over_bare_l:.1f}",
                query_summary(q_s),
                query_summary(q_l),
                f"{kb_s:.1f}",
                f"{kb_l:.1f}",
                "FAIL " + " ".join(failed) if failed else "ok",
            ).rstrip()
        )
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    intro = [
        f"LPSA portal benchmark, {started:%Y-%m-%d %H:%M} UTC, commit {commit or '?'}",
        f"small: {small.members:,} seeded members ({small.seed_note}); "
        f"large: {large.members:,} ({large.seed_note})",
        f"{args.rounds} interleaved rounds after {args.warmup} warm-up; gunicorn -w 2; "
        f"{len(small.other_profile_ids)} other profiles in turn",
        "cold = the site's caches emptied (sessions kept) just before the request; warm = the "
        "same request again",
        f"goals: size = large/small medians <= {MAX_LARGE_OVER_SMALL}x, bare = median <= "
        f"{MAX_PAGE_OVER_BARE:g}x /healthz at both sizes (warm rows and pages that cache nothing),",
        "       queries = same usual count at both sizes (* = some requests made more)",
        "",
    ]
    long_lines, long_failures = long_topic_report(small, large)
    lines += long_lines + extra[0]
    failures += long_failures + extra[1]
    if failures:
        outro = ["", f"{len(failures)} goal(s) failed (see the goals column)."]
    else:
        outro = ["", "All goals met."]
    return "\n".join(intro + lines + outro) + "\n", not failures


def long_topic_report(small: Site, large: Site) -> tuple[list[str], list[str]]:
    """The first, a middle and the last page of the long topic, compared within each site."""
    lines = [
        "",
        "forum long topic, signed in, caches empty (keyset pages: the same work on any page):",
    ]
    failures: list[str] = []
    # The cold samples: a kept page costs the same wherever it is; reading it is what differs.
    labels = [Row(page, cold=True).label for page in PAGES if page.label in LONG_TOPIC_PAGES]
    for site in (small, large):
        medians = [statistics.median(x.ms for x in site.samples[label]) for label in labels]
        middle, last = ratio(medians[1], medians[0]), ratio(medians[2], medians[0])
        worst = max(middle, last)
        ok = worst <= MAX_LAST_OVER_FIRST_PAGE
        if not ok and site is large:
            failures.append(f"{site.name} long topic: page ratio {worst:.2f}")
        lines.append(
            f"  {site.name}: {site.long_topic_posts:,} posts; first {medians[0]:.1f} ms, middle "
            f"{medians[1]:.1f} ms, last {medians[2]:.1f} ms; middle/first {middle:.2f}, "
            f"last/first {last:.2f} (goal <= {MAX_LAST_OVER_FIRST_PAGE}"
            f"{'' if site is large else ', not held at this size'}) {'ok' if ok else 'FAIL'}"
        )
    return lines, failures


# --- Library: a large download --------------------------------------------------------------
# A 50 MB file downloaded through the portal (counted, then streamed or handed to sendfile), its
# time beside the bare view's, and how much it raised the serving worker's peak memory (VmHWM):
# a file read whole would raise it by the file's size.
LARGE_FILE_BYTES = 50 * 1024 * 1024
LARGE_FILE_SLUG = "bench-large-download"
LARGE_DOWNLOADS = 6  # gunicorn -w 2: each worker serves some
MAX_DOWNLOAD_PEAK_GROWTH_KB = 10 * 1024
BROWSER_AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
# Run by `manage.py shell`: writes the file straight into the library's storage (it need not
# pass the upload checks) and points a resource at it; kept between runs.
LARGE_FILE_SETUP = f"""
import os
from library.models import Resource, library_storage
from taxonomy.models import Language
storage = library_storage()
name = "bench/{LARGE_FILE_SLUG}.pdf"
if not storage.exists(name) or storage.size(name) != {LARGE_FILE_BYTES}:
    os.makedirs(os.path.dirname(storage.path(name)), exist_ok=True)
    block = b"%PDF-1.7\\n" + os.urandom(1024 * 1024 - 9)
    with open(storage.path(name), "wb") as file:
        for _ in range({LARGE_FILE_BYTES} // len(block)):
            file.write(block)
        file.write(b"\\n%%EOF\\n"[: {LARGE_FILE_BYTES} % len(block)])
Resource.objects.update_or_create(
    slug="{LARGE_FILE_SLUG}",
    defaults=dict(
        title="The Databook, every annex", kind="databook", summary="A large file.", year=2026,
        language=Language.objects.get(code="en"), file=name, file_size=storage.size(name),
        content_type="application/pdf", external_url="",
    ),
)
"""


def prepare_large_download(site: Site) -> None:
    """Before the server starts: the library's files in the results folder, the file stored."""
    site.env["LIBRARY_FILES_ROOT"] = str(RESULTS / "library")
    site.env["LIBRARY_ACCEL_REDIRECT_PREFIX"] = ""
    manage(site.env, "shell", "-c", LARGE_FILE_SETUP)


def worker_pids(site: Site) -> list[int]:
    master = site.process.pid
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def peak_memory_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise SystemExit(f"no VmHWM for process {pid}")


def download_large_file(site: Site, *, first_bytes: int | None = None) -> float:
    """One download, read in 1 MB blocks and dropped; its milliseconds. With `first_bytes`,
    a range from the second byte (not counted): the same code, for warming a worker."""
    headers = {"Host": f"127.0.0.1:{site.port}", "User-Agent": BROWSER_AGENT}
    expected, status = LARGE_FILE_BYTES, 200
    if first_bytes:
        headers["Range"] = f"bytes=1-{first_bytes}"
        expected, status = first_bytes, 206
    started = time.perf_counter()
    conn = http.client.HTTPConnection(*site.host, timeout=120)
    try:
        conn.request("GET", f"/library/{LARGE_FILE_SLUG}/download/", headers=headers)
        response = conn.getresponse()
        received = 0
        while block := response.read(1024 * 1024):
            received += len(block)
    finally:
        conn.close()
    if response.status != status or received != expected:
        raise SystemExit(
            f"{site.name}: the large download answered {response.status}, {received} B"
        )
    return (time.perf_counter() - started) * 1000


def measure_large_download(site: Site) -> tuple[list[str], list[str]]:
    """After the pages, and a few small ranges of the file: the workers' peaks already hold
    what serving a request and this view's code need, so the growth is the file's doing."""
    for _ in range(LARGE_DOWNLOADS):
        download_large_file(site, first_bytes=64 * 1024)
    pids = worker_pids(site)
    before = {pid: peak_memory_kb(pid) for pid in pids}
    timings = [download_large_file(site) for _ in range(LARGE_DOWNLOADS)]
    after = {pid: peak_memory_kb(pid) for pid in pids}
    growth = max(after[pid] - before[pid] for pid in pids)
    bare = statistics.median(s.ms for s in site.samples[Row(BARE, cold=False).label])
    median = statistics.median(timings)
    ok = growth <= MAX_DOWNLOAD_PEAK_GROWTH_KB
    lines = [
        "",
        f"library download of {LARGE_FILE_BYTES // (1024 * 1024)} MB ({site.name} site, "
        f"{LARGE_DOWNLOADS} downloads, streamed by the portal):",
        f"  median {median:.1f} ms ({ratio(median, bare):.0f}x bare), "
        f"{LARGE_FILE_BYTES / 1e6 / (median / 1000):.0f} MB/s; workers' peak memory "
        + ", ".join(f"{before[pid] / 1024:.1f} -> {after[pid] / 1024:.1f} MB" for pid in pids)
        + f"; largest growth {growth / 1024:.1f} MB (goal <= "
        f"{MAX_DOWNLOAD_PEAK_GROWTH_KB // 1024} MB) {'ok' if ok else 'FAIL'}",
    ]
    return lines, [] if ok else [f"large download: peak memory grew {growth / 1024:.1f} MB"]


# --- Main -----------------------------------------------------------------------------------
def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # The small site fills the first page of every list (24 cards), so that both sizes render
    # the same work and L/S measures what the data's size costs: with 10 members a cold
    # directory compared 10 cards with 24.
    parser.add_argument("--small", type=int, default=30, help="members in the small site (30)")
    parser.add_argument(
        "--large", type=int, default=100_000, help="members in the large site (100,000)"
    )
    parser.add_argument("--rounds", type=int, default=30, help="measured rounds (30)")
    parser.add_argument("--warmup", type=int, default=3, help="unmeasured rounds first (3)")
    parser.add_argument("--port", type=int, default=8771, help="small site's port; large +1")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432"),
        help="PostgreSQL server URL, without a database name",
    )
    parser.add_argument(
        "--redis",
        default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379"),
        help=f"Redis server URL, without a database number; the sites use databases "
        f"{SMALL_REDIS_DB} (small) and {LARGE_REDIS_DB} (large), which cold samples empty",
    )
    parser.add_argument(
        "--long-topic-posts",
        type=int,
        default=LONG_TOPIC_POSTS,
        help=f"posts in the large site's long forum topic ({LONG_TOPIC_POSTS:,})",
    )
    parser.add_argument(
        "--events",
        type=int,
        default=LARGE_EVENTS,
        help=f"events in the large site's calendar ({LARGE_EVENTS:,}; small: {SMALL_EVENTS})",
    )
    parser.add_argument(
        "--resources",
        type=int,
        default=LARGE_RESOURCES,
        help=f"resources in the large site's library ({LARGE_RESOURCES:,}; small: "
        f"{SMALL_RESOURCES})",
    )
    parser.add_argument(
        "--posts",
        type=int,
        default=LARGE_POSTS,
        help=f"posts in the large site's blog ({LARGE_POSTS:,}; small: {SMALL_POSTS})",
    )
    parser.add_argument("--fresh", action="store_true", help="drop and re-seed both databases")
    parser.add_argument("--no-fail", action="store_true", help="exit 0 even when a goal is not met")
    return parser.parse_args(argv)


def site_env(database_url: str, redis_url: str) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        LPSA_QUERY_COUNT_HEADER="1",
        LPSA_DISABLE_RATE_LIMITS="1",
        DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        MEDIA_ROOT=str(RESULTS / "media"),
        LOG_LEVEL="WARNING",
    )
    env.pop("LPSA_PRODUCTION", None)
    return env


def make_site(name: str, members: int, port: int, redis_db: int, args) -> Site:
    # One database per size, so a quick run at another size keeps the slow-to-seed large one.
    database = f"lpsa_bench_{members}"
    server, redis_server = args.postgres.rstrip("/"), args.redis.rstrip("/")
    return Site(
        name,
        members,
        port,
        database,
        redis_db,
        site_env(f"{server}/{database}", f"{redis_server}/{redis_db}"),
    )


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    started = datetime.now(UTC)
    sites = [
        make_site("small", args.small, args.port, SMALL_REDIS_DB, args),
        make_site("large", args.large, args.port + 1, LARGE_REDIS_DB, args),
    ]
    sites[1].long_topic_posts = args.long_topic_posts
    sites[1].events = args.events
    sites[1].resources = args.resources
    sites[1].posts = args.posts
    clients = {site.name: redis.Redis.from_url(site.env["REDIS_URL"]) for site in sites}
    # A SIGTERM (a killed `make`) should still stop the servers through the finally below.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        for site in sites:
            prepare_database(site, args.postgres.rstrip("/"), fresh=args.fresh)
        prepare_large_download(sites[0])
        for site in sites:
            start_server(site)
            sign_in(site)
        choose_other_profiles(*sites)
        log(
            f"measuring {len(PAGES)} pages ({len(ROWS)} rows): "
            f"{args.warmup} warm-up + {args.rounds} rounds ..."
        )
        for round_number in range(args.warmup + args.rounds):
            keep = round_number >= args.warmup
            for page in PAGES:
                # Alternate which size goes first so neither always follows the other.
                for site in sites if round_number % 2 == 0 else sites[::-1]:
                    measure(site, clients[site.name], page, round_number, keep=keep)
        download_lines, download_failures = measure_large_download(sites[0])
    finally:
        for site in sites:
            stop_server(site)

    table, all_met = report(
        sites[0], sites[1], args, started, extra=(download_lines, download_failures)
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.txt").write_text(table)
    print(table, end="")
    return 0 if all_met or args.no_fail else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
