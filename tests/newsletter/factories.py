from datetime import timedelta

import factory
from django.utils import timezone

from newsletter.models import (
    ConsentRecord,
    Issue,
    IssueSection,
    MailingList,
    Subscriber,
    Subscription,
)


def newsletter_list() -> MailingList:
    """The LPSA newsletter list, made by migration newsletter/0002."""
    return MailingList.objects.get(kind=MailingList.Kind.NEWSLETTER)


def events_list() -> MailingList:
    return MailingList.objects.get(kind=MailingList.Kind.EVENTS)


class SubscriberFactory(factory.django.DjangoModelFactory):
    """A confirmed subscriber (the address proven)."""

    class Meta:
        model = Subscriber
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"reader{n}@example.org")
    name = factory.Sequence(lambda n: f"Reader {n}")
    confirmed_at = factory.LazyFunction(timezone.now)


class SubscriptionFactory(factory.django.DjangoModelFactory):
    """An active subscription to the LPSA newsletter."""

    class Meta:
        model = Subscription

    subscriber = factory.SubFactory(SubscriberFactory)
    mailing_list = factory.LazyFunction(newsletter_list)
    status = Subscription.Status.SUBSCRIBED
    subscribed_at = factory.LazyFunction(timezone.now)


class IssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Issue

    mailing_list = factory.LazyFunction(newsletter_list)
    subject = factory.Sequence(lambda n: f"LPSA newsletter no. {n}")
    slug = factory.Sequence(lambda n: f"lpsa-newsletter-{n}")
    preheader = "New posts, webinars and resources on local governance."
    intro = "Dear members,\n\nHere is what is new in the Alliance."


class IssueSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IssueSection

    issue = factory.SubFactory(IssueFactory)
    position = factory.Sequence(int)
    heading = factory.Sequence(lambda n: f"Section {n}")
    body = "Fiscal transfers to local governments, compared across twelve countries."
    link_url = "https://lpsa.example/blog/fiscal-transfers/"
    link_label = "Read the post"


class ConsentRecordFactory(factory.django.DjangoModelFactory):
    """A subscriber's request through the subscription form."""

    class Meta:
        model = ConsentRecord

    subscriber = factory.SubFactory(SubscriberFactory)
    mailing_list = factory.LazyFunction(newsletter_list)
    action = ConsentRecord.Action.REQUESTED
    method = ConsentRecord.Method.FORM
    source = "/newsletter/"
    ip_address = "203.0.113.7"
    wording = "Send me the LPSA newsletter every two months."


class SentIssueFactory(IssueFactory):
    """An issue that went out a week ago."""

    status = Issue.Status.SENT
    started_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=7))
    finished_at = factory.LazyAttribute(lambda issue: issue.started_at + timedelta(minutes=10))
    recipient_count = 0
    html = "<p>Sent.</p>"
    text = "Sent."


def subscriptions(count: int, *, mailing_list: MailingList | None = None) -> list[Subscription]:
    """`count` active subscriptions to `mailing_list` (the newsletter), in two bulk inserts."""
    mailing_list = mailing_list or newsletter_list()
    now = timezone.now()
    start = Subscriber.objects.count()
    subscribers = Subscriber.objects.bulk_create(
        Subscriber(email=f"bulk{start + n}@example.org", confirmed_at=now) for n in range(count)
    )
    return Subscription.objects.bulk_create(
        Subscription(
            subscriber=subscriber,
            mailing_list=mailing_list,
            status=Subscription.Status.SUBSCRIBED,
            subscribed_at=now,
        )
        for subscriber in subscribers
    )


class PendingSubscriberFactory(SubscriberFactory):
    """An address that asked and has not confirmed yet."""

    confirmed_at = None


def subscribe(subscriber, mailing_list=None, status=Subscription.Status.SUBSCRIBED):
    return SubscriptionFactory(
        subscriber=subscriber,
        mailing_list=mailing_list or newsletter_list(),
        status=status,
        subscribed_at=timezone.now() if status == Subscription.Status.SUBSCRIBED else None,
    )
