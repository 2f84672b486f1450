from forums import demo
from forums.models import Category, Post, Topic
from members.demo import seed as seed_members
from tests.working_groups.factories import WorkingGroupFactory
from working_groups.models import WorkingGroup


def test_the_demo_seeds_categories_topics_and_a_long_topic_idempotently(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    seed_members(members=20)
    WorkingGroupFactory(name="Africa", slug="africa", visibility=WorkingGroup.Visibility.MEMBERS)
    summary = demo.seed(forum_long_topic_posts=45)
    assert "long topic of 45 posts" in summary
    group_category = Category.objects.get(group__slug="africa")
    assert group_category.private
    assert Topic.objects.filter(category=group_category).count() == len(demo.GROUP_TOPIC_TITLES)
    long_topic = Topic.objects.get(title=demo.LONG_TOPIC_TITLE)
    assert long_topic.last_post_number == 45
    assert list(Post.objects.filter(topic=long_topic).values_list("number", flat=True)) == list(
        range(1, 46)
    )
    counts = (Category.objects.count(), Topic.objects.count(), Post.objects.count())

    demo.seed(forum_long_topic_posts=45)
    assert (Category.objects.count(), Topic.objects.count(), Post.objects.count()) == counts

    demo.seed(forum_long_topic_posts=70)
    long_topic.refresh_from_db()
    assert long_topic.last_post_number == 70
    assert Post.objects.filter(topic=long_topic).count() == 70


def test_every_seeded_post_has_its_rendered_html(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    seed_members(members=10)
    demo.seed(forum_long_topic_posts=5)
    assert not Post.objects.filter(html="").exists()
    assert Post.objects.filter(html__contains="<table>").exists()
