"""A resource's page: its metadata, the download with its type and size or the external link,
editions, translations, related resources, citations, JSON-LD and the JSON record."""

import html as html_lib
import json
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from library.models import Collection, CollectionItem, Resource, ResourceCountry
from members.models import Visibility
from taxonomy.models import Language, Region, Topic
from tests.library.factories import AuthorFactory, CollectionFactory, ResourceFactory
from tests.members.factories import MemberFactory, ProfileFactory
from tests.working_groups.factories import WorkingGroupFactory
from working_groups.models import WorkingGroup


def page(client, resource) -> str:
    response = client.get(resource.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def json_ld(html: str) -> dict:
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(block.group(1))


@pytest.fixture
def primer():
    resource = ResourceFactory(
        slug="fiscal-primer",
        title="A Primer on Fiscal Decentralization",
        year=2024,
        with_pdf=True,
        authors=[AuthorFactory(given_names="Jamie", family_name="Boex")],
    )
    resource.topics.set(Topic.objects.filter(slug="fiscal-decentralization"))
    resource.regions.set(Region.objects.filter(slug="africa"))
    ResourceCountry.objects.create(resource=resource, country="KE")
    return resource


def test_the_page_shows_the_resources_metadata(client, primer):
    html = page(client, primer)
    for text in (
        "A Primer on Fiscal Decentralization",
        "Jamie Boex",
        "Primer",
        "2024",
        "Local Public Sector Alliance",
        "English",
        'href="https://creativecommons.org/licenses/by/4.0/" rel="license">CC BY 4.0',
        "Fiscal decentralization",
        "Sub-Saharan Africa",
        "Kenya",
        "Open to all",
    ):
        assert text in html, text


def test_the_download_says_the_file_type_and_size(client, primer):
    html = page(client, primer)
    assert reverse("library:download", kwargs={"slug": primer.slug}) in html
    size = f"{primer.file_size / 1024:.1f}\xa0KB"
    assert f"PDF, {size}" in html


def test_an_external_link_is_marked_external_and_counted_on_its_way_out(client):
    resource = ResourceFactory(external_url="https://www.sng-wofi.org/data")
    html = page(client, resource)
    download = reverse("library:download", kwargs={"slug": resource.slug})
    assert f'href="{download}" rel="external noopener"' in html
    assert "External link to www.sng-wofi.org" in html

    response = client.get(download, HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0")

    assert response.status_code == 302 and response["Location"] == resource.external_url
    resource.refresh_from_db()
    assert resource.download_count == 1


def test_a_members_only_resource_is_described_to_visitors_who_are_told_how_to_get_it(
    member_client,
):
    resource = ResourceFactory(access=Resource.Access.MEMBERS, with_pdf=True)
    member = page(member_client, resource)  # kept first
    assert "Members only" in member
    assert "free to join" not in member and "log in" not in member
    visitor = page(Client(), resource)
    assert resource.title in visitor
    assert "Members only — free to join" in visitor and "log in" in visitor
    assert "free to join" not in page(member_client, resource)  # kept apart both ways


def test_editions_are_listed_and_a_superseded_one_points_to_the_newest(client):
    first = ResourceFactory(slug="databook-1", title="Databook", year=2021, edition="First edition")
    second = ResourceFactory(
        slug="databook-2",
        title="Databook",
        year=2025,
        edition="Second edition",
        edition_number=2,
        first_edition=first,
    )
    old = page(client, first)
    assert "A newer edition exists" in old
    assert f'href="{second.get_absolute_url()}">Second edition</a>' in old
    assert "Other editions" in old and "Current edition" in old
    new = page(client, second)
    assert "A newer edition exists" not in new
    assert f'href="{first.get_absolute_url()}">First edition</a>' in new


def test_translations_are_listed_both_ways(client):
    original = ResourceFactory(slug="primer", title="A Primer on Decentralization")
    french = ResourceFactory(
        slug="primer-fr",
        title="Introduction à la décentralisation",
        language=Language.objects.get(code="fr"),
        original=original,
    )
    assert 'hreflang="fr"' in page(client, original) and french.title in page(client, original)
    assert original.title in page(client, french)


def test_related_resources_share_the_most_topics_and_are_current_editions(client, primer):
    topics = list(Topic.objects.order_by("pk")[:3])
    primer.topics.set(topics)
    close = ResourceFactory(title="Close neighbour")
    close.topics.set(topics[:2])
    far = ResourceFactory(title="Far neighbour")
    far.topics.set(topics[:1])
    ResourceFactory(title="Unrelated")
    old = ResourceFactory(title="Old neighbour")
    old.topics.set(topics)
    newer = ResourceFactory(title="Old neighbour", edition_number=2, first_edition=old)
    newer.topics.set(topics)
    html = page(client, primer)
    related = html.split("Related resources")[1]
    assert related.index("Close neighbour") < related.index("Far neighbour")
    assert "Unrelated" not in related
    assert related.count("Old neighbour") == 1  # its current edition only
    assert newer.get_absolute_url() in related and old.get_absolute_url() not in related


def test_the_collections_it_belongs_to_are_named(client, primer):
    collection = CollectionFactory(title="The LoGICA framework")
    CollectionItem.objects.create(collection=collection, resource=primer)
    private = CollectionFactory(
        title="Private group outputs",
        working_group=WorkingGroupFactory(visibility=WorkingGroup.Visibility.MEMBERS),
    )
    CollectionItem.objects.create(collection=private, resource=primer)
    html = page(client, primer)
    assert "The LoGICA framework" in html and "Private group outputs" not in html


def test_citations_are_ready_to_copy(client, primer):
    html = html_lib.unescape(page(client, primer))
    assert "Boex, J. (2024). A Primer on Fiscal Decentralization." in html
    assert "@book{boex2024primer," in html
    assert re.search(r"<textarea[^>]*readonly", html)


def test_the_page_holds_schema_org_json_ld(client, primer):
    data = json_ld(page(client, primer))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Book"
    assert data["name"] == primer.title
    assert data["author"] == [{"@type": "Person", "givenName": "Jamie", "familyName": "Boex"}]
    assert data["encoding"]["encodingFormat"] == "application/pdf"


def test_json_ld_cannot_close_its_script_element(client):
    resource = ResourceFactory(title="</script><script>alert(1)</script> & more")
    html = page(client, resource)
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block and ">" not in block and "&" not in block
    assert json.loads(block)["name"] == resource.title


def test_the_record_is_the_resources_metadata_as_json(client, primer):
    response = client.get(reverse("library:record", kwargs={"slug": primer.slug}))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    record = response.json()
    assert record["title"] == primer.title
    assert record["authors"][0]["family_name"] == "Boex"
    assert record["topics"] == ["fiscal-decentralization"] and record["countries"] == ["KE"]
    assert record["file"]["format"] == "PDF" and record["file"]["size_bytes"] == primer.file_size
    assert record["file"]["url"].endswith(reverse("library:download", kwargs={"slug": primer.slug}))


def test_a_members_only_record_is_public(client):
    resource = ResourceFactory(access=Resource.Access.MEMBERS)
    response = client.get(reverse("library:record", kwargs={"slug": resource.slug}))
    assert response.status_code == 200 and response.json()["access"] == "members"


def test_an_unknown_resource_is_a_404(client):
    assert client.get(reverse("library:resource", kwargs={"slug": "nope"})).status_code == 404
    assert client.get(reverse("library:record", kwargs={"slug": "nope"})).status_code == 404


def test_a_member_author_links_to_the_profile_only_where_the_viewer_may_open_it(member_client):
    listed = MemberFactory()  # listed, visible to members
    public = ProfileFactory(profile_visibility=Visibility.PUBLIC).user
    resource = ResourceFactory(
        authors=[
            AuthorFactory(given_names="Listed", family_name="Member", member=listed),
            AuthorFactory(given_names="Public", family_name="Member", member=public),
        ]
    )
    # The member's page is kept first: the visitor must still get a page of their own.
    member = page(member_client, resource)
    assert f'href="{listed.profile.get_absolute_url()}"' in member
    assert f'href="{public.profile.get_absolute_url()}"' in member
    visitor = page(Client(), resource)
    assert f'href="{public.profile.get_absolute_url()}"' in visitor
    assert f'href="{listed.profile.get_absolute_url()}"' not in visitor
    # A change of the directory (the member leaves it) shows on the kept page at once.
    listed.profile.listed_in_directory = False
    listed.profile.save()
    assert f'href="{listed.profile.get_absolute_url()}"' not in page(member_client, resource)


def test_a_change_to_the_resource_shows_on_its_kept_page(client, primer):
    page(client, primer)
    primer.title = "A Second Look at Fiscal Decentralization"
    primer.save()
    assert "A Second Look" in page(client, primer)


def resource_queries(client, resource) -> tuple[int, int]:
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            page(client, resource)
        counts.append(len(queries))
    return tuple(counts)


def test_the_page_costs_the_same_queries_however_much_surrounds_it(member_client, clear_cache):
    topics = list(Topic.objects.order_by("pk")[:3])
    resource = ResourceFactory(
        with_pdf=True, authors=[AuthorFactory(member=MemberFactory()), AuthorFactory()]
    )
    resource.topics.set(topics)

    def grow(count, start):
        for n in range(start, start + count):
            other = ResourceFactory(slug=f"other-{n}")
            other.topics.set(topics[: n % 3 + 1])
            ResourceFactory(slug=f"edition-{n}", edition_number=2, first_edition=other)
            ResourceFactory(slug=f"translation-{n}", original=resource)
            CollectionItem.objects.create(
                collection=Collection.objects.create(title=f"C{n}", slug=f"c{n}"),
                resource=resource,
            )

    grow(2, 0)
    clear_cache()
    small = resource_queries(member_client, resource)
    grow(30, 2)
    clear_cache()
    large = resource_queries(member_client, resource)
    assert small == large
    assert large[0] <= 14 and large[1] <= 2, large
