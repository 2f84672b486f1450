import threading

import pytest
from django.db import connection

from forums import services
from forums.models import Flag, Like, ModerationAction, Post, ReadState, Topic
from tests.forums.factories import CategoryFactory
from tests.members.factories import MemberFactory
from tests.working_groups.factories import WorkingGroupFactory
from working_groups.models import WorkingGroup


def test_starting_a_topic_makes_post_one_rendered_and_read_by_its_author(category, member):
    topic = services.start_topic(
        category=category, author=member, title="Transfers", source="**Equalization** first"
    )
    post = Post.objects.get(topic=topic)
    assert post.number == 1
    assert post.html == "<p><strong>Equalization</strong> first</p>"
    assert topic.last_post_number == 1 and topic.last_posted_at is not None
    assert ReadState.objects.get(topic=topic, user=member).last_read_number == 1


def test_replies_are_numbered_in_order_and_counted_on_the_topic(topic, other_member):
    first = services.reply_to_topic(topic=topic, author=other_member, source="One")
    second = services.reply_to_topic(topic=topic, author=other_member, source="Two")
    assert (first.number, second.number) == (2, 3)
    topic.refresh_from_db()
    assert topic.last_post_number == 3
    assert topic.last_posted_at == second.created_at
    assert ReadState.objects.get(topic=topic, user=other_member).last_read_number == 3


def test_a_locked_topic_refuses_replies(topic, other_member, staff):
    services.lock_topic(topic=topic, actor=staff)
    with pytest.raises(services.TopicLocked):
        services.reply_to_topic(topic=topic, author=other_member, source="Too late")
    assert Post.objects.filter(topic=topic).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_replies_never_share_a_number():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    category = CategoryFactory()
    author = MemberFactory()
    topic = services.start_topic(category=category, author=author, title="Race", source="Go")
    errors = []

    def reply(n):
        try:
            services.reply_to_topic(
                topic=Topic.objects.get(pk=topic.pk), author=author, source=f"reply {n}"
            )
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=reply, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(Post.objects.filter(topic=topic).values_list("number", flat=True))
    assert numbers == list(range(1, 10))
    assert Topic.objects.get(pk=topic.pk).last_post_number == 9


def test_editing_re_renders_and_stamps_the_time(topic):
    post = topic.opening_post
    services.edit_post(post=post, source="_Now_ clearer")
    post.refresh_from_db()
    assert post.html == "<p><em>Now</em> clearer</p>"
    assert post.edited_at is not None


def test_deleting_is_soft_and_keeps_the_number(topic, other_member):
    reply = services.reply_to_topic(topic=topic, author=other_member, source="Oops")
    services.delete_post(post=reply)
    reply.refresh_from_db()
    assert reply.deleted_at is not None and reply.number == 2


def test_a_like_counts_once_per_member_and_unliking_takes_it_back(topic, other_member):
    post = topic.opening_post
    assert services.like_post(post=post, user=other_member) is True
    assert services.like_post(post=post, user=other_member) is False
    post.refresh_from_db()
    assert post.like_count == 1 and Like.objects.count() == 1
    assert services.unlike_post(post=post, user=other_member) is True
    assert services.unlike_post(post=post, user=other_member) is False
    post.refresh_from_db()
    assert post.like_count == 0


def test_flagging_twice_keeps_one_open_flag(topic, other_member):
    services.flag_post(post=topic.opening_post, reporter=other_member, reason="Spam")
    services.flag_post(post=topic.opening_post, reporter=other_member, reason="Really spam")
    flag = Flag.objects.get()
    assert flag.reason == "Really spam" and flag.status == Flag.Status.OPEN


def test_upholding_a_flag_hides_the_post_and_closes_its_flags(topic, other_member, staff):
    third = MemberFactory()
    flag = services.flag_post(post=topic.opening_post, reporter=other_member, reason="Spam")
    services.flag_post(post=topic.opening_post, reporter=third, reason="Ads")
    services.resolve_flag(flag=flag, actor=staff, uphold=True)
    topic.opening_post.refresh_from_db()
    assert topic.opening_post.hidden
    assert set(Flag.objects.values_list("status", flat=True)) == {Flag.Status.UPHELD}
    kinds = list(ModerationAction.objects.order_by("pk").values_list("kind", flat=True))
    assert kinds == [ModerationAction.Kind.HIDE_POST, ModerationAction.Kind.RESOLVE_FLAG]


def test_dismissing_a_flag_leaves_the_post(topic, other_member, staff):
    flag = services.flag_post(post=topic.opening_post, reporter=other_member, reason="Meh")
    services.resolve_flag(flag=flag, actor=staff, uphold=False)
    topic.opening_post.refresh_from_db()
    assert not topic.opening_post.hidden
    assert Flag.objects.get().status == Flag.Status.DISMISSED


def test_every_moderation_action_is_recorded_with_who_and_what(topic, staff):
    other = CategoryFactory(name="Elsewhere")
    services.pin_topic(topic=topic, actor=staff)
    services.pin_topic(topic=topic, actor=staff, pinned=False)
    services.lock_topic(topic=topic, actor=staff)
    services.lock_topic(topic=topic, actor=staff, locked=False)
    services.hide_topic(topic=topic, actor=staff)
    services.hide_topic(topic=topic, actor=staff, hidden=False)
    services.move_topic(topic=topic, actor=staff, category=other)
    services.hide_post(post=topic.opening_post, actor=staff)
    services.hide_post(post=topic.opening_post, actor=staff, hidden=False)
    actions = list(ModerationAction.objects.order_by("pk"))
    assert [a.kind for a in actions] == [
        "pin",
        "unpin",
        "lock",
        "unlock",
        "hide-topic",
        "show-topic",
        "move",
        "hide-post",
        "show-post",
    ]
    assert all(a.actor == staff and a.topic_id == topic.pk for a in actions)
    assert actions[6].detail == "from Fiscal decentralization to Elsewhere"
    topic.refresh_from_db()
    assert topic.category == other


def test_a_group_category_is_private_when_the_group_is_listed_to_members_only(db):
    public = WorkingGroupFactory(visibility=WorkingGroup.Visibility.PUBLIC)
    members_only = WorkingGroupFactory(visibility=WorkingGroup.Visibility.MEMBERS)
    assert services.create_group_category(group=public).private is False
    category = services.create_group_category(group=members_only)
    assert category.private is True and category.group == members_only
    assert services.create_group_category(group=members_only) == category


def test_mark_read_never_goes_backwards(topic, other_member):
    for n in range(5):
        services.reply_to_topic(topic=topic, author=topic.author, source=str(n))
    services.mark_read(topic=topic, user=other_member, number=4)
    services.mark_read(topic=topic, user=other_member, number=2)
    assert ReadState.objects.get(topic=topic, user=other_member).last_read_number == 4
