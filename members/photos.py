"""Profile photos: checked as real images, then stored only as a few small square renditions."""

from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

# Attribute on Profile -> side of the square in pixels.
RENDITIONS = {"photo_small": 64, "photo_medium": 160, "photo_large": 400}
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
MAX_PIXELS = 40_000_000  # refuses decompression bombs long before Pillow's own warning


def open_validated_image(uploaded) -> Image.Image:
    """The uploaded file as a loaded Pillow image, or a ValidationError saying what is wrong."""
    limit = settings.PROFILE_PHOTO_MAX_BYTES
    if uploaded.size > limit:
        raise ValidationError(
            f"This photo is {uploaded.size / 1_048_576:.1f} MB; the limit is "
            f"{limit / 1_048_576:.0f} MB. Please choose a smaller file.",
            code="too_large",
        )
    try:
        uploaded.seek(0)
        with Image.open(uploaded) as probe:
            probe.verify()
            image_format = probe.format
            width, height = probe.size
        if image_format not in ACCEPTED_FORMATS:
            raise ValidationError(
                "Please upload a JPEG, PNG, WebP or GIF image.", code="bad_format"
            )
        if width * height > MAX_PIXELS:
            raise ValidationError("This image has too many pixels.", code="too_many_pixels")
        uploaded.seek(0)
        image = Image.open(uploaded)
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ValidationError(
            "This file is not an image we can read. Please upload a JPEG, PNG, WebP or GIF.",
            code="not_an_image",
        ) from exc
    return image


def square_renditions(image: Image.Image, stem: str) -> dict[str, ContentFile]:
    image = ImageOps.exif_transpose(image).convert("RGB")
    files = {}
    for attribute, side in RENDITIONS.items():
        square = ImageOps.fit(image, (side, side), Image.Resampling.LANCZOS)
        buffer = BytesIO()
        square.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
        files[attribute] = ContentFile(buffer.getvalue(), name=f"{stem}-{side}.jpg")
    return files
