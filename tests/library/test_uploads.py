"""Staff upload a resource's file in the admin: recognised by its content, size-limited, stored
under the portal's name, with a cover; anything wrong is a form error and nothing is saved."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from library.covers import COVER_SIZE
from library.models import Resource
from tests.library import samples
from tests.library.conftest import resource_form

ADD = reverse("admin:library_resource_add")


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def stored_files(settings) -> list[Path]:
    root = Path(settings.LIBRARY_FILES_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def media_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def form_errors(response) -> str:
    form = response.context["adminform"].form
    return " ".join(str(message) for messages in form.errors.values() for message in messages)


def test_a_pdf_is_stored_under_the_portals_name_with_a_cover_from_its_first_page(
    admin_client, settings
):
    response = admin_client.post(
        ADD, resource_form(upload=upload("My Primer (final) v3.PDF", samples.pdf_bytes()))
    )

    assert response.status_code == 302, form_errors(response)
    resource = Resource.objects.get(slug="fiscal-primer")
    assert resource.content_type == "application/pdf" and resource.file_format == "PDF"
    assert resource.file_size == len(samples.pdf_bytes())
    assert resource.file.name.startswith(resource.file_sha256[:2] + "/fiscal-primer-")
    assert resource.file.name.endswith(".pdf") and "final" not in resource.file.name
    # Kept outside the media that /media/ serves.
    assert stored_files(settings) == [Path(settings.LIBRARY_FILES_ROOT) / resource.file.name]
    with Image.open(resource.cover.path) as cover:
        assert cover.size == COVER_SIZE and cover.format == "JPEG"
        # The page's dark band at the top is drawn, not a blank placeholder.
        assert cover.getpixel((COVER_SIZE[0] // 2, 10))[2] > cover.getpixel((5, 5))[0] - 50
        assert sum(cover.getpixel((COVER_SIZE[0] // 2, 10))) < 300


@pytest.mark.parametrize(
    ("kind", "label"),
    [("docx", "Word"), ("xlsx", "Excel"), ("pptx", "PowerPoint"), ("csv", "CSV")],
)
def test_office_files_and_csv_are_recognised_by_content(admin_client, kind, label):
    content = samples.csv_bytes() if kind == "csv" else samples.ooxml_bytes(kind)

    # Named wrongly on purpose: the content decides.
    response = admin_client.post(ADD, resource_form(upload=upload("data.bin", content)))

    assert response.status_code == 302, form_errors(response)
    resource = Resource.objects.get(slug="fiscal-primer")
    assert resource.file_format == label and resource.file.name.endswith(f".{kind}")
    assert not resource.cover  # the placeholder of its type shows


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("primer.pdf", samples.EXECUTABLE),  # a renamed executable
        ("primer.pdf", samples.HTML_PAGE),  # an HTML page named .pdf
        ("data.csv", samples.HTML_PAGE),
        ("report.docx", samples.plain_zip()),  # a ZIP that is no Word file
        ("primer.pdf", samples.pdf_bytes()[:-200]),  # a PDF cut short
        ("primer.pdf", b""),
    ],
    ids=["executable", "html-as-pdf", "html-as-csv", "zip-as-docx", "truncated-pdf", "empty"],
)
def test_a_wrong_file_is_refused_with_a_clear_error_and_nothing_saved(
    admin_client, settings, name, content
):
    response = admin_client.post(
        ADD, resource_form(upload=upload(name, content, "application/pdf"))
    )

    assert response.status_code == 200
    assert form_errors(response)
    assert "upload" in response.context["adminform"].form.errors
    assert not Resource.objects.exists()
    assert stored_files(settings) == [] and media_files(settings) == []


def test_an_oversized_file_is_refused_saying_the_limit(admin_client, settings):
    settings.LIBRARY_MAX_FILE_BYTES = 50_000
    big = samples.pdf_bytes(pages=12)
    assert len(big) > 50_000

    response = admin_client.post(ADD, resource_form(upload=upload("big.pdf", big)))

    assert response.status_code == 200
    assert "the library takes files up to 48.8\xa0KB" in form_errors(response)
    assert not Resource.objects.exists() and stored_files(settings) == []


def test_a_decompression_bomb_cover_is_refused_and_nothing_saved(admin_client, settings):
    response = admin_client.post(
        ADD,
        resource_form(
            upload=upload("primer.pdf", samples.pdf_bytes()),
            cover_image=upload("cover.png", samples.bomb_png(), "image/png"),
        ),
    )

    assert response.status_code == 200
    assert "megapixels" in form_errors(response)
    assert not Resource.objects.exists()
    assert stored_files(settings) == [] and media_files(settings) == []


def test_an_uploaded_cover_replaces_the_first_page(admin_client):
    response = admin_client.post(
        ADD,
        resource_form(
            upload=upload("primer.pdf", samples.pdf_bytes()),
            cover_image=upload("cover.png", samples.png_bytes(colour=(200, 80, 40)), "image/png"),
        ),
    )

    assert response.status_code == 302, form_errors(response)
    resource = Resource.objects.get(slug="fiscal-primer")
    with Image.open(resource.cover.path) as cover:
        red, green, blue = cover.getpixel((COVER_SIZE[0] // 2, COVER_SIZE[1] // 2))
        assert red > 180 and green < 110 and blue < 70


def test_a_file_or_a_link_is_required_and_not_both(admin_client):
    neither = admin_client.post(ADD, resource_form())
    both = admin_client.post(
        ADD,
        resource_form(
            upload=upload("primer.pdf", samples.pdf_bytes()),
            external_url="https://example.org/primer.pdf",
        ),
    )

    assert "Upload a file or give an external link." in form_errors(neither)
    assert "not both" in form_errors(both)
    assert not Resource.objects.exists()


def test_a_link_alone_is_enough(admin_client):
    response = admin_client.post(
        ADD, resource_form(external_url="https://www.oecd.org/sng-observatory.pdf")
    )

    assert response.status_code == 302, form_errors(response)
    assert Resource.objects.get().external_url == "https://www.oecd.org/sng-observatory.pdf"


def test_a_new_file_replaces_the_old_one_in_storage(
    admin_client, settings, django_capture_on_commit_callbacks
):
    admin_client.post(ADD, resource_form(upload=upload("one.pdf", samples.pdf_bytes("One"))))
    resource = Resource.objects.get()
    first = resource.file.name

    # The old file goes once the change commits (a download may be reading it until then).
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:library_resource_change", args=[resource.pk]),
            resource_form(upload=upload("two.pdf", samples.pdf_bytes("Two"))),
        )

    assert response.status_code == 302, form_errors(response)
    resource.refresh_from_db()
    assert resource.file.name != first
    assert stored_files(settings) == [Path(settings.LIBRARY_FILES_ROOT) / resource.file.name]


def test_a_failure_after_the_file_was_written_leaves_no_file_behind(
    admin_client, settings, monkeypatch
):
    from library.admin import ResourceAdmin

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(ResourceAdmin, "save_related", fail)
    admin_client.raise_request_exception = True

    with pytest.raises(RuntimeError):
        admin_client.post(ADD, resource_form(upload=upload("primer.pdf", samples.pdf_bytes())))

    assert not Resource.objects.exists()
    assert stored_files(settings) == [] and media_files(settings) == []


def test_a_later_edition_becomes_the_current_one(admin_client):
    from tests.library.factories import ResourceFactory

    first = ResourceFactory(edition_number=1)

    response = admin_client.post(
        ADD,
        resource_form(
            external_url="https://example.org/second.pdf",
            edition="Second edition",
            edition_number="2",
            first_edition=str(first.pk),
        ),
    )

    assert response.status_code == 302, form_errors(response)
    first.refresh_from_db()
    second = Resource.objects.get(slug="fiscal-primer")
    assert second.is_current_edition and not first.is_current_edition
    assert list(Resource.objects.current_editions()) == [second]
    assert list(Resource.objects.editions_of(first)) == [second, first]
