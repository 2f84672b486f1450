"""Images uploaded to the CMS keep nothing but their pixels, oversized ones are refused, and a post
serves them as responsive <picture> elements."""

import re
from io import BytesIO

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image, PngImagePlugin
from wagtail.models import Collection

from blog.models import BlogImage
from tests.blog.factories import BlogImageFactory, BlogPageFactory, body, cms_user, jpeg_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(cms_user("Editors"))
    return client


def camera_jpeg() -> bytes:
    """A JPEG as a phone writes it: the camera's make and model and where it was taken."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Model] = "Phone 12"
    exif[ExifTags.Base.Artist] = "Amina Diallo"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (0.0, 19.0, 2.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (32.0, 34.0, 55.0)
    data = jpeg_bytes(size=(800, 600), exif=exif)
    with Image.open(BytesIO(data)) as original:  # the sample really carries them
        assert original.getexif()[ExifTags.Base.Make] == "PhoneMaker"
        assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    return data


def png_with_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "Taken at the minister's house, 12 Kololo Hill Drive")
    info.add_text("Author", "Amina Diallo")
    buffer = BytesIO()
    Image.new("RGBA", (640, 480), (0, 128, 128, 200)).save(buffer, "PNG", pnginfo=info)
    data = buffer.getvalue()
    assert b"Kololo" in data
    return data


def upload(client, name: str, data: bytes, content_type: str, title: str = "Town hall"):
    return client.post(
        reverse("wagtailimages:add"),
        {
            "title": title,
            "file": SimpleUploadedFile(name, data, content_type=content_type),
            "collection": Collection.get_first_root_node().pk,
            "credit": "LPSA",
            "tags": "",
        },
    )


def stored_bytes(image: BlogImage) -> bytes:
    with image.file.open("rb") as stored:
        return stored.read()


def test_an_uploaded_jpeg_is_stored_without_its_exif(editor_client):
    response = upload(editor_client, "meeting.jpg", camera_jpeg(), "image/jpeg")
    assert response.status_code == 302, response.context and response.context["form"].errors
    image = BlogImage.objects.get()
    data = stored_bytes(image)
    assert b"PhoneMaker" not in data and b"Amina" not in data
    with Image.open(BytesIO(data)) as stored:
        assert stored.format == "JPEG"
        assert stored.size == (800, 600) == (image.width, image.height)
        assert not stored.getexif()
        assert "exif" not in stored.info
    assert image.credit == "LPSA"
    assert image.file_size == len(data)


def test_an_uploaded_png_is_stored_without_its_text_chunks_and_keeps_its_transparency(
    editor_client,
):
    response = upload(editor_client, "chart.png", png_with_text(), "image/png")
    assert response.status_code == 302
    data = stored_bytes(BlogImage.objects.get())
    assert b"Kololo" not in data and b"tEXt" not in data and b"iTXt" not in data
    with Image.open(BytesIO(data)) as stored:
        assert stored.format == "PNG"
        assert stored.mode == "RGBA"
        assert stored.getpixel((10, 10)) == (0, 128, 128, 200)
        assert not stored.text


def test_an_image_with_more_pixels_than_allowed_is_refused_and_nothing_is_kept(editor_client):
    # Just over the limit (40 million pixels), in a small file: a grey plane compresses well.
    side = int(settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS**0.5) + 1
    buffer = BytesIO()
    Image.new("L", (side, side), 128).save(buffer, "JPEG", quality=50)
    response = upload(editor_client, "huge.jpg", buffer.getvalue(), "image/jpeg")
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert errors == [
        f"This file has too many pixels ({side * side}). "
        f"Maximum pixels {settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS}."
    ]
    assert "This file has too many pixels" in response.content.decode()
    assert not BlogImage.objects.exists()
    assert [path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()] == []


def test_a_file_that_is_not_an_image_is_refused(editor_client):
    response = upload(editor_client, "photo.jpg", b"%PDF-1.7 not an image", "image/jpeg")
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not BlogImage.objects.exists()


# --- On a post page ------------------------------------------------------------------------------
def pictures(html: str) -> list[str]:
    return re.findall(r"<picture>.*?</picture>", html, re.S)


def test_a_post_serves_its_images_as_webp_with_a_jpeg_fallback_in_several_widths(client):
    featured = BlogImageFactory(title="Council chamber")
    in_body = BlogImageFactory(title="Market day")
    post = BlogPageFactory(
        featured_image=featured,
        body=body(
            50,
            {"type": "image", "value": {"image": in_body.pk, "caption": "Market day in Gulu"}},
        ),
    )
    html = client.get(post.url).content.decode()
    head, prose = html.split('<div class="prose">', 1)
    (featured_picture,) = pictures(head)
    body_picture = pictures(prose)[0]
    for picture in (featured_picture, body_picture):
        source = re.search(r"<source [^>]*>", picture).group(0)
        assert 'type="image/webp"' in source
        assert source.count(".webp") == 3  # 480, 800 and 1200 wide
        img = re.search(r"<img [^>]*>", picture).group(0)
        assert re.search(r'srcset="[^"]*\.jpg 480w, [^"]*\.jpg 800w[^"]*"', img), img
        assert 'sizes="(max-width: 48rem) 100vw, 46rem"' in img
        assert re.search(r'src="/media/images/[^"]+\.jpg"', img)
        assert 'width="' in img and 'height="' in img
    featured_img = re.search(r"<img [^>]*>", featured_picture).group(0)
    body_img = re.search(r"<img [^>]*>", body_picture).group(0)
    # The featured image is the first thing seen: fetched at once, never lazily.
    assert 'fetchpriority="high"' in featured_img and "loading=" not in featured_img
    assert 'loading="lazy"' in body_img
    assert 'alt="Market day"' in body_img
    assert "Market day in Gulu" in html and "Image: LPSA" in html


def test_every_rendition_a_post_names_is_served(client):
    post = BlogPageFactory(featured_image=BlogImageFactory())
    html = client.get(post.url).content.decode()
    urls = set(re.findall(r"(/media/images/[^\s\"]+)", html))
    assert len(urls) >= 6
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        kind = Image.open(BytesIO(b"".join(response.streaming_content))).format
        assert kind == ("WEBP" if url.endswith(".webp") else "JPEG")


def test_post_cards_on_the_index_load_their_images_lazily_but_the_first(client):
    """The first card is above the fold: loading it lazily would only delay it."""
    for _ in range(3):
        BlogPageFactory(featured_image=BlogImageFactory())
    html = client.get("/blog/").content.decode()
    first, *others = pictures(html)
    assert len(others) == 2
    assert 'type="image/webp"' in first and 'loading="lazy"' not in first
    for picture in others:
        assert 'type="image/webp"' in picture and 'loading="lazy"' in picture
