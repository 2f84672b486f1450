import pytest

from taxonomy.models import Language


@pytest.fixture(autouse=True)
def _database(db):
    """Every test here reads or writes the library."""


@pytest.fixture
def admin_client(staff_client, staff):
    """Staff who may add and change resources (the portal's staff are superusers)."""
    staff.is_superuser = True
    staff.save(update_fields=["is_superuser"])
    return staff_client


def resource_form(**fields) -> dict:
    """What the admin's resource form posts, with its empty inlines."""
    form = {
        "title": "A Primer on Fiscal Decentralization",
        "slug": "fiscal-primer",
        "kind": "primer",
        "summary": "Who spends, who taxes, and how transfers close the gap.",
        "publisher": "Local Public Sector Alliance",
        "year": "2024",
        "language": str(Language.objects.get(code="en").pk),
        "edition_number": "1",
        "licence": "cc-by-4.0",
        "access": "open",
        "external_url": "",
    }
    for prefix in ("authorships", "countries"):
        form |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return form | fields
