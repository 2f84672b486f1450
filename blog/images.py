"""Images uploaded to the CMS get the hygiene profile photos get (members/photos.py): Wagtail caps
their pixels (WAGTAILIMAGES_MAX_IMAGE_PIXELS) and here they are re-encoded from their pixels alone,
so no camera metadata (GPS position, owner, device) or embedded text is ever served. Renditions are
made from this clean original."""

from io import BytesIO

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

SAVE_OPTIONS = {
    "JPEG": {"quality": 90, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 90, "method": 4},
}


def without_metadata(uploaded) -> ContentFile:
    """A copy of the uploaded JPEG, PNG or WebP holding nothing but its pixels, upright (EXIF
    orientation applied), in its own format and under its own name."""
    uploaded.seek(0)
    with Image.open(uploaded) as image:
        image_format = image.format if image.format in SAVE_OPTIONS else "PNG"
        upright = ImageOps.exif_transpose(image)
        has_alpha = upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
        mode = "RGBA" if has_alpha and image_format != "JPEG" else "RGB"
        pixels = upright.convert(mode)
        # A new image, not a converted copy: Pillow carries `info` (EXIF, ICC, text chunks,
        # comments) through convert() and writes parts of it back when saving.
        clean = Image.new(mode, pixels.size)
        clean.paste(pixels)
    buffer = BytesIO()
    clean.save(buffer, image_format, **SAVE_OPTIONS[image_format])
    uploaded.seek(0)
    return ContentFile(buffer.getvalue(), name=uploaded.name)
