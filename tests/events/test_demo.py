import pytest
from django.core.management import call_command
from django.utils import timezone

from events.models import Event, Registration
from lpsa.demo_logins import DEMO_MEMBER


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_the_demo_calendar_has_webinars_and_meetings_past_and_to_come():
    call_command("seed_demo", members=60, events=30, verbosity=0, stdout=None)

    events = Event.objects.all()
    assert events.count() == 30
    assert events.filter(kind=Event.Kind.MEETING, working_group__isnull=False).exists()
    assert events.filter(kind=Event.Kind.WEBINAR, working_group__isnull=True).exists()
    assert events.past().exclude(recording_url="").exists()
    assert events.upcoming(timezone.now()).exists()
    assert Registration.objects.filter(attended=True).exists()
    assert Registration.objects.filter(email=DEMO_MEMBER.email, event__slug="demo-event-0").exists()

    call_command("seed_demo", members=60, events=40, verbosity=0, stdout=None)
    assert Event.objects.count() == 40  # the first 30 kept, 10 added
