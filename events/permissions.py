"""Who may do what with an event: named predicates that the views and templates ask.

Which events a person may open at all is a lookup scope, `Event.objects.visible_to(user)`."""

from events.models import Event, Registration
from working_groups.models import Membership
from working_groups.permissions import group_roles

# A visitor who confirmed a registration in this browser: its id, kept in their session, so
# the event's page shows them their registration and the join link.
VISITOR_REGISTRATIONS_KEY = "events_registrations"
ACTIVE = (Registration.Status.CONFIRMED, Registration.Status.WAITLISTED)


def own_registration(user, event: Event, *, session=None) -> Registration | None:
    """The viewer's registration for `event` that still counts: a member's by account, a
    visitor's by the confirmations made in this browser."""
    registrations = Registration.objects.filter(event=event, status__in=ACTIVE)
    if user.is_authenticated:
        return registrations.filter(email=user.email.lower()).first()
    confirmed_here = (session or {}).get(VISITOR_REGISTRATIONS_KEY) or []
    if not confirmed_here:
        return None
    return registrations.filter(pk__in=confirmed_here).first()


def can_register(user, event: Event, registration: Registration | None) -> bool:
    return registration is None and event.why_registration_is_closed() is None


def sees_join_link(registration: Registration | None) -> bool:
    """The join link is for confirmed registrants only: never on the waitlist, never public."""
    return registration is not None and registration.status == Registration.Status.CONFIRMED


def can_manage_event(user, event: Event) -> bool:
    """Staff; for a working group's event, also its co-chairs."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_staff:
        return True
    return event.working_group_id is not None and (
        group_roles(user).get(event.working_group_id) == Membership.Role.CO_CHAIR
    )


def co_chaired_groups(user) -> list[int]:
    """The groups whose events `user` organises as a co-chair."""
    return [
        group_id for group_id, role in group_roles(user).items() if role == Membership.Role.CO_CHAIR
    ]
