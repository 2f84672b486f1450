import ast
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import get_resolver, resolve, reverse

from lpsa.sections import SECTIONS, SECTIONS_BY_SLUG

pytestmark = pytest.mark.django_db


def highlighted(response) -> list[str]:
    """The section links of the header marked as current."""
    header = response.content.decode().split('aria-label="Portal sections"')[1].split("</nav>")[0]
    return re.findall(r'<a href="[^"]*" aria-current="[^"]+">([^<]+)</a>', header)


def test_a_profile_page_highlights_the_directory_by_its_namespace(member_client, other_member):
    response = member_client.get(other_member.profile.get_absolute_url())
    assert highlighted(response) == ["Directory"]
    assert 'aria-current="true"' in response.content.decode()


def test_the_section_page_itself_is_the_current_page(member_client):
    response = member_client.get(reverse("members:directory"))
    assert highlighted(response) == ["Directory"]
    assert 'aria-current="page">Directory' in response.content.decode()


def test_a_coming_soon_page_highlights_its_section_and_the_home_none(member_client):
    response = member_client.get(reverse("coming_soon", kwargs={"section": "courses"}))
    assert highlighted(response) == ["Courses"]
    assert highlighted(member_client.get(reverse("home"))) == []


def test_the_blog_section_is_highlighted_on_its_wagtail_pages(client):
    from tests.blog.factories import BlogPageFactory

    post = BlogPageFactory()
    assert highlighted(client.get("/blog/")) == ["Decentralization.Net"]
    assert highlighted(client.get(post.url)) == ["Decentralization.Net"]
    assert highlighted(client.get(reverse("home"))) == []


def test_the_registry_drives_header_footer_and_tiles(member_client):
    content = member_client.get(reverse("home")).content.decode()
    for section in SECTIONS:
        # Header, footer and the home tile each link the section.
        assert content.count(f'href="{section.url}"') == 3, section.slug


def test_every_namespaced_section_names_an_installed_app_namespace():
    for section in SECTIONS:
        if section.url_name:
            assert section.url_name.split(":")[0] == section.namespace, section.slug
        elif section.path:
            # A section of Wagtail pages: its namespace holds its other pages (the blog's feeds).
            assert resolve(section.path).url_name == "wagtail_serve", section.slug
            assert section.namespace in get_resolver().namespace_dict, section.slug
    assert SECTIONS_BY_SLUG["directory"].namespace == "members"


def test_the_home_shows_the_members_panel_from_its_own_template_tag(member_client, member):
    member.profile.bio = ""
    member.profile.save()
    response = member_client.get(reverse("home"))
    assert "members/includes/profile_completeness_panel.html" in [
        t.name for t in response.templates
    ]
    assert b"Complete your profile" in response.content


ALLOWED_APP_IMPORTS = {"urls.py", "management/commands/seed_demo.py"}


def test_lpsa_imports_apps_only_in_its_urls_and_seed_demo():
    # The portal's own apps: those installed from a folder at the repository's root.
    app_modules = {
        config.name
        for config in apps.get_app_configs()
        if Path(config.path).parent == Path(settings.BASE_DIR) and config.name != "lpsa"
    }
    assert {"members", "taxonomy"} <= app_modules
    lpsa_dir = Path(settings.BASE_DIR) / "lpsa"
    offenders = []
    for path in lpsa_dir.rglob("*.py"):
        relative = path.relative_to(lpsa_dir).as_posix()
        if relative in ALLOWED_APP_IMPORTS or relative.startswith("migrations/"):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{relative}: {n}" for n in names if n.split(".")[0] in app_modules]
    assert offenders == []
