from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forums import services
from forums.models import ReadState
from tests.forums.factories import PostFactory, TopicFactory


def category_url(category):
    return reverse("forums:category", kwargs={"slug": category.slug})


def test_pinned_topics_come_first(client, category, member, staff):
    older = services.start_topic(category=category, author=member, title="Older", source="x")
    services.start_topic(category=category, author=member, title="Newer", source="x")
    services.pin_topic(topic=older, actor=staff)
    content = client.get(category_url(category)).content.decode()
    assert content.index("Older") < content.index("Newer")


def test_unread_topics_are_marked_with_their_count(client, topic, other_member):
    client.force_login(other_member)
    assert "new</span>" in client.get(category_url(topic.category)).content.decode()
    ReadState.objects.create(topic=topic, user=other_member, last_read_number=1)
    for n in range(3):
        services.reply_to_topic(topic=topic, author=topic.author, source=f"reply {n}")
    content = client.get(category_url(topic.category)).content.decode()
    assert "3 unread" in content
    client.get(reverse("forums:topic", kwargs={"pk": topic.pk}) + "?page=1")
    assert "unread" not in client.get(category_url(topic.category)).content.decode()


def test_a_private_category_is_404_to_a_member_outside_the_group(
    member_client, client, private_category, group_member
):
    assert member_client.get(category_url(private_category)).status_code == 404
    client.force_login(group_member)
    assert client.get(category_url(private_category)).status_code == 200


def test_hidden_topics_are_listed_to_moderators_only(client, topic, other_member, staff):
    services.hide_topic(topic=topic, actor=staff)
    client.force_login(other_member)
    assert topic.title not in client.get(category_url(topic.category)).content.decode()
    client.force_login(staff)
    assert topic.title in client.get(category_url(topic.category)).content.decode()


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def make_topics(category, count):
    for _ in range(count):
        PostFactory(topic=TopicFactory(category=category))


def test_the_topic_list_costs_the_same_queries_at_3_and_60_topics(
    client, category, other_member, django_assert_max_num_queries
):
    from tests.forums.factories import CategoryFactory

    small, large = category, CategoryFactory()
    make_topics(small, 3)
    make_topics(large, 60)
    client.force_login(other_member)
    assert queries_for(client, category_url(small)) == queries_for(client, category_url(large))
    with django_assert_max_num_queries(8):
        client.get(category_url(large))


def test_the_forum_index_costs_the_same_queries_with_more_categories(client, member):
    from tests.forums.factories import CategoryFactory

    make_topics(CategoryFactory(), 2)
    client.force_login(member)
    few = queries_for(client, reverse("forums:index"))
    for _ in range(5):
        make_topics(CategoryFactory(), 3)
    assert queries_for(client, reverse("forums:index")) == few


def test_the_index_shows_counts_and_the_latest_topic(client, topic, private_topic):
    content = client.get(reverse("forums:index")).content.decode()
    assert "1 topic" in content and topic.title in content
    assert private_topic.title not in content and "Africa" not in content
