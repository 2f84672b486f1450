from datetime import timedelta

import factory
from django.utils import timezone

from events.models import Event, Registration


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Webinar {n}: fiscal transfers")
    slug = factory.Sequence(lambda n: f"webinar-{n}")
    kind = Event.Kind.WEBINAR
    summary = "How transfers follow functions."
    time_zone = "Europe/London"
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + timedelta(minutes=90))
    join_url = "https://meet.example.org/secret-room"


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Registrant {n}")
    email = factory.Sequence(lambda n: f"registrant{n}@example.org")
    status = Registration.Status.CONFIRMED
    confirmed_at = factory.LazyFunction(timezone.now)
