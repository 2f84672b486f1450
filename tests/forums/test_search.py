from django.urls import reverse

from forums import services


def search(client, text):
    return client.get(reverse("forums:search"), {"q": text}).content.decode()


def test_search_finds_posts_by_their_words(client, topic, other_member):
    services.reply_to_topic(topic=topic, author=other_member, source="Équalization grants matter")
    content = search(client, "grants")
    assert "Property tax reform" in content


def test_search_never_shows_a_private_post_to_outsiders(
    client, member, private_topic, group_member
):
    client.force_login(member)
    assert "Our quarterly meeting" not in search(client, "secret budget")
    client.force_login(group_member)
    assert "Our quarterly meeting" in search(client, "secret budget")


def test_search_never_shows_hidden_or_deleted_posts(client, topic, other_member, staff):
    hidden = services.reply_to_topic(topic=topic, author=other_member, source="zebra stripes")
    deleted = services.reply_to_topic(topic=topic, author=other_member, source="giraffe necks")
    services.hide_post(post=hidden, actor=staff)
    services.delete_post(post=deleted)
    client.force_login(other_member)
    for word in ("zebra", "giraffe"):
        response = client.get(reverse("forums:search"), {"q": word})
        assert list(response.context["results"]) == []


def test_hostile_search_text_is_answered(client, topic):
    for text in ("&|!:*()\\", "'; DROP TABLE forums_post; --", "a" * 500, ""):
        assert client.get(reverse("forums:search"), {"q": text}).status_code == 200


def test_a_topic_is_found_by_its_title_as_its_opening_post(client, topic):
    results = client.get(reverse("forums:search"), {"q": "property reform"}).context["results"]
    assert [(p.topic_id, p.number) for p in results] == [(topic.pk, 1)]
