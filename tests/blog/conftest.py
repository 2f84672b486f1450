from datetime import timedelta

import pytest
from django.utils import timezone

from tests.blog.factories import BlogPageFactory


@pytest.fixture
def dated_posts(db):
    """A post published `days_ago` days ago (BlogPageFactory's other arguments as given)."""

    def make(days_ago: float, **fields):
        return BlogPageFactory(
            first_published_at=timezone.now() - timedelta(days=days_ago), **fields
        )

    return make
