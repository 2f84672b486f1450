"""Writes to working groups: joining, leaving, requests to join and their decisions, and
announcements. Mail goes out from the worker (working_groups/tasks.py) after commit."""

import hashlib

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lpsa.mail import build_email, send_once
from members.languages import mail_language
from members.models import User
from members.photos import cover_rendition, open_validated_image
from working_groups import permissions
from working_groups.models import (
    GROUP_IMAGE_SIZE,
    Announcement,
    AnnouncementDelivery,
    JoinRequest,
    Membership,
    WorkingGroup,
)


def set_group_image(*, group: WorkingGroup, uploaded) -> None:
    """Stores an upload (checked already with `members.photos.open_validated_image`, or made
    by the demo) as the group's image: one cover rendition under a name the portal chooses,
    without the file's metadata; the previous image is deleted."""
    image = open_validated_image(uploaded, largest=max(GROUP_IMAGE_SIZE))
    previous = group.image.name if group.image else ""
    rendition = cover_rendition(image, GROUP_IMAGE_SIZE, "")
    # Named from its content: a new image gets a new address (no stale copy in a browser's
    # cache), and seeding the same demo twice writes the same rows.
    rendition.name = f"{group.slug}-{hashlib.sha256(rendition.read()).hexdigest()[:12]}.jpg"
    group.image.save(rendition.name, rendition, save=False)
    group.save(update_fields=["image", "updated_at"])
    if previous and previous != group.image.name:
        group.image.storage.delete(previous)


class GroupActionRefused(PermissionDenied):
    """A join, leave or decision that the group's rules refuse; its message says why."""


@transaction.atomic
def join_working_group(*, group: WorkingGroup, user: User) -> Membership:
    """Makes `user` a member of an open group (or returns their membership) and welcomes them."""
    if not permissions.can_view_group(user, group):
        raise GroupActionRefused(_("This group is not open to you."))
    existing = Membership.objects.filter(group=group, user=user).first()
    if existing is not None:
        return existing
    if group.join_policy != WorkingGroup.JoinPolicy.OPEN:
        raise GroupActionRefused(
            _("Its co-chairs approve new members of this group: ask to join instead.")
        )
    return _add_member(group=group, user=user)


def _add_member(*, group: WorkingGroup, user: User) -> Membership:
    from working_groups.tasks import send_welcome_message

    try:
        with transaction.atomic():
            membership = Membership.objects.create(group=group, user=user)
    except IntegrityError:
        # A second click that raced the first: they are a member once.
        return Membership.objects.get(group=group, user=user)
    transaction.on_commit(lambda: send_welcome_message.delay(membership.pk))
    return membership


@transaction.atomic
def leave_working_group(*, group: WorkingGroup, user: User) -> None:
    # The group's row is locked so that two co-chairs leaving at once cannot both pass the
    # check and leave the group with none.
    WorkingGroup.objects.select_for_update().filter(pk=group.pk).first()
    membership = Membership.objects.filter(group=group, user=user).first()
    if membership is None:
        raise GroupActionRefused(_("You are not a member of this group."))
    if (
        membership.is_co_chair
        and not Membership.objects.co_chairs().filter(group=group).exclude(user=user).exists()
    ):
        raise GroupActionRefused(
            _(
                "You are this group's last co-chair, so you cannot leave it yet: ask the "
                "Alliance's staff to name another co-chair first."
            )
        )
    membership.delete()


@transaction.atomic
def request_to_join(*, group: WorkingGroup, user: User, message: str = "") -> JoinRequest:
    if not permissions.can_view_group(user, group):
        raise GroupActionRefused(_("This group is not open to you."))
    if group.join_policy != WorkingGroup.JoinPolicy.REQUEST:
        raise GroupActionRefused(_("This group is open: join it in one click."))
    if Membership.objects.filter(group=group, user=user).exists():
        raise GroupActionRefused(_("You are already a member of this group."))
    try:
        with transaction.atomic():
            return JoinRequest.objects.create(group=group, user=user, message=message)
    except IntegrityError:
        raise GroupActionRefused(
            _("You have already asked to join this group; its co-chairs will answer soon.")
        ) from None


def _decide(*, join_request: JoinRequest, decided_by: User, status: str) -> JoinRequest:
    from working_groups.tasks import send_join_decision

    join_request = (
        JoinRequest.objects.select_for_update().select_related("group").get(pk=join_request.pk)
    )
    if not permissions.can_manage_group(decided_by, join_request.group):
        raise GroupActionRefused(_("Only the group's co-chairs decide on requests to join."))
    if join_request.status != JoinRequest.Status.PENDING:
        raise GroupActionRefused(_("This request has already been answered."))
    join_request.status = status
    join_request.decided_by = decided_by
    join_request.decided_at = timezone.now()
    join_request.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    transaction.on_commit(lambda: send_join_decision.delay(join_request.pk))
    return join_request


@transaction.atomic
def approve_join_request(*, join_request: JoinRequest, decided_by: User) -> JoinRequest:
    """The requester becomes a member (and is welcomed) and is told so by email."""
    join_request = _decide(
        join_request=join_request, decided_by=decided_by, status=JoinRequest.Status.APPROVED
    )
    _add_member(group=join_request.group, user=join_request.user)
    return join_request


@transaction.atomic
def refuse_join_request(*, join_request: JoinRequest, decided_by: User) -> JoinRequest:
    return _decide(
        join_request=join_request, decided_by=decided_by, status=JoinRequest.Status.REFUSED
    )


@transaction.atomic
def send_announcement(
    *, group: WorkingGroup, author: User, subject: str, body: str
) -> Announcement:
    """Records the announcement; the worker emails every member (deliver_announcement)."""
    from working_groups.tasks import deliver_announcement

    if not permissions.can_manage_group(author, group):
        raise GroupActionRefused(_("Only the group's co-chairs send announcements."))
    announcement = Announcement.objects.create(
        group=group, author=author, subject=subject, body=body
    )
    transaction.on_commit(lambda: deliver_announcement.delay(announcement.pk))
    return announcement


# --- Mail, sent by the worker ------------------------------------------------------------------


def _url(path: str) -> str:
    return settings.SITE_URL + path


def _recipient(user_id: int) -> User:
    # With the profile: the name and the language of the mail are both on it.
    return User.objects.select_related("profile").get(pk=user_id)


def send_welcome_message(*, membership_id: int) -> bool:
    def build(membership: Membership):
        group = WorkingGroup.objects.get(pk=membership.group_id)
        user = _recipient(membership.user_id)
        language = mail_language(user)
        with translation.override(language):
            return build_email(
                template="working_groups/welcome",
                context={
                    "group": group,
                    "name": user.get_full_name(),
                    "group_url": _url(group.get_absolute_url()),
                },
                subject=_("Welcome to the %(group)s working group") % {"group": group.name},
                to=[user.email],
                language=language,
            )

    return send_once(model=Membership, pk=membership_id, build=build, stamp="welcome_sent_at")


def send_join_decision(*, join_request_id: int) -> bool:
    def build(join_request: JoinRequest):
        group = WorkingGroup.objects.get(pk=join_request.group_id)
        user = _recipient(join_request.user_id)
        approved = join_request.status == JoinRequest.Status.APPROVED
        language = mail_language(user)
        with translation.override(language):
            subject = (
                _("You are now a member of the %(group)s working group")
                if approved
                else _("Your request to join the %(group)s working group")
            )
            return build_email(
                template="working_groups/join_decision",
                context={
                    "group": group,
                    "approved": approved,
                    "name": user.get_full_name(),
                    "group_url": _url(group.get_absolute_url()),
                },
                subject=subject % {"group": group.name},
                to=[user.email],
                language=language,
            )

    return send_once(model=JoinRequest, pk=join_request_id, build=build)


def deliver_announcement(*, announcement_id: int) -> int:
    """Emails the announcement to each member once; returns how many this call sent.

    The recipients are recorded first, in one transaction with `recipient_count`: members who
    join while it is being sent do not get it, and a retry after a crash (or a redelivered task)
    finds the list made and sends only the deliveries not yet stamped.
    """
    with transaction.atomic():
        announcement = (
            Announcement.objects.select_for_update().select_related("group").get(pk=announcement_id)
        )
        if announcement.recipient_count is None:
            recipients = Membership.objects.filter(
                group=announcement.group, user__is_active=True
            ).values_list("user_id", flat=True)
            AnnouncementDelivery.objects.bulk_create(
                [AnnouncementDelivery(announcement=announcement, user_id=u) for u in recipients],
                ignore_conflicts=True,
            )
            announcement.recipient_count = announcement.deliveries.count()
            announcement.save(update_fields=["recipient_count", "updated_at"])
    group = announcement.group
    context = {
        "announcement": announcement,
        "group": group,
        "group_url": _url(group.get_absolute_url()),
    }

    def build(delivery: AnnouncementDelivery):
        user = _recipient(delivery.user_id)
        # The co-chairs' words as they wrote them; the portal's around them in each
        # recipient's own language.
        return build_email(
            template="working_groups/announcement",
            context={**context, "name": user.get_full_name()},
            subject=f"[{group.name}] {announcement.subject}",
            to=[user.email],
            headers={"X-LPSA-Announcement": str(announcement.pk)},
            language=mail_language(user),
        )

    unsent = list(
        announcement.deliveries.filter(sent_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    sent = sum(
        send_once(model=AnnouncementDelivery, pk=delivery_id, build=build) for delivery_id in unsent
    )
    if not announcement.deliveries.filter(sent_at__isnull=True).exists():
        Announcement.objects.filter(pk=announcement.pk, sent_at__isnull=True).update(
            sent_at=timezone.now()
        )
    return sent
