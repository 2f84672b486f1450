import uuid
from io import BytesIO

import pytest
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from members import services
from members.models import Profile, User
from taxonomy.models import Language, Topic
from taxonomy.regions import region_for_country
from tests.members.factories import _PASSWORD_HASH


def image_upload(
    name: str = "photo.png", size: tuple[int, int] = (800, 500), image_format: str = "PNG"
) -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", size, (200, 30, 60)).save(buffer, image_format)
    content_type = {"PNG": "image/png", "JPEG": "image/jpeg"}[image_format]
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


def bulk_create_members(count: int, *, expertise=(), languages=(), **profile_fields):
    """`count` listed members in a handful of queries, for the directory's scaling tests."""
    start = User.objects.count()
    tag = uuid.uuid4().hex[:8]
    users = User.objects.bulk_create(
        User(email=f"bulk-{tag}-{start + i}@example.org", password=_PASSWORD_HASH)
        for i in range(count)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
    )
    fields = {
        "job_title": "Planner",
        "organisation": "Bulk Council",
        "organisation_type": "local-government",
        "country": "KE",
        "listed_in_directory": True,
        **profile_fields,
    }
    fields["world_region_id"] = region_for_country(fields["country"]) or None
    profiles = Profile.objects.bulk_create(
        Profile(user=user, full_name=f"Bulk Member {i:05d}", **fields)
        for i, user in enumerate(users)
    )
    Profile.expertise.through.objects.bulk_create(
        Profile.expertise.through(profile_id=p.pk, topic_id=t.pk)
        for p in profiles
        for t in expertise
    )
    Profile.languages.through.objects.bulk_create(
        Profile.languages.through(profile_id=p.pk, language_id=lang.pk)
        for p in profiles
        for lang in languages
    )
    return profiles


@pytest.fixture
def member_with_photo(member):
    services.set_profile_photo(profile=member.profile, uploaded=image_upload())
    return member


@pytest.fixture
def png_upload():
    return image_upload()


@pytest.fixture
def some_expertise(db):
    return list(Topic.objects.order_by("slug")[:3])


@pytest.fixture
def some_languages(db):
    return list(Language.objects.filter(code__in=["en", "fr"]))
