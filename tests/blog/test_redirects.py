"""Old Decentralization.Net addresses: kept as Wagtail redirects, imported from a CSV with
`manage.py import_redirects`, and never in the way of an address the portal answers itself."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from wagtail.contrib.redirects.models import Redirect

from tests.blog.factories import BlogPageFactory
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_an_old_address_redirects_permanently_to_its_post(client):
    post = BlogPageFactory(slug="property-tax-in-secondary-cities")
    Redirect.add_redirect("/2021/05/some-old-post/", post)
    for old in ("/2021/05/some-old-post/", "/2021/05/some-old-post", "/2021/05/some-old-post/?"):
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == "/blog/property-tax-in-secondary-cities/"
    # The post still answers when followed.
    assert client.get(response["Location"]).status_code == 200


def test_a_redirect_to_a_page_follows_the_page_when_its_slug_changes(client):
    post = BlogPageFactory(slug="first-slug")
    Redirect.add_redirect("/2021/05/some-old-post/", post)
    post.slug = "second-slug"
    post.save_revision().publish()
    assert client.get("/2021/05/some-old-post/")["Location"] == "/blog/second-slug/"


def test_an_address_the_portal_answers_is_never_redirected(client):
    post = BlogPageFactory()
    event = EventFactory()
    for path in ("/", "/blog/", post.url, "/events/", event.get_absolute_url(), "/library/"):
        Redirect.add_redirect(path, "https://example.org/elsewhere")
        response = client.get(path)
        assert response.status_code == 200, path
    # An address of the portal's that answers 404 is redirected.
    Redirect.add_redirect("/soon/old-section/", "https://example.org/elsewhere")
    assert client.get("/soon/old-section/").status_code == 301


def write_csv(tmp_path, text: str):
    path = tmp_path / "redirects.csv"
    path.write_text(text)
    return path


def import_redirects(*args) -> str:
    output = StringIO()
    call_command("import_redirects", *args, stdout=output)
    return output.getvalue()


def redirect_rows():
    return sorted(
        Redirect.objects.values_list(
            "old_path", "redirect_page_id", "redirect_link", "is_permanent", "site_id"
        )
    )


def test_import_redirects_reads_a_csv_of_old_and_new_addresses(client, tmp_path):
    post = BlogPageFactory(slug="property-tax")
    csv_file = write_csv(
        tmp_path,
        "old,new\n"
        "/2021/05/some-old-post/,/blog/property-tax/\n"
        "https://decentralization.net/2020/01/about-us/,/\n"
        "/2019/11/a-webinar/,/events/\n"
        "/2018/03/elsewhere/,https://example.org/report\n",
    )
    output = import_redirects("--src", str(csv_file))
    assert "Created: 4" in output and "Errors: 0" in output
    assert redirect_rows() == sorted(
        [
            ("/2021/05/some-old-post", post.pk, "", True, None),
            ("/2020/01/about-us", post.get_parent().get_parent().pk, "", True, None),
            ("/2019/11/a-webinar", None, settings.SITE_URL + "/events/", True, None),
            ("/2018/03/elsewhere", None, "https://example.org/report", True, None),
        ]
    )
    assert client.get("/2021/05/some-old-post/")["Location"] == "/blog/property-tax/"
    assert client.get("/2020/01/about-us/")["Location"] == "/"
    response = client.get("/2019/11/a-webinar/")
    assert (response.status_code, response["Location"]) == (301, settings.SITE_URL + "/events/")


def test_a_bad_row_is_reported_and_the_rest_imported(tmp_path):
    BlogPageFactory(slug="property-tax")
    csv_file = write_csv(
        tmp_path,
        "old,new\n"
        "/2021/05/first/,/blog/property-tax/\n"
        "/2021/06/broken/,not an address\n"
        "/2021/07/empty/,\n"
        "/2021/08/last/,https://example.org/last\n",
    )
    output = import_redirects("--src", str(csv_file))
    lines = output.splitlines()
    assert any(line.startswith("2. Error: /2021/06/broken/ -> not an address") for line in lines)
    assert any(
        line.startswith("3. Error: /2021/07/empty/") and "The row gives no new address." in line
        for line in lines
    )
    assert "Created: 2" in output and "Errors: 2" in output
    assert [row[0] for row in redirect_rows()] == ["/2021/05/first", "/2021/08/last"]


def test_importing_the_same_file_again_changes_nothing(tmp_path):
    BlogPageFactory(slug="property-tax")
    csv_file = write_csv(
        tmp_path,
        "old,new\n/2021/05/first/,/blog/property-tax/\n/2021/08/last/,https://example.org/last\n",
    )
    import_redirects("--src", str(csv_file))
    before = redirect_rows()
    output = import_redirects("--src", str(csv_file))
    assert "Created: 0" in output
    assert redirect_rows() == before


def test_a_dry_run_imports_nothing(tmp_path):
    csv_file = write_csv(tmp_path, "old,new\n/2021/05/first/,https://example.org/first\n")
    output = import_redirects("--src", str(csv_file), "--dry-run")
    assert "Created: 1" in output
    assert not Redirect.objects.exists()
