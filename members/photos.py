"""Uploaded images: checked as real images, then stored only as small renditions the portal makes
(profile photos as squares, working groups' images as one cover), never as uploaded: no metadata
passes through, and no page serves a camera's full-size file."""

from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

# Attribute on Profile -> side of the square in pixels.
RENDITIONS = {"photo_small": 64, "photo_medium": 160, "photo_large": 400}
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
# A 400 px square needs a fraction of this. 16 MP lets a 12 MP phone photo (4000 x 3000) and a
# 16 MP camera's through untouched, while the largest image we decode costs at most ~64 MB
# (RGBA) instead of the ~160 MB a 40 MP one took.
MAX_PIXELS = 16_000_000


def open_validated_image(uploaded, *, largest: int = max(RENDITIONS.values())) -> Image.Image:
    """The uploaded file as a loaded Pillow image, or a ValidationError saying what is wrong.
    `largest` is the largest side any rendition of it will need."""
    limit = settings.PROFILE_PHOTO_MAX_BYTES
    if uploaded.size > limit:
        raise ValidationError(
            _(
                "This photo is %(size).1f MB; the limit is %(limit).0f MB. "
                "Please choose a smaller file."
            )
            % {"size": uploaded.size / 1_048_576, "limit": limit / 1_048_576},
            code="too_large",
        )
    try:
        uploaded.seek(0)
        # The header alone gives format and size: both are checked before any pixel is decoded.
        with Image.open(uploaded) as probe:
            probe.verify()
            image_format = probe.format
            width, height = probe.size
        if image_format not in ACCEPTED_FORMATS:
            raise ValidationError(
                _("Please upload a JPEG, PNG, WebP or GIF image."), code="bad_format"
            )
        if width * height > MAX_PIXELS:
            raise ValidationError(
                _(
                    "This image is %(megapixels).0f megapixels; the limit is %(limit).0f. "
                    "Please choose a smaller image."
                )
                % {"megapixels": width * height / 1e6, "limit": MAX_PIXELS / 1e6},
                code="too_many_pixels",
            )
        uploaded.seek(0)
        image = Image.open(uploaded)
        # A JPEG can be decoded at 1/2, 1/4 or 1/8 scale: ask for the smallest that still
        # covers the largest rendition, which saves most of the memory and time of a full decode.
        image.draft("RGB", (largest, largest))
        image.load()
    except Image.DecompressionBombError as exc:
        # Pillow refuses to even open an image of twice its own limit (a "decompression bomb":
        # a small file that would decode to gigabytes).
        raise ValidationError(
            _("This image has far too many pixels; the limit is %(limit).0f megapixels.")
            % {"limit": MAX_PIXELS / 1e6},
            code="too_many_pixels",
        ) from exc
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise ValidationError(
            _("This file is not an image we can read. Please upload a JPEG, PNG, WebP or GIF."),
            code="not_an_image",
        ) from exc
    return image


def pixels_only(image: Image.Image) -> Image.Image:
    """A new RGB image holding nothing but `image`'s pixels, upright and on white.

    Pillow carries `info` (JPEG and GIF comments, PNG text chunks, EXIF, ICC) through
    convert() and resize(), and writes a JPEG comment from it when saving: members' photos
    must not pass on what their files hide (a home address, GPS, markup)."""
    upright = ImageOps.exif_transpose(image)
    clean = Image.new("RGB", upright.size, "white")
    if upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info:
        with_alpha = upright.convert("RGBA")
        clean.paste(with_alpha, mask=with_alpha.getchannel("A"))
    else:
        clean.paste(upright.convert("RGB"))
    return clean


def square_renditions(image: Image.Image, stem: str) -> dict[str, ContentFile]:
    image = pixels_only(image)
    files = {}
    for attribute, side in RENDITIONS.items():
        square = ImageOps.fit(image, (side, side), Image.Resampling.LANCZOS)
        buffer = BytesIO()
        square.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
        files[attribute] = ContentFile(buffer.getvalue(), name=f"{stem}-{side}.jpg")
    return files


def cover_rendition(image: Image.Image, size: tuple[int, int], name: str) -> ContentFile:
    """`image` cropped to fill `size` (centred), as a JPEG holding nothing but its pixels."""
    cover = ImageOps.fit(pixels_only(image), size, Image.Resampling.LANCZOS)
    buffer = BytesIO()
    cover.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
    return ContentFile(buffer.getvalue(), name=name)
