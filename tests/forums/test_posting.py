from django.urls import reverse

from forums import services
from forums.models import Flag, Post, Topic
from forums.views import POSTS_PER_HOUR


def test_a_member_starts_a_topic(member_client, category):
    response = member_client.post(
        reverse("forums:new_topic", kwargs={"slug": category.slug}),
        {"title": "Fiscal rules", "source": "Who has *tried* them?"},
    )
    topic = Topic.objects.get()
    assert response.status_code == 302 and response["Location"] == topic.get_absolute_url()
    assert Post.objects.get(topic=topic).html == "<p>Who has <em>tried</em> them?</p>"


def test_a_member_outside_the_group_may_not_post_in_its_category(member_client, private_category):
    url = reverse("forums:new_topic", kwargs={"slug": private_category.slug})
    assert member_client.get(url).status_code == 404


def test_a_reply_lands_on_its_page_and_anchor(member_client, topic):
    response = member_client.post(
        reverse("forums:reply", kwargs={"pk": topic.pk}), {"source": "Agreed."}
    )
    assert response["Location"].endswith("#post-2")


def test_quoting_prefills_the_quote_with_attribution(client, topic, other_member):
    client.force_login(other_member)
    response = client.get(reverse("forums:reply", kwargs={"pk": topic.pk}) + "?quote=1")
    name = topic.author.profile.display_name
    assert response.context["form"].initial["source"] == (
        f"{name} wrote (post #1):\n> Where to start?\n\n"
    )


def test_a_locked_topic_refuses_a_reply_with_a_clear_message(client, topic, other_member, staff):
    services.lock_topic(topic=topic, actor=staff)
    client.force_login(other_member)
    response = client.post(reverse("forums:reply", kwargs={"pk": topic.pk}), {"source": "Hi"})
    assert response.status_code == 403
    assert b"This topic is locked" in response.content
    assert Post.objects.filter(topic=topic).count() == 1


def test_posting_is_rate_limited_and_keeps_the_text(member_client, topic):
    url = reverse("forums:reply", kwargs={"pk": topic.pk})
    for n in range(POSTS_PER_HOUR):
        assert member_client.post(url, {"source": f"reply {n}"}).status_code == 302
    response = member_client.post(url, {"source": "one too many"})
    assert response.status_code == 429
    assert b"one too many" in response.content


def test_only_the_author_edits_and_deletes(client, topic, other_member, member):
    post = topic.opening_post
    client.force_login(other_member)
    assert client.get(reverse("forums:edit_post", kwargs={"pk": post.pk})).status_code == 403
    assert client.post(reverse("forums:delete_post", kwargs={"pk": post.pk})).status_code == 403
    client.force_login(member)
    client.post(reverse("forums:edit_post", kwargs={"pk": post.pk}), {"source": "Edited"})
    post.refresh_from_db()
    assert post.source == "Edited" and post.edited_at
    client.post(reverse("forums:delete_post", kwargs={"pk": post.pk}))
    post.refresh_from_db()
    assert post.deleted_at is not None


def test_like_and_unlike_by_post(client, topic, other_member):
    post = topic.opening_post
    client.force_login(other_member)
    client.post(reverse("forums:like_post", kwargs={"pk": post.pk}))
    client.post(reverse("forums:like_post", kwargs={"pk": post.pk}))
    post.refresh_from_db()
    assert post.like_count == 1
    client.post(reverse("forums:unlike_post", kwargs={"pk": post.pk}))
    post.refresh_from_db()
    assert post.like_count == 0


def test_a_member_may_not_like_their_own_post(member_client, topic):
    url = reverse("forums:like_post", kwargs={"pk": topic.opening_post.pk})
    assert member_client.post(url).status_code == 403


def test_flagging_a_post_with_a_reason(client, topic, other_member):
    client.force_login(other_member)
    url = reverse("forums:flag_post", kwargs={"pk": topic.opening_post.pk})
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "Advertising"}).status_code == 302
    assert Flag.objects.get().reason == "Advertising"


def test_a_post_in_a_private_topic_cannot_be_reached_by_a_guessed_id(member_client, private_topic):
    post = Post.objects.get(topic=private_topic)
    for name in ("post", "edit_post", "delete_post", "flag_post"):
        assert (
            member_client.get(reverse(f"forums:{name}", kwargs={"pk": post.pk})).status_code == 404
        )
    for name in ("like_post", "unlike_post", "moderate_post"):
        assert (
            member_client.post(reverse(f"forums:{name}", kwargs={"pk": post.pk})).status_code == 404
        )
