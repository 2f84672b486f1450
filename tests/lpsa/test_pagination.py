import re

import pytest
from django.core.paginator import EmptyPage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lpsa.pagination import CappedCountPaginator
from members.models import Profile
from tests.members.conftest import bulk_create_members
from tests.members.factories import MemberFactory

pytestmark = pytest.mark.django_db

DIRECTORY = reverse("members:directory")


class SmallCap(CappedCountPaginator):
    count_cap = 5


def test_total_is_exact_up_to_the_cap():
    bulk_create_members(5)
    paginator = SmallCap(Profile.objects.order_by("pk"), per_page=2)

    assert paginator.count == 5
    assert not paginator.is_capped
    assert paginator.count_display == "5"
    assert paginator.num_pages == 3


def test_total_past_the_cap_reads_cap_plus_and_the_count_stops_at_the_cap():
    bulk_create_members(12)
    paginator = SmallCap(Profile.objects.order_by("pk"), per_page=2)

    with CaptureQueriesContext(connection) as queries:
        assert paginator.count == 6
    assert paginator.is_capped
    assert paginator.count_display == "5+"
    assert paginator.num_pages is None
    # The database counts at most cap + 1 rows, whatever the table holds.
    assert re.search(r"LIMIT 6\b", queries[0]["sql"])


def test_pages_past_the_cap_still_page_through_every_row():
    bulk_create_members(12)
    paginator = SmallCap(Profile.objects.order_by("pk"), per_page=5)
    seen = []
    number = 1
    while True:
        page = paginator.page(number)
        seen += [profile.pk for profile in page]
        if not page.has_next():
            break
        number += 1

    assert number == 3
    assert seen == list(Profile.objects.order_by("pk").values_list("pk", flat=True))
    with pytest.raises(EmptyPage):
        paginator.page(4)
    with pytest.raises(EmptyPage):
        paginator.page(0)


def test_directory_shows_a_capped_total_as_cap_plus(member_client, settings, monkeypatch):
    monkeypatch.setattr(CappedCountPaginator, "count_cap", 20)
    bulk_create_members(30)

    response = member_client.get(DIRECTORY)

    assert b"20+ members found" in response.content
    assert b"Page 1</span>" in response.content
    assert b'rel="next"' in response.content


def test_a_member_who_just_joined_is_on_the_last_page_at_once(member_client, member):
    # Page size 24: the demo member plus 23 others fill page one; the next member to join
    # must appear on page two even right after the directory was viewed.
    bulk_create_members(23)
    assert member_client.get(DIRECTORY, {"page": 2}).status_code == 404
    first = member_client.get(DIRECTORY)
    assert b"24 members found" in first.content

    newcomer = MemberFactory(profile__full_name="Zainab Zongo")

    second_page = member_client.get(DIRECTORY, {"page": 2})
    assert second_page.status_code == 200
    assert [p.pk for p in second_page.context["profiles"]] == [newcomer.profile.pk]
    assert b"25 members found" in member_client.get(DIRECTORY).content


def test_a_page_far_past_the_end_is_a_404_not_an_error(member_client, member):
    assert member_client.get(DIRECTORY, {"page": 10**9}).status_code == 404
    assert member_client.get(DIRECTORY, {"page": "x"}).status_code == 404
