import pytest


@pytest.fixture(autouse=True)
def _database(db):
    """Every test here reads or writes events."""
