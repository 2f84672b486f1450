"""Two workers claiming the same issue's deliveries at once never claim the same one."""

import threading
import uuid

import pytest
from django.db import connection, connections
from django.utils import timezone

from newsletter import sending
from newsletter.models import Delivery, Subscriber, Subscription
from tests.newsletter.factories import IssueFactory, newsletter_list

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_concurrent_claims_are_disjoint_and_cover_every_delivery(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("SKIP LOCKED is PostgreSQL's; SQLite serializes writes instead")
    now = timezone.now()
    subscribers = Subscriber.objects.bulk_create(
        Subscriber(email=f"r{n}@example.org", confirmed_at=now) for n in range(400)
    )
    Subscription.objects.bulk_create(
        Subscription(
            subscriber=s, mailing_list=newsletter_list(), status=Subscription.Status.SUBSCRIBED
        )
        for s in subscribers
    )
    issue = IssueFactory(status="sending", recipient_count=0)
    sending._record_deliveries(issue)

    claimed: dict[str, list[int]] = {}
    start = threading.Barrier(4)

    def worker(name: str) -> None:
        mine = claimed.setdefault(name, [])
        start.wait()
        try:
            while batch := sending.claim_batch(issue_id=issue.pk, claim=uuid.uuid4(), size=7):
                mine.extend(delivery.pk for delivery in batch)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(f"w{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    every = [pk for batch in claimed.values() for pk in batch]
    assert len(every) == len(set(every)) == 400, "each delivery claimed once, none left"
    assert sum(1 for batch in claimed.values() if batch) > 1, "the claims really interleaved"
    assert Delivery.objects.filter(issue=issue, status="claimed").count() == 400
