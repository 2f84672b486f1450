import zoneinfo
from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from lpsa.middleware import TimeZoneMiddleware
from lpsa.timezones import SESSION_KEY, remember_zone
from tests.members.factories import PASSWORD, MemberFactory

pytestmark = pytest.mark.django_db

MOMENT = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def render_local_time(value) -> str:
    return Template("{% load portal %}{% local_time value %}").render(Context({"value": value}))


def test_local_time_shows_the_active_zone_and_names_it():
    with timezone.override(zoneinfo.ZoneInfo("Africa/Nairobi")):
        html = render_local_time(MOMENT)
    assert '<time datetime="2026-11-23T12:00:00Z">' in html
    assert "3 p.m." in html or "15:00" in html
    assert "(Africa/Nairobi)" in html


def test_local_time_without_a_zone_says_utc():
    html = render_local_time(MOMENT)
    assert "noon" in html or "12:00" in html
    assert "(UTC)" in html


def zone_seen_by_middleware(request) -> str | None:
    seen = {}

    def view(req):
        seen["zone"] = timezone.get_current_timezone_name()
        return None

    TimeZoneMiddleware(view)(request)
    return seen["zone"]


def test_a_visitor_gets_the_browser_zone_from_its_cookie_and_junk_is_ignored(rf: RequestFactory):
    request = rf.get("/")
    request.COOKIES["tz"] = "Asia/Kathmandu"
    request.user = AnonymousUser()
    assert zone_seen_by_middleware(request) == "Asia/Kathmandu"

    request = rf.get("/")
    request.COOKIES["tz"] = "../../etc/passwd"
    request.user = AnonymousUser()
    assert zone_seen_by_middleware(request) == "UTC"


def test_logging_in_remembers_the_profile_zone_in_the_session(client):
    member = MemberFactory(profile__time_zone="America/Sao_Paulo")

    client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})

    assert client.session[SESSION_KEY] == "America/Sao_Paulo"


def test_the_profile_zone_wins_over_the_browser_zone(rf: RequestFactory):
    from django.contrib.sessions.backends.cache import SessionStore

    request = rf.get("/")
    request.session = SessionStore()
    request.user = MemberFactory()
    remember_zone(request, "Africa/Lagos")
    request.COOKIES["tz"] = "Europe/Paris"
    assert zone_seen_by_middleware(request) == "Africa/Lagos"

    # A member with no zone of their own sees the browser's.
    remember_zone(request, "")
    assert zone_seen_by_middleware(request) == "Europe/Paris"


def test_saving_the_profile_updates_the_remembered_zone(member_client, member):
    from tests.members.test_forms import profile_data

    response = member_client.post(
        reverse("members:edit_profile"), profile_data(time_zone="Asia/Dhaka")
    )
    assert response.status_code == 302
    assert member_client.session[SESSION_KEY] == "Asia/Dhaka"
