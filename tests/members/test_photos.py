"""Profile photos: what is accepted, and that renditions carry pixels and nothing else."""

from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, PngImagePlugin

from members import services
from members.forms import ProfileForm
from members.photos import MAX_PIXELS, RENDITIONS, open_validated_image
from tests.members.test_forms import profile_data

pytestmark = pytest.mark.django_db

HOME_ADDRESS = "Flat 3, 12 Acacia Avenue, Nairobi"
SCRIPT = "<script>alert(document.cookie)</script>"
HIDDEN = f"{HOME_ADDRESS} {SCRIPT}"


def _exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010E] = HIDDEN  # ImageDescription
    exif[0x013B] = HOME_ADDRESS  # Artist
    return exif


def _icc() -> bytes:
    # Pillow keeps an ICC profile as opaque bytes; the text stands in for a profile's tags.
    return b"\x00\x00\x02\x0cICC profile " + HIDDEN.encode()


def _jpeg() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (600, 500), (20, 120, 200)).save(
        buffer, "JPEG", comment=HIDDEN.encode(), exif=_exif(), icc_profile=_icc()
    )
    return buffer.getvalue()


def _png() -> bytes:
    text = PngImagePlugin.PngInfo()
    # Lower-case "comment" is the key Pillow would write into a JPEG's COM segment.
    text.add_text("comment", HIDDEN)  # tEXt
    text.add_itxt("Description", HIDDEN, lang="en")  # iTXt
    text.add_text("Author", HIDDEN, zip=True)  # zTXt
    buffer = BytesIO()
    Image.new("RGBA", (600, 500), (20, 120, 200, 255)).save(
        buffer, "PNG", pnginfo=text, exif=_exif(), icc_profile=_icc()
    )
    return buffer.getvalue()


def _gif() -> bytes:
    buffer = BytesIO()
    Image.new("P", (600, 500), 3).save(buffer, "GIF", comment=HIDDEN.encode())
    return buffer.getvalue()


def _webp() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (600, 500), (20, 120, 200)).save(
        buffer, "WEBP", exif=_exif(), icc_profile=_icc()
    )
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "make", "hidden_keys"),
    [
        ("me.jpg", _jpeg, {"comment", "exif", "icc_profile"}),
        ("me.png", _png, {"comment", "Description", "Author", "exif", "icc_profile"}),
        ("me.gif", _gif, {"comment"}),
        ("me.webp", _webp, {"exif", "icc_profile"}),
    ],
)
def test_renditions_keep_no_comment_text_chunk_exif_or_icc_from_the_upload(
    member, name, make, hidden_keys
):
    content = make()
    with Image.open(BytesIO(content)) as original:
        # The upload really carries what the renditions must drop.
        assert hidden_keys <= set(original.info) | ({"exif"} if original.getexif() else set())

    services.set_profile_photo(profile=member.profile, uploaded=SimpleUploadedFile(name, content))

    for attribute in RENDITIONS:
        field = getattr(member.profile, attribute)
        with field.storage.open(field.name, "rb") as handle:
            stored = handle.read()
        for needle in (HOME_ADDRESS, "Acacia", "<script", "alert(", "ICC profile"):
            assert needle.encode() not in stored, (attribute, needle)
        with Image.open(BytesIO(stored)) as rendition:
            assert not {"comment", "exif", "icc_profile"} & set(rendition.info)
            assert not rendition.getexif()


def _upload(image: Image.Image, image_format: str, name: str) -> SimpleUploadedFile:
    buffer = BytesIO()
    image.save(buffer, image_format)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.mark.parametrize(("image_format", "name"), [("BMP", "me.bmp"), ("TIFF", "me.tiff")])
def test_a_valid_image_in_a_format_outside_the_allowlist_is_refused(image_format, name):
    upload = _upload(Image.new("RGB", (300, 300), "navy"), image_format, name)

    form = ProfileForm(profile_data(), {"photo": upload})

    assert not form.is_valid()
    assert form.errors["photo"] == ["Please upload a JPEG, PNG, WebP or GIF image."]


def _one_bit_png(width: int, height: int) -> SimpleUploadedFile:
    # A blank 1-bit PNG compresses to a few kilobytes however many pixels it declares.
    return _upload(Image.new("1", (width, height)), "PNG", "big.png")


def test_the_pixel_cap_allows_a_twelve_megapixel_phone_photo():
    assert MAX_PIXELS >= 4000 * 3000


def test_an_image_just_over_the_pixel_cap_is_refused_and_one_at_the_cap_accepted():
    side = 4000
    assert side * side == MAX_PIXELS
    over = _one_bit_png(side + 1, side)
    assert over.size < 50_000

    refused = ProfileForm(profile_data(), {"photo": over})
    accepted = ProfileForm(profile_data(), {"photo": _one_bit_png(side, side)})

    assert not refused.is_valid()
    assert refused.errors["photo"] == [
        "This image is 16 megapixels; the limit is 16. Please choose a smaller image."
    ]
    assert accepted.is_valid(), accepted.errors


def test_a_large_jpeg_is_decoded_only_at_the_scale_the_renditions_need():
    upload = _upload(Image.new("RGB", (3200, 2400), "teal"), "JPEG", "big.jpg")

    image = open_validated_image(upload)

    # 1/4 scale: the short side (600) still covers the 400 px rendition; 1/8 would not.
    assert image.size == (800, 600)


def test_a_transparent_png_is_flattened_onto_white(member):
    upload = _upload(Image.new("RGBA", (300, 300), (0, 0, 0, 0)), "PNG", "clear.png")

    services.set_profile_photo(profile=member.profile, uploaded=upload)

    field = member.profile.photo_small
    with field.storage.open(field.name, "rb") as handle, Image.open(handle) as rendition:
        assert rendition.getpixel((32, 32)) >= (250, 250, 250)


def test_a_file_that_is_not_an_image_is_refused():
    with pytest.raises(ValidationError) as error:
        open_validated_image(SimpleUploadedFile("me.png", b"not an image at all"))
    assert error.value.code == "not_an_image"
