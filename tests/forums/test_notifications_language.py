"""Forum emails are written in each recipient's language (Profile.language, else the site's
default), whatever language the worker or the request happens to run in."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation

from forums import notifications
from forums.models import MemberSettings, Notification, NotificationFrequency, Watch
from tests.forums.factories import PostFactory, TopicFactory
from tests.members.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_site(settings):
    settings.LANGUAGE_CODE = "en"


def reply_for(*members, topic=None):
    """One reply in a topic the members watch, due to be emailed."""
    topic = topic or TopicFactory(title="Property tax")
    for member in members:
        Watch.objects.create(user=member, topic=topic)
    notifications.post_created(post=PostFactory(topic=topic))
    earlier = timezone.now() - notifications.notification_interval() - timedelta(seconds=1)
    Notification.objects.update(created_at=earlier)
    return topic


def email_to(member):
    (message,) = [message for message in mail.outbox if message.to == [member.email]]
    return message


def test_a_french_member_gets_the_notification_in_french_while_the_site_is_english():
    french = MemberFactory(profile__language="fr")
    reply_for(french)

    assert notifications.deliver_notifications(user_id=french.pk) is True

    message = email_to(french)
    assert message.subject == "[LPSA] 1 nouveau message dans « Property tax »"
    assert "Il y a 1 nouveau message pour vous sur les forums de LPSA." in message.body
    assert "Une réponse dans un sujet que vous suivez" in message.body  # the reason
    assert "Le lire\N{NO-BREAK SPACE}:" in message.body
    html = message.alternatives[0][0]
    assert '<html lang="fr"' in html


def test_a_member_without_a_choice_gets_the_default_even_from_a_french_worker():
    english, french = MemberFactory(), MemberFactory(profile__language="fr")
    reply_for(english, french)

    with translation.override("fr"):
        notifications.deliver_notifications(user_id=english.pk)
    with translation.override("en"):
        notifications.deliver_notifications(user_id=french.pk)

    assert email_to(english).subject == "[LPSA] 1 new post in “Property tax”"
    assert "There is 1 new post for you in the LPSA forums." in email_to(english).body
    assert email_to(french).subject.startswith("[LPSA] 1 nouveau message")


def test_the_daily_digest_is_in_the_members_language():
    french = MemberFactory(profile__language="fr")
    MemberSettings.objects.create(user=french, frequency=NotificationFrequency.DAILY)
    reply_for(french)

    morning = datetime(2026, 6, 15, 6, 5, tzinfo=UTC)
    assert notifications.deliver_digest(user_id=french.pk, now=morning) is True

    message = email_to(french)
    assert message.subject == (
        "[LPSA] Votre récapitulatif quotidien des forums : 1 nouveau message"
    )
    assert "Voici 1 nouveau message" in message.body
