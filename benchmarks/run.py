#!/usr/bin/env python
"""Serves the portal under gunicorn on two PostgreSQL databases, a small and a large community,
and prints each page's median time, queries and compressed size at both sizes.

Run by hand with `make bench` (or `make bench BENCH_ARGS="--large 5000"`); see benchmarks/README.md.
Only the standard library and psycopg (a dependency of the portal) are used.
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

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"

DEMO_EMAIL = "demo@lpsa.example"
DEMO_PASSWORD = "lpsa-demo-2026"
SEEDED_EMAILS = "seed-%@demo.lpsa.example"


@dataclass(frozen=True)
class Page:
    label: str
    path: str  # "{profile}" is replaced by the demo member's profile id
    signed_in: bool


# The pages measured, in the order printed. Add a page with one line.
BARE = Page("bare view", "/healthz", signed_in=False)
PAGES = [
    BARE,
    Page("landing page (visitor)", "/", signed_in=False),
    Page("login page", "/accounts/login/", signed_in=False),
    Page("portal home (member)", "/", signed_in=True),
    Page("directory", "/members/", signed_in=True),
    Page("directory: Africa, newest", "/members/?region=africa&sort=-newest", signed_in=True),
    Page("directory: search 'fiscal'", "/members/?q=fiscal", signed_in=True),
    Page("profile page", "/members/{profile}/", signed_in=True),
]

# The goals each page is held to.
MAX_LARGE_OVER_SMALL = 1.5
MAX_PAGE_OVER_BARE = 5.0


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


def seeded_member_count(database_url: str) -> int:
    with psycopg.connect(database_url) as conn:
        row = conn.execute(
            "SELECT count(*) FROM members_user WHERE email LIKE %s", [SEEDED_EMAILS]
        ).fetchone()
    return row[0]


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
class Site:
    name: str
    members: int
    port: int
    database: str
    env: dict
    seed_note: str = ""
    process: subprocess.Popen | None = None
    profile_id: int | None = None
    session_cookie: str = ""
    # (page label) -> list of (ms, queries, bytes)
    samples: dict[str, list[tuple[float, int, int]]] = field(default_factory=dict)

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
    if count == site.members:
        log(f"{site.name}: reusing {site.database} ({count:,} members)")
        site.seed_note = "database reused"
    else:
        log(f"{site.name}: seeding {site.members - count:,} members into {site.database} ...")
        started = time.perf_counter()
        output = manage(site.env, "seed_demo", "--members", str(site.members))
        seconds = time.perf_counter() - started
        log(f"  {output}")
        site.seed_note = f"seeded {site.members - count:,} members in {seconds:.1f}s"
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
    if page.status != 200 or not match:
        raise SystemExit(f"{site.name}: no login form at /accounts/login/ ({page.status})")
    response = request(
        site,
        "/accounts/login/",
        method="POST",
        cookie=cookie_header(cookies),
        form={
            "login": DEMO_EMAIL,
            "password": DEMO_PASSWORD,
            "csrfmiddlewaretoken": match.group(1),
        },
    )
    cookies |= cookies_from(response)
    if response.status != 302 or "sessionid" not in cookies:
        raise SystemExit(f"{site.name}: signing in as {DEMO_EMAIL} failed ({response.status})")
    site.session_cookie = cookie_header(cookies)
    me = request(site, "/members/me/", cookie=site.session_cookie)
    found = re.search(r"/members/(\d+)/", me.headers.get("Location", ""))
    if me.status != 302 or not found:
        raise SystemExit(f"{site.name}: could not find the demo member's profile")
    site.profile_id = int(found.group(1))


def measure(site: Site, page: Page, *, keep: bool) -> None:
    path = page.path.format(profile=site.profile_id)
    response = request(site, path, cookie=site.session_cookie if page.signed_in else "")
    if response.status != 200:
        raise SystemExit(
            f"{site.name}: {path} answered {response.status}"
            f"{' to ' + response.headers['Location'] if response.status in (301, 302) else ''}"
        )
    if keep:
        queries = int(response.headers.get("X-Query-Count", "-1"))
        site.samples.setdefault(page.label, []).append((response.ms, queries, len(response.body)))


# --- Report ---------------------------------------------------------------------------------
def ratio(a: float, b: float) -> float:
    return a / b if b else float("inf")


def usual_queries(values: list[int]) -> int:
    # A cache refill now and then adds queries to one request; the usual count is what matters.
    return statistics.mode(values)


def query_summary(values: list[int]) -> str:
    if min(values) < 0:
        return "?"
    return f"{usual_queries(values)}{'' if len(set(values)) == 1 else '*'}"


def report(small: Site, large: Site, args, started: datetime) -> tuple[str, bool]:
    bare_small = statistics.median(s[0] for s in small.samples[BARE.label])
    bare_large = statistics.median(s[0] for s in large.samples[BARE.label])
    header = (
        f"{'page':<28} {'small ms':>8} {'large ms':>8} {'L/S':>5} {'/bare S':>7} {'/bare L':>7} "
        f"{'q S':>4} {'q L':>4} {'gz B S':>7} {'gz B L':>7}  size  bare  queries"
    )
    lines = [header, "-" * len(header)]
    failures = []
    for page in PAGES:
        at_small, at_large = small.samples[page.label], large.samples[page.label]
        ms_s = statistics.median(x[0] for x in at_small)
        ms_l = statistics.median(x[0] for x in at_large)
        q_s, q_l = [x[1] for x in at_small], [x[1] for x in at_large]
        bytes_s = int(statistics.median(x[2] for x in at_small))
        bytes_l = int(statistics.median(x[2] for x in at_large))
        over_bare_s, over_bare_l = ratio(ms_s, bare_small), ratio(ms_l, bare_large)
        size_ok = ratio(ms_l, ms_s) <= MAX_LARGE_OVER_SMALL
        bare_ok = page is BARE or max(over_bare_s, over_bare_l) <= MAX_PAGE_OVER_BARE
        queries_ok = usual_queries(q_s) == usual_queries(q_l) and min(q_s + q_l) >= 0
        verdicts = []
        for ok, goal in ((size_ok, "size"), (bare_ok, "bare"), (queries_ok, "queries")):
            verdicts.append("PASS" if ok else "FAIL")
            if not ok:
                failures.append(f"{page.label}: {goal}")
        lines.append(
            f"{page.label:<28} {ms_s:>8.1f} {ms_l:>8.1f} {ratio(ms_l, ms_s):>5.2f} "
            f"{over_bare_s:>7.1f} {over_bare_l:>7.1f} {query_summary(q_s):>4} "
            f"{query_summary(q_l):>4} {bytes_s:>7,} {bytes_l:>7,}  {verdicts[0]}  {verdicts[1]}  "
            f"{verdicts[2]}"
        )
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    intro = [
        f"LPSA portal benchmark, {started:%Y-%m-%d %H:%M} UTC, commit {commit or '?'}",
        f"small: {small.members:,} seeded members ({small.seed_note}); "
        f"large: {large.members:,} ({large.seed_note})",
        f"{args.rounds} interleaved rounds after {args.warmup} warm-up; gunicorn -w 2; "
        "medians; gz B = gzip body bytes",
        f"goals: size = large/small <= {MAX_LARGE_OVER_SMALL}x, bare = page <= "
        f"{MAX_PAGE_OVER_BARE:g}x /healthz at both sizes, queries = same count at both sizes",
        "q = the usual queries per request; * = some requests made more (e.g. a cache refill)",
        "",
    ]
    if failures:
        outro = ["", f"{len(failures)} goal(s) failed: " + "; ".join(failures)]
    else:
        outro = ["", "All goals met."]
    return "\n".join(intro + lines + outro) + "\n", not failures


# --- Main -----------------------------------------------------------------------------------
def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=10, help="members in the small site (10)")
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
        help="Redis server URL; the sites use databases 14 (small) and 13 (large)",
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


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    started = datetime.now(UTC)
    server = args.postgres.rstrip("/")
    redis = args.redis.rstrip("/")
    # One database per size, so a quick run at another size keeps the slow-to-seed large one.
    sites = [
        Site(
            "small",
            args.small,
            args.port,
            f"lpsa_bench_{args.small}",
            site_env(f"{server}/lpsa_bench_{args.small}", f"{redis}/14"),
        ),
        Site(
            "large",
            args.large,
            args.port + 1,
            f"lpsa_bench_{args.large}",
            site_env(f"{server}/lpsa_bench_{args.large}", f"{redis}/13"),
        ),
    ]
    # A SIGTERM (a killed `make`) should still stop the servers through the finally below.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        for site in sites:
            prepare_database(site, server, fresh=args.fresh)
        for site in sites:
            start_server(site)
            sign_in(site)
        log(f"measuring {len(PAGES)} pages: {args.warmup} warm-up + {args.rounds} rounds ...")
        for round_number in range(args.warmup + args.rounds):
            keep = round_number >= args.warmup
            for page in PAGES:
                # Alternate which size goes first so neither always follows the other.
                for site in sites if round_number % 2 == 0 else sites[::-1]:
                    measure(site, page, keep=keep)
    finally:
        for site in sites:
            stop_server(site)

    table, all_met = report(sites[0], sites[1], args, started)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.txt").write_text(table)
    print(table, end="")
    return 0 if all_met or args.no_fail else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
