"""A private group's forum never leaks: not by page, search, or a guessed id.

For every forums URL that takes an argument, a member outside the group gets exactly what they
get for an id or slug that does not exist, for GET and POST alike; a visitor is sent to log in
either way. The group's members read it all.
"""

import pytest
from django.test import Client
from django.urls import reverse

from tests.url_matrix import build_world

MISSING = 10**9
ARGUMENTS = {
    "forums:category": lambda w: {"slug": w.private_forum_category.slug},
    "forums:new_topic": lambda w: {"slug": w.private_forum_category.slug},
    "forums:topic": lambda w: {"pk": w.private_forum_topic.pk},
    "forums:reply": lambda w: {"pk": w.private_forum_topic.pk},
    "forums:moderate_topic": lambda w: {"pk": w.private_forum_topic.pk},
    "forums:move_topic": lambda w: {"pk": w.private_forum_topic.pk},
    "forums:post": lambda w: {"pk": w.private_forum_post.pk},
    "forums:edit_post": lambda w: {"pk": w.private_forum_post.pk},
    "forums:delete_post": lambda w: {"pk": w.private_forum_post.pk},
    "forums:like_post": lambda w: {"pk": w.private_forum_post.pk},
    "forums:unlike_post": lambda w: {"pk": w.private_forum_post.pk},
    "forums:flag_post": lambda w: {"pk": w.private_forum_post.pk},
    "forums:moderate_post": lambda w: {"pk": w.private_forum_post.pk},
}


def missing(kwargs):
    return {key: "no-such-category" if key == "slug" else MISSING for key in kwargs}


@pytest.fixture
def world(db):
    return build_world()


def client_as(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("url_name", sorted(ARGUMENTS))
def test_a_member_outside_the_group_cannot_tell_private_from_missing(world, url_name):
    kwargs = ARGUMENTS[url_name](world)
    private = reverse(url_name, kwargs=kwargs)
    absent = reverse(url_name, kwargs=missing(kwargs))
    for user in (world.member, None):
        client = client_as(user)
        for method in ("get", "post"):
            got = getattr(client, method)(private)
            expected = getattr(client, method)(absent)
            assert got.status_code == expected.status_code, (url_name, method, user)
            assert got.status_code in (302, 404, 405), (url_name, method, user)
            if got.status_code == 302:
                assert "/accounts/login/" in got["Location"]
            assert b"quarterly" not in got.content


@pytest.mark.parametrize("user_name", ["group_member", "co_chair", "staff"])
def test_the_groups_members_and_staff_read_the_private_forum(world, user_name):
    client = client_as(getattr(world, user_name))
    for url_name in ("forums:category", "forums:topic"):
        response = client.get(reverse(url_name, kwargs=ARGUMENTS[url_name](world)))
        assert response.status_code == 200
        assert b"Our quarterly meeting" in response.content
    assert b"Our quarterly meeting" in client.get(reverse("forums:index")).content


def test_the_index_and_search_show_nothing_of_it_to_outsiders(world):
    for user in (world.member, None):
        client = client_as(user)
        index = client.get(reverse("forums:index")).content
        assert b"Our quarterly meeting" not in index
        assert world.private_forum_category.slug.encode() not in index
        results = client.get(reverse("forums:search"), {"q": "agenda"}).context["results"]
        assert list(results) == []
    results = client_as(world.group_member).get(reverse("forums:search"), {"q": "agenda"})
    assert [p.topic_id for p in results.context["results"]] == [world.private_forum_topic.pk]


def test_a_co_chair_sees_its_groups_flags_not_others(world):
    from forums import services

    services.flag_post(post=world.private_forum_post, reporter=world.group_member, reason="Dup")
    content = client_as(world.co_chair).get(reverse("forums:moderation_queue")).content
    assert b"Dup" in content and b"Off topic" not in content
    content = client_as(world.staff).get(reverse("forums:moderation_queue")).content
    assert b"Dup" in content and b"Off topic" in content
