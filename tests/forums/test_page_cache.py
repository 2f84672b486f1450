"""The forums' pages are kept rendered under the forums' version (forums/cache.py): a change shows
on the next request, and what one viewer was shown never reaches another who may not see it."""

import re

from django.test import Client
from django.urls import reverse

from forums import services
from forums.cache import FORUMS
from forums.models import Category
from tests.members.factories import MemberFactory

INDEX = reverse("forums:index")


def client_for(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def csrf_values(html: str) -> set[str]:
    return set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))


def test_a_new_topic_shows_on_the_next_request_of_the_index_and_the_list(
    category, member, other_member
):
    reader = client_for(other_member)
    page(reader, INDEX), page(reader, category.get_absolute_url())

    services.start_topic(category=category, author=member, title="Fresh news", source="Hello")

    assert "Fresh news" in page(reader, INDEX)
    assert "Fresh news" in page(reader, category.get_absolute_url())


def test_reading_a_topic_does_not_move_the_version(topic, other_member):
    reader = client_for(other_member)
    before = FORUMS.current()
    page(reader, topic.get_absolute_url())
    assert FORUMS.current() == before


def test_a_private_category_kept_for_a_member_is_not_shown_to_an_outsider(
    private_topic, group_member, other_member
):
    assert "Africa" in page(client_for(group_member), INDEX)

    outsider = page(client_for(other_member), INDEX)

    assert private_topic.category.get_absolute_url() not in outsider
    assert "Our quarterly meeting" not in outsider


def test_a_hidden_topic_kept_for_a_moderator_is_not_listed_to_members(
    private_category, co_chair, group_member
):
    hidden = services.start_topic(
        category=private_category, author=co_chair, title="Withdrawn", source="x"
    )
    services.hide_topic(topic=hidden, actor=co_chair)
    assert "Withdrawn" in page(client_for(co_chair), private_category.get_absolute_url())

    assert "Withdrawn" not in page(client_for(group_member), private_category.get_absolute_url())


def test_unread_marks_are_each_members_own_on_a_kept_topic_list(topic, member, other_member):
    services.reply_to_topic(topic=topic, author=member, source="A reply")
    author_client, reader_client = client_for(member), client_for(other_member)
    page(author_client, topic.get_absolute_url() + "?page=1")  # the author reads both posts

    assert "badge-unread" not in page(author_client, topic.category.get_absolute_url())
    listed = page(reader_client, topic.category.get_absolute_url())
    assert "topic-unread" in listed and "new" in listed


def test_likes_and_own_posts_are_each_viewers_own_on_a_kept_topic_page(topic, member, other_member):
    third = MemberFactory()
    reply = services.reply_to_topic(topic=topic, author=other_member, source="Agreed")
    services.like_post(post=reply, user=third)
    url = topic.get_absolute_url() + "?page=1"
    author_client, liker_client = client_for(member), client_for(third)

    as_author = page(author_client, url)
    as_liker = page(liker_client, url)

    unlike = reverse("forums:unlike_post", kwargs={"pk": reply.pk})
    edit_opening = reverse("forums:edit_post", kwargs={"pk": topic.posts.get(number=1).pk})
    assert unlike in as_liker and unlike not in as_author
    assert edit_opening in as_author and edit_opening not in as_liker
    # Every form carries the viewer's own CSRF token: the liker's unlike form is accepted.
    assert csrf_values(as_author).isdisjoint(csrf_values(as_liker))
    token = re.search(
        rf'action="{unlike}"[^>]*><input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)"',
        as_liker,
    ).group(1)
    response = liker_client.post(unlike, {"csrfmiddlewaretoken": token})
    assert response.status_code == 302 and reply.likes.count() == 0


def test_an_edit_and_a_like_show_on_the_next_request(topic, member, other_member):
    url = topic.get_absolute_url() + "?page=1"
    reader = client_for(other_member)
    page(reader, url)
    opening = topic.posts.get(number=1)

    services.edit_post(post=opening, source="Where to start, revised?")
    services.like_post(post=opening, user=other_member)

    html = page(reader, url)
    assert "revised" in html and "1 like" in html


def test_a_hidden_posts_text_kept_for_a_moderator_is_not_shown_to_members(
    private_topic, co_chair, group_member
):
    reply = services.reply_to_topic(
        topic=private_topic, author=group_member, source="An offensive remark"
    )
    services.hide_post(post=reply, actor=co_chair)
    url = private_topic.get_absolute_url() + "?page=1"
    assert "An offensive remark" in page(client_for(co_chair), url)

    assert "An offensive remark" not in page(client_for(group_member), url)


def test_staff_moderation_buttons_are_not_kept_for_members(topic, staff, other_member):
    staff_client = client_for(staff)
    url = topic.get_absolute_url() + "?page=1"
    moderate = reverse("forums:moderate_post", kwargs={"pk": topic.posts.get(number=1).pk})
    assert moderate in page(staff_client, url)

    assert moderate not in page(client_for(other_member), url)


def test_a_members_new_name_shows_on_kept_pages(topic, member, other_member):
    reader = client_for(other_member)
    page(reader, topic.get_absolute_url() + "?page=1")
    member.profile.full_name = "Amina Renamed"
    member.profile.save()

    assert "Amina Renamed" in page(reader, topic.get_absolute_url() + "?page=1")
    assert "Amina Renamed" in page(reader, topic.category.get_absolute_url())


def test_the_group_panel_kept_for_a_member_is_not_shown_to_an_outsider(
    private_topic, group_member, other_member
):
    group_url = private_topic.category.group.get_absolute_url()
    assert "Our quarterly meeting" in page(client_for(group_member), group_url)

    assert "Our quarterly meeting" not in page(client_for(other_member), group_url)
    assert Category.objects.get(group=private_topic.category.group).private
