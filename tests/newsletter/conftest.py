import pytest
from django.core import mail

from tests.newsletter.factories import newsletter_list


@pytest.fixture
def newsletter(db):
    return newsletter_list()


@pytest.fixture
def outbox():
    """The messages sent during the test, emptied first."""
    mail.outbox = []
    return mail.outbox


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Runs the callbacks a block registers with on_commit (the mail it enqueues), eagerly."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
