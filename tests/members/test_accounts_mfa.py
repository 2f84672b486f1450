"""Two-factor pages: in the portal's layout, every control labelled, no inline script or style."""

from html.parser import HTMLParser

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.urls import reverse

from tests.members.factories import PASSWORD, activate_totp

pytestmark = pytest.mark.django_db

LOGIN = reverse("account_login")


class FormAudit(HTMLParser):
    """Collects what the accessibility checks below need from a page."""

    def __init__(self):
        super().__init__()
        self.controls: list[dict] = []
        self.label_targets: set[str] = set()
        self.fieldsets = 0
        self.legends = 0
        self.inline_scripts = 0
        self.style_attributes = 0
        self.site_header = False
        # Only the controls of <main> are the page's own; the footer holds the language switch.
        self.in_main = False

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "main":
            self.in_main = True
        if "style" in attributes:
            self.style_attributes += 1
        if tag == "script" and "src" not in attributes:
            self.inline_scripts += 1
        if tag == "header" and "site-header" in (attributes.get("class") or ""):
            self.site_header = True
        if tag == "label" and attributes.get("for"):
            self.label_targets.add(attributes["for"])
        if tag == "fieldset":
            self.fieldsets += 1
        if tag == "legend":
            self.legends += 1
        is_control = tag in {"input", "textarea", "select"} and attributes.get("type") != "hidden"
        if is_control and self.in_main:
            self.controls.append(attributes)

    def unlabelled(self) -> list[dict]:
        return [
            control
            for control in self.controls
            if control.get("id") not in self.label_targets and not control.get("aria-label")
        ]


def audit(response) -> FormAudit:
    assert response.status_code == 200, response
    page = FormAudit()
    page.feed(response.content.decode())
    assert page.site_header, "not in the portal's layout"
    assert page.unlabelled() == []
    assert page.inline_scripts == 0
    assert page.style_attributes == 0
    return page


def with_totp(user) -> str:
    secret = activate_totp(user)
    RecoveryCodes.activate(user)
    return secret


def reauthenticate(client) -> None:
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302


def test_the_set_up_page_shows_the_qr_code_and_key_in_two_labelled_steps(member_client):
    reauthenticate(member_client)

    response = member_client.get(reverse("mfa_activate_totp"))

    page = audit(response)
    assert page.fieldsets == page.legends == 2
    content = response.content.decode()
    assert "<svg" in content  # inline, so the QR code needs no data: URL in the CSP
    assert "<?xml" not in content
    assert {control["id"] for control in page.controls} == {"authenticator-secret", "id_code"}


def test_the_login_step_asks_for_the_code_in_a_labelled_fieldset(client, member):
    with_totp(member)
    client.post(LOGIN, {"login": member.email, "password": PASSWORD})

    page = audit(client.get(reverse("mfa_authenticate")))

    assert page.fieldsets == page.legends == 1
    assert [control["name"] for control in page.controls] == ["code"]


@pytest.mark.parametrize(
    "name",
    [
        "mfa_index",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_deactivate_totp",
        "mfa_reauthenticate",
        "account_reauthenticate",
    ],
)
def test_the_two_factor_pages_are_portal_pages(member_client, member, name):
    with_totp(member)
    reauthenticate(member_client)

    audit(member_client.get(reverse(name)))


def test_the_overview_says_whether_two_factor_login_is_on(member_client, member):
    overview = reverse("mfa_index")
    assert b"Off: logging in takes your password only." in member_client.get(overview).content

    with_totp(member)

    content = member_client.get(overview).content
    assert b"On: each login asks for a code from your app." in content
    assert b"You have 10 unused recovery codes" in content


def test_the_recovery_codes_page_lists_every_unused_code(member_client, member):
    with_totp(member)
    codes = (
        Authenticator.objects.get(user=member, type=Authenticator.Type.RECOVERY_CODES)
        .wrap()
        .get_unused_codes()
    )
    reauthenticate(member_client)

    content = member_client.get(reverse("mfa_view_recovery_codes")).content.decode()

    assert all(code in content for code in codes)


def test_the_account_tabs_lead_to_two_factor_login(member_client):
    content = member_client.get(reverse("account_email")).content.decode()
    assert f'href="{reverse("mfa_index")}"' in content
