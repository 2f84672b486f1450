"""The library's main path in a real browser: a visitor filters the library, opens a primer
and downloads it; the count rises by one, and by none on a second download the same day."""

import pytest
from playwright.sync_api import Page, expect

from library.models import DownloadTally, Resource
from taxonomy.models import Language
from tests.library.factories import ResourceFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def primer(transactional_db):
    # Made before `page`, so before Playwright starts (see tests/browser/conftest.py).
    ResourceFactory(
        title="LoGICA Framework",
        slug="logica-framework",
        kind=Resource.Kind.FRAMEWORK,
        with_pdf=True,
    )
    ResourceFactory(
        title="Primer sur la décentralisation",
        slug="primer-fr",
        language=Language.objects.get(code="fr"),
    )
    return ResourceFactory(
        title="A Primer on Fiscal Decentralization",
        slug="fiscal-decentralization-primer",
        summary="Who spends, who taxes, and how transfers close the gap.",
        with_pdf=True,
    )


def download_once(page: Page) -> bytes:
    with page.expect_download() as started:
        page.get_by_role("link", name="Download").click()
    download = started.value
    return open(download.path(), "rb").read()


def test_a_visitor_filters_opens_a_primer_and_downloads_it_once_a_day(
    primer, page: Page, screenshots
):
    page.goto("/library/")
    filters = page.get_by_role("search", name="Search and filter the library")
    filters.get_by_role("group", name="Type").get_by_label("Primer").check()
    filters.get_by_role("group", name="Language").get_by_label("English").check()
    filters.get_by_role("button", name="Show resources").click()

    # The filters live in the URL; only the English primer is left.
    assert "kind=primer" in page.url
    results = page.get_by_role("region", name="1 resource")
    expect(results.get_by_role("link", name=primer.title)).to_be_visible()
    expect(page.get_by_role("link", name="LoGICA Framework")).to_have_count(0)
    screenshots(page, "library-filtered")

    page.get_by_role("link", name=primer.title).click()
    expect(page.get_by_role("heading", name=primer.title, level=1)).to_be_visible()
    # The file's type and size show before the click.
    expect(page.locator(".file-facts").first).to_contain_text("PDF")
    screenshots(page, "library-resource")

    body = download_once(page)
    assert body.startswith(b"%PDF") and len(body) == primer.file_size
    primer.refresh_from_db()
    assert primer.download_count == 1
    page.reload()
    expect(page.get_by_text("1 download", exact=True)).to_be_visible()

    download_once(page)
    primer.refresh_from_db()
    assert primer.download_count == 1
    tally = DownloadTally.objects.get(resource=primer)
    assert (tally.raw, tally.unique) == (2, 1)
    page.reload()
    expect(page.get_by_text("1 download", exact=True)).to_be_visible()
    assert not screenshots.overflowing, screenshots.overflowing
