"""Real files of each kind the library takes, and the fakes it must refuse, made in memory."""

import functools
import io
import zipfile

from PIL import Image, ImageDraw

CONTENT_TYPES = (
    '<?xml version="1.0"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Override PartName="/{part}" ContentType="{type}"/></Types>'
)


@functools.cache
def pdf_bytes(text: str = "A primer on decentralization", pages: int = 1) -> bytes:
    """A PDF whose first page shows `text` (Pillow writes one image per page). Kept once made:
    the URL matrix stores two in every world it builds."""
    images = []
    for number in range(pages):
        page = Image.new("RGB", (595, 842), "white")
        draw = ImageDraw.Draw(page)
        draw.rectangle((0, 0, 595, 200), fill=(18, 70, 110))
        draw.text((40, 240), f"{text} — page {number + 1}", fill="black")
        images.append(page)
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", save_all=True, append_images=images[1:])
    return buffer.getvalue()


def ooxml_bytes(kind: str) -> bytes:
    part, content_type = {
        "docx": (
            "word/document.xml",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        ),
        "xlsx": (
            "xl/workbook.xml",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        ),
        "pptx": (
            "ppt/presentation.xml",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
        ),
    }[kind]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES.format(part=part, type=content_type))
        package.writestr("_rels/.rels", "<Relationships/>")
        package.writestr(part, "<document/>")
    return buffer.getvalue()


def csv_bytes() -> bytes:
    return (
        "country,year,subnational_expenditure_share\n"
        "Kenya,2023,14.2\nUganda,2023,9.8\nCôte d'Ivoire,2023,7.1\n"
    ).encode()


# A Windows executable: the "MZ" header, then a PE signature.
EXECUTABLE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 48
    + b"PE\x00\x00"
    + b"\x00" * 400
)
HTML_PAGE = (
    b"<!DOCTYPE html><html><head><title>x</title></head><body><p>Not a PDF</p></body></html>"
)


# A ZIP that is no Office document.
def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/readme.txt", "hello")
    return buffer.getvalue()


def bomb_png(side: int = 20_000) -> bytes:
    """A PNG declaring `side` x `side` pixels (400 MP) in a few hundred kilobytes."""
    buffer = io.BytesIO()
    Image.new("1", (side, side)).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def png_bytes(size=(600, 800), colour=(200, 80, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()
