import factory

from forums.models import Category, Post, Topic
from tests.members.factories import MemberFactory


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")
    description = "Questions and answers on fiscal decentralization."


class TopicFactory(factory.django.DjangoModelFactory):
    """A topic row alone: its posts are made by PostFactory(topic=…)."""

    class Meta:
        model = Topic

    category = factory.SubFactory(CategoryFactory)
    title = factory.Sequence(lambda n: f"How do own-source revenues grow? ({n})")
    author = factory.SubFactory(MemberFactory)


class PostFactory(factory.django.DjangoModelFactory):
    """Builds rows directly (the HTML is a plain paragraph); tests of rendering and of the
    topic's counters go through forums.services instead."""

    class Meta:
        model = Post
        skip_postgeneration_save = True

    topic = factory.SubFactory(TopicFactory)
    author = factory.SubFactory(MemberFactory)
    source = "Property tax is the classic local tax."
    html = "<p>Property tax is the classic local tax.</p>"

    @factory.lazy_attribute
    def number(self):
        return self.topic.last_post_number + 1

    @factory.post_generation
    def count_in_topic(obj, create, extracted, **kwargs):
        if create:
            Topic.objects.filter(pk=obj.topic_id).update(
                last_post_number=obj.number, last_posted_at=obj.created_at
            )
            obj.topic.last_post_number = obj.number
            obj.topic.last_posted_at = obj.created_at
