from django.contrib.auth.models import AnonymousUser

from forums import permissions, services
from forums.models import Category, Post, Topic
from tests.forums.factories import CategoryFactory


def test_visitors_read_general_and_public_group_categories_only(category, private_category):
    assert list(Category.objects.visible_to(AnonymousUser())) == [category]


def test_a_member_outside_the_group_never_sees_its_private_category(
    member, category, private_topic
):
    assert list(Category.objects.visible_to(member)) == [category]
    assert not Topic.objects.visible_to(member).filter(pk=private_topic.pk).exists()
    assert not Post.objects.visible_to(member).filter(topic=private_topic).exists()


def test_group_members_and_staff_read_the_private_category(group_member, staff, private_topic):
    for user in (group_member, staff):
        assert Topic.objects.visible_to(user).filter(pk=private_topic.pk).exists()
        assert Post.objects.visible_to(user).filter(topic=private_topic).count() == 1


def test_a_hidden_topic_is_seen_by_its_moderators_only(
    private_topic, group_member, co_chair, staff
):
    services.hide_topic(topic=private_topic, actor=staff)
    assert not Topic.objects.visible_to(group_member).filter(pk=private_topic.pk).exists()
    assert Topic.objects.visible_to(co_chair).filter(pk=private_topic.pk).exists()
    assert Topic.objects.visible_to(staff).filter(pk=private_topic.pk).exists()


def test_a_co_chair_does_not_moderate_other_categories(co_chair, category, private_category):
    assert permissions.can_moderate(co_chair, private_category)
    assert not permissions.can_moderate(co_chair, category)
    assert list(Category.objects.moderated_by(co_chair)) == [private_category]


def test_hidden_and_deleted_posts_leave_the_readable_posts(topic, other_member, staff):
    hidden = services.reply_to_topic(topic=topic, author=other_member, source="rude")
    deleted = services.reply_to_topic(topic=topic, author=other_member, source="oops")
    services.hide_post(post=hidden, actor=staff)
    services.delete_post(post=deleted)
    assert list(Post.objects.visible_to(other_member).values_list("number", flat=True)) == [1]
    assert list(Post.objects.visible_to(staff).values_list("number", flat=True)) == [1, 2]


def test_posting_in_a_group_category_takes_membership(
    member, group_member, staff, category, private_category
):
    public_group_category = CategoryFactory(
        group=private_category.group.__class__.objects.create(
            name="Climate", slug="climate", kind="thematic"
        )
    )
    assert permissions.can_post_in(member, category)
    assert not permissions.can_post_in(member, public_group_category)
    assert permissions.can_read_category(member, public_group_category)
    assert permissions.can_post_in(group_member, private_category)
    assert permissions.can_post_in(staff, public_group_category)
    assert not permissions.can_post_in(AnonymousUser(), category)
