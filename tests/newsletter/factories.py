import factory
from django.utils import timezone

from newsletter.models import Issue, IssueSection, MailingList, Subscriber, Subscription


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


class PendingSubscriberFactory(SubscriberFactory):
    """An address that asked and has not confirmed yet."""

    confirmed_at = None


class SentIssueFactory(IssueFactory):
    """An issue that went out and is in the public archive."""

    status = Issue.Status.SENT
    started_at = factory.LazyFunction(timezone.now)
    finished_at = factory.LazyFunction(timezone.now)
    html = "<p>Sent.</p>"
    text = "Sent."


def subscribe(subscriber, mailing_list=None, status=Subscription.Status.SUBSCRIBED):
    return SubscriptionFactory(
        subscriber=subscriber,
        mailing_list=mailing_list or newsletter_list(),
        status=status,
        subscribed_at=timezone.now() if status == Subscription.Status.SUBSCRIBED else None,
    )
