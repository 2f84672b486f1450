from django.urls import reverse

from forums import services
from forums.models import Flag, ModerationAction, Topic
from tests.forums.factories import CategoryFactory


def test_staff_pin_lock_and_hide_a_topic(staff_client, topic):
    url = reverse("forums:moderate_topic", kwargs={"pk": topic.pk})
    for action in ("pin", "lock", "hide"):
        assert staff_client.post(url, {"action": action}).status_code == 302
    topic.refresh_from_db()
    assert topic.pinned and topic.locked and topic.hidden
    assert staff_client.post(url, {"action": "explode"}).status_code == 400
    assert ModerationAction.objects.count() == 3


def test_a_co_chair_moderates_their_groups_category_only(client, co_chair, private_topic, topic):
    client.force_login(co_chair)
    own = reverse("forums:moderate_topic", kwargs={"pk": private_topic.pk})
    other = reverse("forums:moderate_topic", kwargs={"pk": topic.pk})
    assert client.post(own, {"action": "lock"}).status_code == 302
    assert client.post(other, {"action": "lock"}).status_code == 403


def test_a_member_may_not_moderate(member_client, topic):
    url = reverse("forums:moderate_topic", kwargs={"pk": topic.pk})
    assert member_client.post(url, {"action": "pin"}).status_code == 403
    assert member_client.get(reverse("forums:moderation_queue")).status_code == 403


def test_moving_is_to_a_category_the_moderator_moderates(client, co_chair, private_topic, category):
    client.force_login(co_chair)
    url = reverse("forums:move_topic", kwargs={"pk": private_topic.pk})
    assert client.post(url, {"category": category.pk}).status_code == 400
    private_topic.refresh_from_db()
    assert private_topic.category != category


def test_staff_move_a_topic(staff_client, topic):
    target = CategoryFactory(name="Urban")
    url = reverse("forums:move_topic", kwargs={"pk": topic.pk})
    assert staff_client.post(url, {"category": target.pk}).status_code == 302
    assert Topic.objects.get(pk=topic.pk).category == target


def test_the_queue_shows_a_co_chair_only_their_groups_flags(
    client, co_chair, private_topic, topic, group_member, other_member
):
    services.flag_post(post=topic.opening_post, reporter=other_member, reason="General flag")
    services.reply_to_topic(topic=private_topic, author=co_chair, source="Mine")
    services.flag_post(post=private_topic.opening_post, reporter=co_chair, reason="Group flag")
    client.force_login(co_chair)
    content = client.get(reverse("forums:moderation_queue")).content.decode()
    assert "Group flag" in content and "General flag" not in content


def test_upholding_from_the_queue_hides_the_post_and_logs_it(staff_client, topic, other_member):
    flag = services.flag_post(post=topic.opening_post, reporter=other_member, reason="Spam")
    url = reverse("forums:resolve_flag", kwargs={"pk": flag.pk})
    assert staff_client.post(url, {"decision": "uphold"}).status_code == 302
    topic.opening_post.refresh_from_db()
    assert topic.opening_post.hidden
    assert Flag.objects.get().status == Flag.Status.UPHELD
    log = staff_client.get(reverse("forums:moderation_log")).content.decode()
    assert "Hid the post" in log and "Resolved a flag" in log


def test_a_co_chair_cannot_resolve_a_flag_outside_their_groups(
    client, co_chair, topic, other_member
):
    flag = services.flag_post(post=topic.opening_post, reporter=other_member, reason="Spam")
    client.force_login(co_chair)
    url = reverse("forums:resolve_flag", kwargs={"pk": flag.pk})
    assert client.post(url, {"decision": "uphold"}).status_code == 404
