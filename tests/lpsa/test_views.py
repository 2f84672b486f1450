import pytest
from django.urls import reverse

from lpsa.sections import SECTIONS

pytestmark = pytest.mark.django_db


def test_visitor_gets_the_cms_front_page_with_join_link(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    # Wagtail serves the site's root page, the front page staff edit in the CMS.
    assert "blog/home_page.html" in [t.name for t in response.templates]
    assert response.context["page"].specific_class.__name__ == "HomePage"
    assert reverse("account_signup").encode() in response.content


def test_member_gets_the_portal_home_with_a_tile_per_section(member_client):
    response = member_client.get(reverse("home"))
    assert response.status_code == 200
    for section in SECTIONS:
        assert section.title.encode() in response.content
        assert section.url.encode() in response.content


def test_unbuilt_section_shows_coming_soon(client):
    response = client.get(reverse("coming_soon", kwargs={"section": "courses"}))
    assert response.status_code == 200
    assert b"coming soon" in response.content


def test_unknown_or_built_section_has_no_coming_soon_page(client):
    assert client.get(reverse("coming_soon", kwargs={"section": "nope"})).status_code == 404
    assert client.get(reverse("coming_soon", kwargs={"section": "directory"})).status_code == 404


def test_missing_page_uses_the_friendly_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"We could not find that page" in response.content


def test_healthz_answers_ok_without_a_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("healthz"))
    assert response.content == b"ok"


def test_uploaded_media_is_served_from_the_current_media_root(client, settings):
    photo = settings.MEDIA_ROOT / "photos" / "small" / "face.jpg"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(b"\xff\xd8 not really a jpeg")

    response = client.get(f"{settings.MEDIA_URL}photos/small/face.jpg")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"\xff\xd8 not really a jpeg"
    # Paths outside MEDIA_ROOT are refused as suspicious.
    assert client.get(f"{settings.MEDIA_URL}../settings.py").status_code == 400
