"""Collections: a page listing their resources in order, and a working group's outputs on the
group's page."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from library.models import CollectionItem, Resource
from tests.library.factories import CollectionFactory, ResourceFactory
from tests.working_groups.factories import WorkingGroupFactory
from working_groups.models import WorkingGroup


def add(collection, *resources):
    for position, resource in enumerate(resources):
        CollectionItem.objects.create(collection=collection, resource=resource, position=position)


def test_a_collection_lists_its_resources_in_their_order(client):
    collection = CollectionFactory(title="The LoGICA framework", description="A framework.")
    framework = ResourceFactory(title="LoGICA Framework", year=2022)
    guide = ResourceFactory(title="LoGICA User Guide", year=2025)
    profile = ResourceFactory(title="LoGICA Profile: Kenya", year=2023)
    add(collection, framework, guide, profile)
    ResourceFactory(title="Not in it")
    html = client.get(collection.get_absolute_url()).content.decode()
    assert "The LoGICA framework" in html and "A framework." in html
    assert html.index("LoGICA Framework") < html.index("User Guide") < html.index("Kenya")
    assert "Not in it" not in html


def test_a_collection_page_costs_the_same_queries_for_3_or_40_resources(client):
    collection = CollectionFactory()

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(collection.get_absolute_url()).status_code == 200
        return len(captured)

    add(collection, *[ResourceFactory() for _ in range(3)])
    small = queries()
    for n in range(37):
        CollectionItem.objects.create(
            collection=collection, resource=ResourceFactory(), position=n + 3
        )
    assert queries() == small


def test_a_private_groups_collection_is_a_404_to_visitors(member_client):
    group = WorkingGroupFactory(visibility=WorkingGroup.Visibility.MEMBERS)
    collection = CollectionFactory(working_group=group)
    assert Client().get(collection.get_absolute_url()).status_code == 404
    assert member_client.get(collection.get_absolute_url()).status_code == 200


def test_a_working_groups_outputs_show_on_its_page(client):
    group = WorkingGroupFactory()
    collection = CollectionFactory(title="Africa outputs", working_group=group)
    paper = ResourceFactory(title="County transfers in Kenya", access=Resource.Access.MEMBERS)
    add(collection, paper)
    html = client.get(group.get_absolute_url()).content.decode()
    assert "Outputs in the library" in html
    assert paper.get_absolute_url() in html and collection.get_absolute_url() in html
    assert "Members only — free to join" in html


def test_a_group_without_a_collection_shows_no_library_section(client):
    group = WorkingGroupFactory()
    assert "Outputs in the library" not in client.get(group.get_absolute_url()).content.decode()


def test_a_new_output_shows_on_the_kept_group_page(client):
    group = WorkingGroupFactory()
    collection = CollectionFactory(working_group=group)
    add(collection, ResourceFactory(title="First output"))
    client.get(group.get_absolute_url())
    CollectionItem.objects.create(
        collection=collection, resource=ResourceFactory(title="Second output"), position=5
    )
    assert "Second output" in client.get(group.get_absolute_url()).content.decode()
