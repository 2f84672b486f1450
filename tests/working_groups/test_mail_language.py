"""Working groups' mails go out in each recipient's language (members.languages)."""

import pytest
from django.core import mail
from django.utils import translation

from tests.members.factories import MemberFactory
from tests.working_groups.factories import CoChairFactory, MembershipFactory, WorkingGroupFactory
from working_groups import services
from working_groups.models import Announcement, JoinRequest, WorkingGroup

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_site(settings):
    settings.LANGUAGE_CODE = "en"


def test_the_welcome_is_in_the_new_members_language():
    group = WorkingGroupFactory(name="Climat")
    french = MemberFactory(profile__language="fr")
    membership = MembershipFactory(group=group, user=french)

    services.send_welcome_message(membership_id=membership.pk)

    (message,) = mail.outbox
    assert message.subject == "[LPSA] Bienvenue dans le groupe de travail Climat"
    assert "Bienvenue dans le groupe de travail Climat de la Local Public Sector" in " ".join(
        message.body.split()
    )


@pytest.mark.parametrize(
    ("language", "subject"),
    [
        (
            "fr",
            "[LPSA] Votre demande d\N{RIGHT SINGLE QUOTATION MARK}adhésion"
            " au groupe de travail Urban",
        ),
        ("", "[LPSA] Your request to join the Urban working group"),
    ],
)
def test_a_refusal_is_in_the_requesters_language(language, subject):
    group = WorkingGroupFactory(name="Urban", join_policy=WorkingGroup.JoinPolicy.REQUEST)
    chair = CoChairFactory(group=group).user
    requester = MemberFactory(profile__language=language)
    join_request = JoinRequest.objects.create(group=group, user=requester)
    services.refuse_join_request(join_request=join_request, decided_by=chair)

    # Whatever the worker's language, the requester's is used.
    with translation.override("en" if language else "fr"):
        services.send_join_decision(join_request_id=join_request.pk)

    assert [message.subject for message in mail.outbox] == [subject]


def test_an_announcement_to_a_mixed_group_reaches_each_member_in_their_language():
    group = WorkingGroupFactory(name="Urban")
    chair = CoChairFactory(group=group).user
    french = MemberFactory(profile__language="fr")
    english = MemberFactory(profile__language="en")
    no_choice = MemberFactory()
    for member in (french, english, no_choice):
        MembershipFactory(group=group, user=member)
    announcement = Announcement.objects.create(
        group=group, author=chair, subject="Réunion de juin", body="Le 12 juin."
    )

    with translation.override("fr"):
        services.deliver_announcement(announcement_id=announcement.pk)

    bodies = {message.to[0]: message.body for message in mail.outbox}
    french_intro = "Une annonce de la coprésidence du groupe de travail Urban\N{NO-BREAK SPACE}:"
    english_intro = "An announcement from the co-chairs of the Urban working group:"
    assert french_intro in bodies[french.email]
    assert english_intro in bodies[english.email]
    assert english_intro in bodies[no_choice.email]
    # The co-chairs' own words go to everyone as written.
    assert all("Réunion de juin" in body and "Le 12 juin." in body for body in bodies.values())
