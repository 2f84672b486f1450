from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forums import services
from forums.models import POSTS_PER_PAGE, Post, ReadState
from tests.forums.factories import PostFactory, TopicFactory


def topic_url(topic, page=None):
    url = reverse("forums:topic", kwargs={"pk": topic.pk})
    return f"{url}?page={page}" if page else url


def long_topic(category, author, posts):
    topic = TopicFactory(category=category, author=author)
    Post.objects.bulk_create(
        Post(topic=topic, number=n, author=author, source=f"post {n}", html=f"<p>post {n}</p>")
        for n in range(1, posts + 1)
    )
    topic.last_post_number = posts
    topic.save()
    return topic


def test_a_visitor_reads_a_general_topic(client, topic):
    response = client.get(topic_url(topic))
    assert response.status_code == 200
    assert b"Where to start?" in response.content
    assert b"Log in to reply" in response.content


def test_a_member_outside_the_group_gets_404_on_a_private_topic(member_client, private_topic):
    assert member_client.get(topic_url(private_topic)).status_code == 404


def test_a_visitor_is_sent_to_log_in_for_a_private_topic(client, private_topic):
    response = client.get(topic_url(private_topic))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_pages_are_ranges_of_post_numbers(client, category, member):
    topic = long_topic(category, member, 45)
    content = client.get(topic_url(topic, 3)).content.decode()
    assert 'id="post-41"' in content and 'id="post-45"' in content
    assert 'id="post-40"' not in content
    assert client.get(topic_url(topic, 4)).status_code == 404
    assert client.get(topic_url(topic) + "?page=abc").status_code == 404


def test_a_member_opens_the_topic_at_the_first_unread_post(client, category, member, other_member):
    topic = long_topic(category, member, 50)
    ReadState.objects.create(topic=topic, user=other_member, last_read_number=25)
    client.force_login(other_member)
    response = client.get(topic_url(topic))
    assert response.status_code == 302
    assert response["Location"] == f"{topic_url(topic, 2)}#post-26"


def test_reading_a_page_advances_the_read_state(client, category, member, other_member):
    topic = long_topic(category, member, 50)
    client.force_login(other_member)
    client.get(topic_url(topic, 2))
    assert ReadState.objects.get(topic=topic, user=other_member).last_read_number == 40
    client.get(topic_url(topic, 1))
    assert ReadState.objects.get(topic=topic, user=other_member).last_read_number == 40


def test_hidden_and_deleted_posts_show_placeholders(client, topic, other_member, staff):
    hidden = services.reply_to_topic(topic=topic, author=other_member, source="insulting words")
    deleted = services.reply_to_topic(topic=topic, author=other_member, source="regretted words")
    services.hide_post(post=hidden, actor=staff)
    services.delete_post(post=deleted)
    client.force_login(other_member)
    content = client.get(topic_url(topic, 1)).content.decode()
    assert "insulting words" not in content and "regretted words" not in content
    assert "hidden by a moderator" in content and "deleted by its author" in content
    client.force_login(staff)
    content = client.get(topic_url(topic, 1)).content.decode()
    assert "insulting words" in content and "regretted words" not in content


def test_a_hidden_topic_is_404_to_members_and_open_to_staff(client, topic, other_member, staff):
    services.hide_topic(topic=topic, actor=staff)
    client.force_login(other_member)
    assert client.get(topic_url(topic)).status_code == 404
    client.force_login(staff)
    assert client.get(topic_url(topic)).status_code == 200


def test_an_edited_post_says_so_with_the_time(client, topic):
    services.edit_post(post=topic.opening_post, source="Better words")
    content = client.get(topic_url(topic)).content.decode()
    assert "edited" in content and content.count("<time ") >= 2


def test_the_post_address_leads_to_its_page_and_anchor(client, category, member):
    topic = long_topic(category, member, 30)
    post = Post.objects.get(topic=topic, number=27)
    response = client.get(reverse("forums:post", kwargs={"pk": post.pk}))
    assert response["Location"] == f"{topic_url(topic, 2)}#post-27"


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def test_a_topic_page_costs_the_same_queries_at_3_and_60_posts(
    client, category, member, other_member
):
    small = long_topic(category, member, 3)
    large = long_topic(category, member, 60)
    PostFactory.reset_sequence()
    client.force_login(other_member)
    # Read state already past the page, so neither request writes: the same work either way.
    for topic in (small, large):
        ReadState.objects.create(topic=topic, user=other_member, last_read_number=60)
    assert queries_for(client, topic_url(small, 1)) == queries_for(client, topic_url(large, 1))


def test_first_middle_and_last_page_of_a_long_topic_cost_the_same_queries(
    client, category, member, other_member
):
    topic = long_topic(category, member, 10 * POSTS_PER_PAGE)
    # Made once, on the member's first visit to the topic; from then on each page read moves it
    # forward with one UPDATE.
    ReadState.objects.create(topic=topic, user=other_member, last_read_number=0)
    client.force_login(other_member)
    counts = [queries_for(client, topic_url(topic, page)) for page in (1, 5, 10)]
    assert counts[0] == counts[1] == counts[2] <= 8


def test_pages_show_the_stored_html_and_never_render_markdown(client, topic, monkeypatch):
    def refuse(source):
        raise AssertionError("a page rendered Markdown")

    monkeypatch.setattr("forums.markdown.render_post", refuse)
    monkeypatch.setattr("forums.services.render_post", refuse)
    Post.objects.filter(pk=topic.opening_post.pk).update(html="<p>stored html</p>")
    assert b"<p>stored html</p>" in client.get(topic_url(topic)).content
