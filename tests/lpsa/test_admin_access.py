"""The admin: signed into through allauth, with a second factor, and closed to members."""

import time
from io import StringIO

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    format_hotp_value,
    hotp_value,
)
from django.contrib.auth import SESSION_KEY
from django.core.management import call_command
from django.urls import reverse

from lpsa.admin import SET_UP_TOTP_MESSAGE
from lpsa.demo_logins import DEMO_STAFF
from tests.members.factories import PASSWORD, StaffFactory, activate_totp

ADMIN_EMAIL, ADMIN_PASSWORD = DEMO_STAFF

pytestmark = pytest.mark.django_db

ADMIN = reverse("admin:index")
ADMIN_USERS = reverse("admin:members_user_changelist")
ADMIN_LOGIN = reverse("admin:login")
LOGIN = reverse("account_login")
MFA_AUTHENTICATE = reverse("mfa_authenticate")
ACTIVATE_TOTP = reverse("mfa_activate_totp")
REAUTHENTICATE = reverse("account_reauthenticate")
ADMIN_INDEX_TITLE = b"Site administration"
ADMIN_LOGIN_FORM = b'id="login-form"'


@pytest.fixture(autouse=True)
def _one_step_of_clock_tolerance(settings):
    # A code made at the end of a 30-second step may be checked in the next one.
    settings.MFA_TOTP_TOLERANCE = 1


def totp_code(secret: str) -> str:
    """The code an authenticator app shows now, made by allauth's own TOTP functions."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


def staff_with_totp(**fields):
    staff = StaffFactory(**fields)
    return staff, activate_totp(staff)


def log_in(client, email: str, password: str = PASSWORD, next_url: str = ADMIN):
    return client.post(f"{LOGIN}?next={next_url}", {"login": email, "password": password})


def is_logged_in(client) -> bool:
    return SESSION_KEY in client.session


# --- Visitors ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [ADMIN, ADMIN_USERS, ADMIN_LOGIN])
def test_visitors_opening_the_admin_end_up_at_allauths_login(client, path):
    response = client.get(path, follow=True)

    assert response.status_code == 200
    assert response.request["PATH_INFO"] == LOGIN
    assert ADMIN_LOGIN_FORM not in response.content
    assert "account/login.html" in [t.name for t in response.templates]


def test_the_admin_login_passes_on_where_the_visitor_was_going(client):
    response = client.get(f"{ADMIN_LOGIN}?next={ADMIN_USERS}")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={ADMIN_USERS.replace('/', '%2F')}"


def test_the_admin_login_form_does_not_take_a_password(client):
    # Posting straight to the admin's form would skip allauth's rate limits and second factor.
    staff, _secret = staff_with_totp()
    response = client.post(
        ADMIN_LOGIN, {"username": staff.email, "password": PASSWORD, "next": ADMIN}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert not is_logged_in(client)


# --- Members ----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [ADMIN, ADMIN_USERS, ADMIN_LOGIN])
def test_a_member_opening_the_admin_gets_the_portals_403_page(member_client, path):
    response = member_client.get(path)

    assert response.status_code == 403
    assert "403.html" in [t.name for t in response.templates]
    assert b"You cannot open this page" in response.content
    assert ADMIN_LOGIN_FORM not in response.content


def test_a_member_posting_to_an_admin_page_gets_the_403_page(member_client):
    response = member_client.post(reverse("admin:members_user_add"), {"email": "x@example.org"})
    assert response.status_code == 403
    assert b"You cannot open this page" in response.content


def test_a_member_trying_a_staff_action_ends_on_the_portals_403_page(member_client):
    # staff_member_required sends non-staff to the admin's login, which refuses members.
    response = member_client.get(reverse("members:directory_export"), follow=True)

    assert response.status_code == 403
    assert b"You cannot open this page" in response.content
    assert ADMIN_LOGIN_FORM not in response.content


# --- Staff without a second factor ------------------------------------------------------------


@pytest.mark.parametrize("path", [ADMIN, ADMIN_USERS])
def test_staff_without_an_authenticator_are_sent_to_set_one_up(client, staff_without_2fa, path):
    staff_client = client
    staff_client.force_login(staff_without_2fa)
    response = staff_client.get(path)

    assert response.status_code == 302
    assert response["Location"] == ACTIVATE_TOTP
    followed = staff_client.get(response["Location"], follow=True)
    assert followed.status_code == 200
    assert str(SET_UP_TOTP_MESSAGE).encode() in followed.content
    assert ADMIN_INDEX_TITLE not in followed.content


def test_staff_without_an_authenticator_can_still_log_out_of_the_admin(client, staff_without_2fa):
    staff_client = client
    staff_client.force_login(staff_without_2fa)
    response = staff_client.post(reverse("admin:logout"))
    assert response.status_code == 200
    assert not is_logged_in(staff_client)


def test_staff_who_set_up_totp_then_log_in_with_a_code_and_the_admin_opens(client):
    staff = StaffFactory()

    # First sign-in: a password only, as there is no authenticator yet.
    assert log_in(client, staff.email)["Location"] == ADMIN
    assert client.get(ADMIN)["Location"] == ACTIVATE_TOTP

    # allauth asks for the password again before it changes how the account signs in.
    response = client.get(ACTIVATE_TOTP)
    assert response["Location"] == f"{REAUTHENTICATE}?next={ACTIVATE_TOTP.replace('/', '%2F')}"
    assert client.post(response["Location"], {"password": PASSWORD})["Location"] == ACTIVATE_TOTP
    setup_page = client.get(ACTIVATE_TOTP)
    assert setup_page.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    assert secret.encode() in setup_page.content  # shown for apps that cannot scan the QR code
    response = client.post(ACTIVATE_TOTP, {"code": totp_code(secret)})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    assert set(Authenticator.objects.filter(user=staff).values_list("type", flat=True)) == {
        Authenticator.Type.TOTP,
        Authenticator.Type.RECOVERY_CODES,
    }
    assert client.get(ADMIN).status_code == 200

    # Next sign-in: the password is not enough.
    client.post(reverse("account_logout"))
    response = log_in(client, staff.email)
    assert response.status_code == 302
    assert response["Location"] == MFA_AUTHENTICATE
    assert not is_logged_in(client)
    assert client.get(ADMIN)["Location"].startswith(ADMIN_LOGIN)

    response = client.post(MFA_AUTHENTICATE, {"code": totp_code(secret)})
    assert response.status_code == 302
    assert response["Location"] == ADMIN
    admin_page = client.get(ADMIN)
    assert admin_page.status_code == 200
    assert ADMIN_INDEX_TITLE in admin_page.content


def test_a_wrong_code_keeps_the_admin_closed(client):
    staff, secret = staff_with_totp()
    log_in(client, staff.email)
    wrong = str((int(totp_code(secret)) + 1) % 10**6).zfill(6)

    response = client.post(MFA_AUTHENTICATE, {"code": wrong})

    assert response.status_code == 200
    assert b"Incorrect code." in response.content
    assert not is_logged_in(client)
    assert client.get(ADMIN)["Location"].startswith(ADMIN_LOGIN)


def test_guessing_codes_is_rate_limited_like_passwords(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
    staff, secret = staff_with_totp()
    log_in(client, staff.email)
    right = totp_code(secret)
    wrong = str((int(right) + 1) % 10**6).zfill(6)
    for _attempt in range(5):
        assert b"Incorrect code." in client.post(MFA_AUTHENTICATE, {"code": wrong}).content

    response = client.post(MFA_AUTHENTICATE, {"code": right})

    assert b"Too many failed login attempts" in response.content
    assert not is_logged_in(client)


def test_a_recovery_code_stands_in_for_the_authenticator(client):
    staff, _secret = staff_with_totp()
    codes = RecoveryCodes.activate(staff).get_unused_codes()

    log_in(client, staff.email)
    response = client.post(MFA_AUTHENTICATE, {"code": codes[0]})

    assert response["Location"] == ADMIN
    assert client.get(ADMIN).status_code == 200


def test_the_admins_password_page_is_allauths(client):
    staff, secret = staff_with_totp()
    log_in(client, staff.email)
    client.post(MFA_AUTHENTICATE, {"code": totp_code(secret)})

    response = client.get(reverse("admin:password_change"))

    assert response.status_code == 302
    assert response["Location"] == reverse("account_change_password")


# --- The demo staff account -------------------------------------------------------------------


def test_the_demo_staff_account_is_told_to_set_up_totp_on_its_first_admin_visit(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", members=0, stdout=StringIO())

    assert log_in(client, ADMIN_EMAIL, ADMIN_PASSWORD)["Location"] == ADMIN
    response = client.get(ADMIN, follow=True)

    assert response.redirect_chain[0] == (ACTIVATE_TOTP, 302)
    assert response.status_code == 200
    assert str(SET_UP_TOTP_MESSAGE).encode() in response.content
