"""The log-in page keeps its empty form's fields rendered, per language; a submitted form is
always rendered afresh with its errors."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOGIN = reverse("account_login")


def form_html(response) -> str:
    html = response.content.decode()
    form = html[html.index('<form method="post" action="' + LOGIN) : html.index("</form>")]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", form)


def test_the_kept_fields_are_the_ones_rendered_the_first_time(client):
    first = form_html(client.get(LOGIN))
    assert 'name="login"' in first and 'name="password"' in first
    assert form_html(client.get(LOGIN)) == first


def test_each_language_keeps_its_own_fields(client):
    client.get(LOGIN)
    french = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Mot de passe" in french


def test_a_failed_log_in_shows_its_errors_whatever_is_kept(client):
    assert 'class="error-summary-title"' not in client.get(LOGIN).content.decode()
    response = client.post(LOGIN, {"login": "nobody@example.org", "password": "wrong"})
    content = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary-title"' in content
    assert 'value="nobody@example.org"' in content
