"""Guards over every URL of the portal, present and future, driven by tests/url_matrix.py.

For each pattern and role: the GET and POST outcomes of the matrix and the security headers on
every response; for each page a visitor or a member can open: its weight, and hostile query
strings answered without a server error.
"""

import gzip
import re
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve

from tests.members.conftest import bulk_create_members
from tests.url_matrix import (
    MATRIX,
    PUBLIC_AND_MEMBER_ROLES,
    ROLES,
    ROLES_BY_NAME,
    MatrixWorld,
    Outcome,
    Prefix,
    Row,
    build_world,
)
from tests.url_patterns import Pattern, all_patterns, row_for

PATTERNS = list(all_patterns())


def matrix_cases() -> Iterator:
    for pattern in PATTERNS:
        row = row_for(pattern)
        if row is None:
            continue  # test_every_url_pattern_has_a_row names it
        yield pytest.param(pattern, row, id=pattern.label)


@pytest.fixture
def world(db) -> MatrixWorld:
    return build_world()


def client_for(role: str, world: MatrixWorld) -> Client:
    client = Client()
    user = world.user(ROLES_BY_NAME[role])
    if user is not None:
        client.force_login(user)
    return client


def expected_outcomes(pattern: Pattern, row: Row, role: str) -> tuple[Outcome, Outcome] | None:
    """None where a Prefix row promises only that there is no server error."""
    if isinstance(row, Prefix) and pattern.url_name != row.url_name and role not in row.everywhere:
        return None
    return row.expected(role)


def path_for(pattern: Pattern, row: Row, world: MatrixWorld) -> str:
    return pattern.path(row.kwargs(world) if row.kwargs else {})


# --- Coverage: every pattern has a row, every row a pattern ----------------------------------


def test_every_url_pattern_has_a_row():
    missing = [f"{p.label}  (route {p.route!r})" for p in PATTERNS if row_for(p) is None]
    assert not missing, (
        "URL patterns with no row in tests/url_matrix.py (add one per URL, stating what each "
        "role gets from GET and POST; give unnamed patterns a name):\n  " + "\n  ".join(missing)
    )


def test_every_row_names_a_url_pattern():
    names = {p.url_name for p in PATTERNS}
    stale = [row.url_name for row in MATRIX if row.url_name not in names]
    stale += [
        f"prefix {row.namespace or row.route}"
        for row in MATRIX
        if isinstance(row, Prefix)
        if not any(row.covers(p.namespace, p.route) for p in PATTERNS)
    ]
    assert not stale, f"Rows in tests/url_matrix.py that match no URL pattern: {stale}"


def test_every_row_states_each_base_role():
    # A role with no `like` has nothing to fall back on, so every row must state it.
    base_roles = [role.name for role in ROLES if role.like is None]
    unstated = [
        f"{row.url_name}: {role}"
        for row in MATRIX
        for role in base_roles
        if role not in row.outcomes
    ]
    assert not unstated, f"Rows that say nothing about a role: {unstated}"


# --- Outcomes and headers ------------------------------------------------------------------


def outcome_problem(response, expected: Outcome | None) -> str | None:
    status = response.status_code
    if status >= 500:
        return f"server error {status}"
    if expected is None:
        return None
    if status != expected.status:
        location = f" to {response['Location']}" if response.has_header("Location") else ""
        return f"expected {expected}, got {status}{location}"
    if expected.to:
        location = urlsplit(response["Location"])
        try:
            view_name = resolve(location.path).view_name
        except Resolver404:
            view_name = None
        if view_name != expected.to:
            return f"expected a redirect to {expected.to}, got one to {response['Location']}"
        if expected.with_next and "next" not in parse_qs(location.query):
            return "redirected to log in without ?next= to come back"
    return None


REQUIRED_CSP = {
    "default-src": {"'self'"},
    "object-src": {"'none'"},
    "base-uri": {"'none'"},
    "frame-ancestors": {"'none'"},
    "form-action": {"'self'"},
}
REQUIRED_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


# What the CMS alone may relax (blog/cms.py): Wagtail 8's admin runs inline <script> and <style>
# elements, and its preview views are framed by the CMS itself.
CMS_PREFIX = "/cms/"
CMS_INLINE_DIRECTIVES = {"script-src-elem", "style-src-elem"}
# A directive of these that is absent falls back to default-src.
FETCH_DIRECTIVES = {"object-src"}


def header_problems(response, path: str) -> list[str]:
    in_cms = path.startswith(CMS_PREFIX)
    framed_preview = in_cms and response.get("X-Frame-Options") == "SAMEORIGIN"
    required_headers = {
        **REQUIRED_HEADERS,
        **({"X-Frame-Options": "SAMEORIGIN"} if framed_preview else {}),
    }
    problems = [
        f"{name}: {response.get(name)!r}, expected {value!r}"
        for name, value in required_headers.items()
        if response.get(name) != value
    ]
    policy = response.get("Content-Security-Policy")
    if not policy:
        return [*problems, "no Content-Security-Policy header"]
    directives = {}
    for directive in filter(None, (part.strip() for part in policy.split(";"))):
        name, *sources = directive.split()
        directives[name] = set(sources)
    required_csp = {**REQUIRED_CSP, **({"frame-ancestors": {"'self'"}} if framed_preview else {})}
    for name, sources in required_csp.items():
        found = directives.get(name)
        if found is None and name in FETCH_DIRECTIVES:
            found = directives.get("default-src")
        # 'none' is stricter than anything required (a document's own policy is all 'none').
        if found != sources and found != {"'none'"}:
            problems.append(f"CSP {name} is {found}, expected {sources}")
    unsafe = [
        f"{name} {source}"
        for name, sources in directives.items()
        for source in sources
        if "unsafe" in source and not (in_cms and name in CMS_INLINE_DIRECTIVES)
    ]
    if unsafe:
        problems.append(f"CSP allows {unsafe}")
    return problems


def role_problems(pattern: Pattern, row: Row, role: str, world: MatrixWorld) -> list[str]:
    client = client_for(role, world)
    path = path_for(pattern, row, world)
    expected = expected_outcomes(pattern, row, role) or (None, None)
    problems = []
    for method, outcome in zip(("GET", "POST"), expected, strict=True):
        response = client.get(path) if method == "GET" else client.post(path, {})
        problem = outcome_problem(response, outcome)
        if problem:
            problems.append(f"{role} {method} {path}: {problem}")
        problems += [f"{role} {method} {path}: {p}" for p in header_problems(response, path)]
    return problems


@pytest.mark.parametrize(("pattern", "row"), list(matrix_cases()))
def test_url_matrix(pattern: Pattern, row: Row, world):
    """Every role against one world. Each role's requests run in a savepoint rolled back after
    them, so every role meets the world as built (a POST that deletes or joins something changes
    nothing for the next role), and the world is built once per pattern, not once per role."""
    problems = []
    for role in ROLES:
        with transaction.atomic():
            problems += role_problems(pattern, row, role.name, world)
            transaction.set_rollback(True)
    assert not problems, f"{pattern.label}:\n  " + "\n  ".join(problems)


# --- Pages a visitor or a member can open ----------------------------------------------------


def pages_for(role: str) -> list[tuple[Pattern, Row]]:
    """Patterns whose GET the matrix expects to answer 200 for this role."""
    return [
        (pattern, row)
        for pattern in PATTERNS
        if (row := row_for(pattern)) and (expected := expected_outcomes(pattern, row, role))
        if expected[0].status == 200
    ]


def html_pages(role: str, world: MatrixWorld) -> Iterator[tuple[str, object]]:
    """Each HTML page the role can open, fetched by a fresh client: some pages log people out
    (confirming another account's address does), which must not change what the next page is."""
    for pattern, row in pages_for(role):
        path = path_for(pattern, row, world)
        response = client_for(role, world).get(path)
        assert response.status_code == 200, f"{path} as {role}: {response.status_code}"
        if response["Content-Type"].startswith("text/html"):
            yield path, response


HTML_LIMIT = 14 * 1024
PAGE_LIMIT = 100 * 1024
LINKED_ASSET = re.compile(
    rb"<(?:link[^>]*rel=\"(?:stylesheet|preload|modulepreload)\"[^>]*href|script[^>]*src)"
    rb"=\"(?P<url>[^\"]+)\""
)
CSS_URL = re.compile(rb"url\(\s*['\"]?(?P<url>[^'\")]+)|@import\s+['\"](?P<import>[^'\"]+)")
COUNTED_SUFFIXES = (".css", ".js", ".mjs", ".woff2", ".woff", ".ttf", ".otf")


def compressed_size(content: bytes) -> int:
    return len(gzip.compress(content, compresslevel=6, mtime=0))


def static_file(url: str) -> bytes:
    """A linked static file's bytes, read through the staticfiles finders."""
    from django.conf import settings

    path = urlsplit(url).path
    assert path.startswith(settings.STATIC_URL), f"{url} is not a static file"
    found = finders.find(path.removeprefix(settings.STATIC_URL))
    assert found, f"{url} is linked but no finder has it"
    with open(found, "rb") as handle:
        return handle.read()


def page_weight(html: bytes) -> dict[str, int]:
    """Compressed bytes of the HTML and of each CSS, JS and font file it pulls in."""
    sizes = {"html": compressed_size(html)}
    pending = [m["url"].decode() for m in LINKED_ASSET.finditer(html)]
    while pending:
        url = pending.pop()
        if url in sizes or not urlsplit(url).path.endswith(COUNTED_SUFFIXES):
            continue
        content = static_file(url)
        sizes[url] = compressed_size(content)
        if url.endswith(".css"):
            base = url.rsplit("/", 1)[0]
            for match in CSS_URL.finditer(content):
                ref = (match["url"] or match["import"]).decode()
                if not ref.startswith(("data:", "http:", "https:", "/")):
                    ref = f"{base}/{ref}"
                pending.append(ref)
    return sizes


@pytest.mark.parametrize("role", PUBLIC_AND_MEMBER_ROLES)
def test_every_page_stays_light(role, world):
    # Lists are measured full: more listed members than fit on a directory page.
    bulk_create_members(30)
    measured, too_heavy = {}, []
    for path, response in html_pages(role, world):
        sizes = page_weight(response.content)
        measured[path] = sizes
        total = sum(sizes.values())
        if sizes["html"] > HTML_LIMIT or total > PAGE_LIMIT:
            too_heavy.append(f"{path}: HTML {sizes['html']} B, with assets {total} B: {sizes}")
    assert measured, f"No page measured for {role}"
    assert not too_heavy, (
        f"Pages over {HTML_LIMIT} B of compressed HTML or {PAGE_LIMIT} B in all:\n  "
        + "\n  ".join(too_heavy)
    )


# Query strings as an attacker or a broken link would send them, already URL-encoded.
HOSTILE_VALUES = [
    "no-such-value",
    "1000000000",
    "-1",
    "0",
    "abc",
    "1.5e308",
    "%27%20OR%201%3D1--",
    "%7B%7B%207*7%20%7D%7D",
    "%7B%25%20debug%20%25%7D",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "%ff%fe",
    "%00",
    "x" * 10_000,
]
# Parameters pages commonly read, besides the names of the page's own GET forms' fields.
COMMON_PARAMETERS = ["page", "q", "next", "sort", "order", "id", "pk", "lang"]
GET_FORM = re.compile(rb"<form(?![^>]*method=\"post\")[^>]*>(.*?)</form>", re.S | re.I)
FIELD_NAME = re.compile(rb"<(?:input|select|textarea)[^>]*\bname=\"([^\"]+)\"")


def hostile_queries(html: bytes) -> Iterator[str]:
    names = set(COMMON_PARAMETERS)
    for form in GET_FORM.finditer(html):
        names.update(name.decode() for name in FIELD_NAME.findall(form[1]))
    for value in HOSTILE_VALUES:
        yield "&".join(f"{name}={value}" for name in sorted(names))
        yield f"page={value}"
    # The same parameter many times over, and a name that is itself hostile.
    yield "&".join(f"{name}=a&{name}=b" for name in sorted(names))
    yield "%ff%fe=1&%27%22=2"


@pytest.mark.parametrize("role", PUBLIC_AND_MEMBER_ROLES)
def test_every_page_answers_hostile_query_strings_without_a_server_error(role, world):
    tried, failures = 0, []
    for path, response in html_pages(role, world):
        for query in hostile_queries(response.content):
            tried += 1
            try:
                status = client_for(role, world).get(f"{path}?{query}").status_code
            except Exception as exc:  # the test client re-raises a view's exception
                status = f"{type(exc).__name__}: {exc}"[:300]
            if not isinstance(status, int) or status >= 500:
                failures.append(f"{path}?{query[:120]}: {status}")
    assert tried > 0
    assert not failures, "Server errors from hostile query strings:\n  " + "\n  ".join(failures)


@pytest.mark.parametrize("role", PUBLIC_AND_MEMBER_ROLES)
def test_hostile_path_arguments_are_not_found_not_server_errors(role, world):
    failures, tried = [], 0
    for pattern, row in pages_for(role):
        if not row.kwargs:
            continue
        for name in row.kwargs(world):
            for value in ("abc", "-1", "1000000000", "0", "%ff%fe", "%27%20OR%201%3D1--"):
                arguments = {**row.kwargs(world), name: value}
                path = pattern.path(arguments)
                if not _matches(path):
                    continue
                tried += 1
                try:
                    status = client_for(role, world).get(path).status_code
                except Exception as exc:
                    status = f"{type(exc).__name__}: {exc}"[:300]
                if not isinstance(status, int) or status >= 500:
                    failures.append(f"{path}: {status}")
    assert tried > 0
    assert not failures, "Server errors from hostile path arguments:\n  " + "\n  ".join(failures)


def _matches(path: str) -> bool:
    try:
        resolve(path)
    except Resolver404:
        return False
    return True
