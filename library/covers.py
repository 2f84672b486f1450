"""A resource's cover thumbnail: the PDF's first page drawn by PDFium (pypdfium2), or an image
staff upload; either way stored only as the portal's own small JPEG. Without either, the page
shows the placeholder of the resource's type (static/img/library/<type>.svg)."""

import logging

import pypdfium2
from django.core.files.base import ContentFile
from PIL import Image

from members.photos import cover_rendition, open_validated_image

log = logging.getLogger(__name__)

# A portrait page's proportions (A4 is 1:1.414), at twice the 120 px the pages show it.
COVER_SIZE = (240, 340)


def cover_from_pdf(upload, name: str) -> ContentFile | None:
    """The first page as a cover, or None when PDFium cannot draw it (the placeholder shows)."""
    upload.seek(0)
    try:
        # PDFium reads the upload as a stream, so a 100 MB PDF is never held in memory whole.
        document = pypdfium2.PdfDocument(upload.file)
    except pypdfium2.PdfiumError:  # also a document without pages
        log.info("PDFium could not open %s for its cover", name)
        upload.seek(0)
        return None
    try:
        page = document[0]
        width, height = page.get_size()
        if width <= 0 or height <= 0:
            return None
        # Drawn at the cover's width whatever the page's size, so a page declared a kilometre
        # wide costs no more memory than an A4 one.
        scale = min(COVER_SIZE[0] / width, COVER_SIZE[1] / height)
        image: Image.Image = page.render(scale=max(scale, 0.01)).to_pil()
        return cover_rendition(image, COVER_SIZE, name)
    except pypdfium2.PdfiumError:
        log.info("PDFium could not draw the first page of %s", name)
        return None
    finally:
        document.close()
        upload.seek(0)


def cover_from_image(upload, name: str) -> ContentFile:
    """An uploaded cover, checked as an image (format, bytes, pixels: a decompression bomb is
    refused with a ValidationError) and stored as the portal's JPEG."""
    image = open_validated_image(upload, largest=max(COVER_SIZE))
    return cover_rendition(image, COVER_SIZE, name)
