"""Blog rows for tests: images made by Pillow, authors, and posts published under the one blog
index (blog/migrations/0002 made it, with the front page), as the CMS publishes them."""

from io import BytesIO

import factory
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from PIL import Image

from blog.models import Author, BlogImage, BlogIndexPage, BlogPage, BlogPageAuthor
from tests.members.factories import MemberFactory, activate_totp


def jpeg_bytes(size=(1200, 675), colour="teal", exif=None) -> bytes:
    buffer = BytesIO()
    options = {"exif": exif} if exif is not None else {}
    Image.new("RGB", size, colour).save(buffer, "JPEG", quality=80, **options)
    return buffer.getvalue()


def blog_index() -> BlogIndexPage:
    return BlogIndexPage.objects.get()


class BlogImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BlogImage

    title = factory.Sequence(lambda n: f"Town hall meeting {n}")
    credit = "LPSA"
    file = factory.LazyAttribute(
        lambda image: ImageFile(BytesIO(jpeg_bytes()), name=f"{image.title[:20]}.jpg")
    )


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Amina Diallo {n}")
    role = "Fiscal decentralization adviser"


def body(words: int = 120, *blocks) -> list[dict]:
    """A post body of one paragraph of `words` words, then `blocks` (as StreamField raw data)."""
    return [{"type": "paragraph", "value": "<p>" + " ".join(["local"] * words) + "</p>"}, *blocks]


class BlogPageFactory(factory.Factory):
    """A post, live under the blog index (`live=False` leaves it a draft), with `authors`
    (default: one new author) and `topics`, `regions` set after it is saved."""

    class Meta:
        model = BlogPage

    title = factory.Sequence(lambda n: f"Decentralization and local revenue, part {n}")
    slug = factory.Sequence(lambda n: f"post-{n}")
    summary = "What the latest assessments say about local revenue."
    body = factory.LazyFunction(body)

    @classmethod
    def _create(cls, model_class, *args, live=True, authors=None, topics=(), regions=(), **kwargs):
        post = model_class(*args, **kwargs)
        for author in authors if authors is not None else [AuthorFactory()]:
            post.post_authors.add(BlogPageAuthor(author=author))
        post.topics.set(topics)
        post.regions.set(regions)
        post.live = False
        blog_index().add_child(instance=post)
        revision = post.save_revision()
        if live:
            revision.publish()
            post.refresh_from_db()
        return post


def cms_user(group_name: str, *, with_totp: bool = True):
    """A member in the CMS group `group_name` ("Editors" or "Contributors"), with an
    authenticator app set up unless `with_totp=False`."""
    user = MemberFactory()
    user.groups.add(Group.objects.get(name=group_name))
    if with_totp:
        activate_totp(user)
    return user
