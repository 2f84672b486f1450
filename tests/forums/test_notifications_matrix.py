"""TEMPORARY: the URL matrix for the notification URLs, until the forum pages merge and their
rows join MATRIX (then tests/lpsa/test_url_matrix.py covers them and this file goes)."""

import pytest
from django.urls import reverse

from forums import notification_urls
from tests.lpsa.test_url_matrix import client_for, header_problems, outcome_problem
from tests.url_matrix import NOTIFICATION_ROWS, ROLES, build_world

pytestmark = pytest.mark.urls("tests.forums.notification_test_urls")


def test_every_notification_url_has_a_row():
    names = {f"forums:{pattern.name}" for pattern in notification_urls.urlpatterns}
    assert names == {row.url_name for row in NOTIFICATION_ROWS}


@pytest.fixture
def world(db):
    return build_world()


@pytest.mark.parametrize(
    ("row", "role"),
    [(row, role.name) for row in NOTIFICATION_ROWS for role in ROLES],
    ids=lambda value: getattr(value, "url_name", value),
)
def test_notification_url_matrix(row, role, world):
    path = reverse(row.url_name, kwargs=row.kwargs(world) if row.kwargs else None)
    problems = []
    for method, outcome in zip(("GET", "POST"), row.expected(role), strict=True):
        client = client_for(role, world)
        response = client.get(path) if method == "GET" else client.post(path, {})
        problem = outcome_problem(response, outcome)
        if problem:
            problems.append(f"{method} {path}: {problem}")
        problems += [f"{method} {path}: {p}" for p in header_problems(response)]
    assert not problems, f"{row.url_name} as {role}:\n  " + "\n  ".join(problems)
