"""A group's image, uploaded in the admin, is stored as the portal's own small rendition."""

from io import BytesIO
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tests.working_groups.conftest import admin_form
from working_groups.models import GROUP_IMAGE_SIZE, WorkingGroup

ADD = reverse("admin:working_groups_workinggroup_add")


def camera_photo(name: str = "IMG_2041 home address.jpg") -> SimpleUploadedFile:
    """A large JPEG carrying EXIF (a camera's make, a GPS block) and a comment."""
    image = Image.new("RGB", (3000, 2000), (120, 160, 90))
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"  # Make
    exif[0x8825] = {1: "N", 2: (1.0, 17.0, 0.0)}  # GPSInfo
    buffer = BytesIO()
    image.save(buffer, "JPEG", exif=exif, comment=b"12 Secret Lane")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def test_an_uploaded_image_is_stored_small_without_its_metadata_under_our_name(admin_client):
    response = admin_client.post(ADD, admin_form(image=camera_photo()))

    assert response.status_code == 302
    group = WorkingGroup.objects.get(slug="urban")
    assert "home address" not in group.image.name and group.image.name.endswith(".jpg")
    with Image.open(group.image.path) as stored:
        assert stored.size == GROUP_IMAGE_SIZE
        assert not stored.getexif() and "comment" not in stored.info
    # Only the rendition is kept: the upload as sent was never written.
    assert [p.name for p in Path(group.image.path).parent.iterdir()] == [
        Path(group.image.name).name
    ]


def test_a_new_image_replaces_the_old_file(admin_client):
    admin_client.post(ADD, admin_form(image=camera_photo()))
    group = WorkingGroup.objects.get(slug="urban")
    first = group.image.name

    admin_client.post(
        reverse("admin:working_groups_workinggroup_change", args=[group.pk]),
        admin_form(image=camera_photo("second.jpg")),
    )

    group.refresh_from_db()
    assert group.image.name != first
    assert not group.image.storage.exists(first) and group.image.storage.exists(group.image.name)


def test_a_file_that_is_not_an_image_is_refused_with_a_message_and_nothing_saved(admin_client):
    fake = SimpleUploadedFile("cover.jpg", b"%PDF-1.7 not a picture", content_type="image/jpeg")

    response = admin_client.post(ADD, admin_form(image=fake))

    assert response.status_code == 200
    assert "image" in response.context["adminform"].form.errors
    assert not WorkingGroup.objects.filter(slug="urban").exists()
