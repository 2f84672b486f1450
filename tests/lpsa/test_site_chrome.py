"""The header and footer are rendered once per kind of page and reused: the parts that belong
to one request (its CSRF token, the path the language switch returns to) are still its own."""

import re

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

SOON = reverse("coming_soon", kwargs={"section": "courses"})


def csrf_tokens(html: str) -> list[str]:
    return re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)


def test_each_visitor_gets_a_working_csrf_token_in_the_reused_header(member, other_member):
    for user in (member, other_member):
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        html = client.get(SOON).content.decode()
        tokens = csrf_tokens(html)
        assert len(tokens) == 2  # the log-out form and the language switch
        response = client.post(reverse("account_logout"), {"csrfmiddlewaretoken": tokens[0]})
        assert response.status_code == 302, "the reused header's token was refused"


def test_the_language_switch_returns_to_this_page_escaped(client):
    html = client.get(SOON + "?region=africa&sort=-newest").content.decode()
    assert 'name="next" type="hidden" value="/soon/courses/?region=africa&amp;sort=-newest"' in html


def test_the_header_follows_who_is_asking(client, member, staff):
    assert "Log in" in client.get(SOON).content.decode()
    client.force_login(member)
    html = client.get(SOON).content.decode()
    assert "Log out" in html and "Admin" not in html
    client.force_login(staff)
    assert "Admin" in client.get(SOON).content.decode()
