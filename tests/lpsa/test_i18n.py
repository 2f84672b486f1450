import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

CSS = Path(settings.BASE_DIR) / "static" / "css" / "portal.css"


def test_the_language_switch_in_the_footer_works_without_javascript(client):
    page = client.get(reverse("home")).content.decode()
    assert f'action="{reverse("set_language")}"' in page
    assert 'name="language"' in page and 'value="fr"' in page

    response = client.post(reverse("set_language"), {"language": "fr", "next": "/"})

    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    assert '<html lang="fr" dir="ltr">' in client.get(reverse("home")).content.decode()


def test_the_browser_language_is_honoured(client):
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")
    assert '<html lang="fr"' in page.content.decode()


def test_a_right_to_left_language_sets_dir_rtl(rf: RequestFactory):
    request = rf.get("/")
    request.user = AnonymousUser()
    with translation.override("ar"):
        html = render_to_string("404.html", request=request)
    assert '<html lang="ar" dir="rtl">' in html


PHYSICAL = re.compile(
    r"(?:margin|padding|border)-(?:left|right)\b|(?<![-\w])(?:left|right)\s*:|"
    r"text-align:\s*(?:left|right)|float:\s*(?:left|right)"
)


def test_the_css_uses_logical_properties_so_right_to_left_needs_no_rework():
    offending = [
        f"{number}: {line.strip()}"
        for number, line in enumerate(CSS.read_text().splitlines(), start=1)
        if PHYSICAL.search(line)
    ]
    assert offending == []
