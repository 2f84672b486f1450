"""Who gets into the CMS at /cms/: signed in through allauth, in an editorial group, with a second
factor; Wagtail's own log-in and password forms are closed; the Django admin is as before."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from blog.cms import missing_fields_are_a_bad_request
from tests.blog.factories import BlogPageFactory, cms_user

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
SET_UP_TOTP = "/accounts/2fa/totp/activate/"


def test_a_visitor_is_sent_to_the_portals_log_in_and_back(client):
    for path, next_path in (("/cms/", "/cms/"), ("/cms/pages/", "/cms/pages/")):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == f"{LOGIN}?next={next_path}"


def test_a_member_outside_the_editorial_groups_gets_the_portals_403(client, member):
    client.force_login(member)
    for path in ("/cms/", "/cms/pages/", "/cms/images/", "/cms/snippets/"):
        response = client.get(path)
        assert response.status_code == 403, path
        assert "403.html" in [template.name for template in response.templates]


@pytest.mark.parametrize("group", ["Editors", "Contributors"])
def test_a_cms_user_without_an_authenticator_app_is_sent_to_set_one_up(client, group):
    client.force_login(cms_user(group, with_totp=False))
    response = client.get("/cms/", follow=True)
    assert response.redirect_chain[0] == (SET_UP_TOTP, 302)
    assert reverse("mfa_activate_totp") == SET_UP_TOTP
    assert "set up an authenticator app" in response.content.decode()
    assert client.get("/cms/pages/").status_code == 302
    # Logging out of the CMS is still possible.
    assert client.post(reverse("wagtailadmin_logout")).status_code == 302


@pytest.mark.parametrize("group", ["Editors", "Contributors"])
def test_a_cms_user_with_an_authenticator_app_gets_the_cms(client, group):
    client.force_login(cms_user(group))
    response = client.get("/cms/")
    assert response.status_code == 200
    assert "wagtailadmin/home.html" in [template.name for template in response.templates]
    assert client.get("/cms/pages/").status_code == 200


def test_a_superuser_with_an_authenticator_app_gets_the_cms(client, staff):
    staff.is_superuser = True
    staff.save()
    client.force_login(staff)
    assert client.get("/cms/").status_code == 200


def test_the_cms_log_in_address_leads_to_allauths_log_in_and_shows_no_password_form(client):
    response = client.get("/cms/login/")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=/cms/"
    response = client.get("/cms/login/?next=/cms/pages/")
    assert response["Location"] == f"{LOGIN}?next=/cms/pages/"
    assert b'type="password"' not in response.content
    # Posting a password to it is refused, not checked.
    response = client.post("/cms/login/", {"username": "someone", "password": "guess"})
    assert response.status_code == 405
    assert reverse("wagtailadmin_login") == "/cms/login/"


@pytest.mark.parametrize(
    "path",
    [
        "/cms/password_reset/",
        "/cms/password_reset/done/",
        "/cms/password_reset/complete/",
    ],
)
def test_wagtails_password_reset_pages_are_off(client, path):
    assert client.get(path).status_code == 404
    assert client.post(path, {"email": "someone@example.org"}).status_code == 404


def test_the_cms_account_page_has_no_password_change(client):
    client.force_login(cms_user("Editors"))
    response = client.get(reverse("wagtailadmin_account"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "new_password1" not in html and 'type="password"' not in html


def test_the_django_admin_is_as_it_was(client, staff, staff_without_2fa):
    # tests/lpsa/test_admin_access.py holds the whole of it; these are its main paths, with the
    # CMS installed beside it.
    response = client.get("/admin/", follow=True)
    assert response.request["PATH_INFO"] == LOGIN
    client.force_login(staff)
    response = client.get("/admin/")
    assert response.status_code == 200 and b"Site administration" in response.content
    client.force_login(staff_without_2fa)
    assert client.get("/admin/")["Location"] == SET_UP_TOTP
    # Being a blog editor is no way into the Django admin.
    client.force_login(cms_user("Editors"))
    response = client.get("/admin/", follow=True)
    assert b"Site administration" not in response.content


def test_a_form_missing_fields_wagtail_reads_is_a_bad_request_saying_which(client):
    """Wagtail's editor reads its StreamField's block count without asking whether it came: an
    incomplete post is answered 400 with what is missing, not a server error."""
    post = BlogPageFactory()
    client.force_login(cms_user("Editors"))
    response = client.post(reverse("wagtailadmin_pages:edit", args=[post.pk]), {})
    assert response.status_code == 400
    assert b"is missing" in response.content


def test_a_validation_error_outside_wagtails_form_is_a_bad_request_with_its_message(rf):
    # Publish pressed while autosave was creating the same page: add_child finds the slug taken.
    def publish(request):
        raise ValidationError({"slug": ["The slug 'budgets' is already in use."]})

    response = missing_fields_are_a_bad_request(publish)(rf.post("/cms/pages/add/"))
    assert response.status_code == 400
    assert b"The slug 'budgets' is already in use." in response.content
    assert b"reload the page" in response.content
