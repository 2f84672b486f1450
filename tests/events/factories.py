from datetime import timedelta

import factory
from django.utils import timezone

from events.models import Event, Registration
from tests.members.factories import MemberFactory


class EventFactory(factory.django.DjangoModelFactory):
    """A public online webinar a month from now, two hours long, set in London."""

    class Meta:
        model = Event
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Webinar {n}: own-source revenue")
    slug = factory.Sequence(lambda n: f"webinar-{n}")
    kind = Event.Kind.WEBINAR
    summary = "How cities raise their own revenue."
    description = "Three practitioners compare property tax reforms."
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + timedelta(days=30)).replace(minute=0, second=0, microsecond=0)
    )
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + timedelta(hours=2))
    time_zone = "Europe/London"
    format = Event.Format.ONLINE
    join_url = factory.Sequence(lambda n: f"https://meet.example.org/j/{n:09d}")


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed registration; a visitor's unless `user` is given (then pass its email too)."""

    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Registrant {n}")
    email = factory.Sequence(lambda n: f"registrant{n}@example.org")
    status = Registration.Status.CONFIRMED
    confirmed_at = factory.LazyFunction(timezone.now)


class MemberRegistrationFactory(RegistrationFactory):
    """A member's confirmed registration."""

    user = factory.SubFactory(MemberFactory)
    name = factory.LazyAttribute(lambda registration: registration.user.profile.full_name)
    email = factory.LazyAttribute(lambda registration: registration.user.email.lower())
