"""Writes to subscriptions: subscribing, confirming, preferences, unsubscribing, suppressing.

Every change of consent adds a `ConsentRecord` in the same transaction. Mail (the confirmation
request, the welcome) goes out from the worker after commit (newsletter/tasks.py)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from lpsa.slugs import unique_slug
from newsletter.models import ConsentRecord, MailingList, Subscriber, Subscription

Method = ConsentRecord.Method
Action = ConsentRecord.Action


@dataclass(frozen=True)
class Provenance:
    """How and from where a change was asked for, and the words shown: what consent records."""

    method: str
    source: str = ""
    ip_address: str | None = None
    wording: str = ""


def _record(
    subscriber: Subscriber,
    lists: Iterable[MailingList | None],
    *,
    action: str,
    provenance: Provenance,
    occurred_at=None,
) -> None:
    ConsentRecord.objects.bulk_create(
        ConsentRecord(
            subscriber=subscriber,
            mailing_list=mailing_list,
            action=action,
            method=provenance.method,
            source=provenance.source[:300],
            ip_address=provenance.ip_address or None,
            wording=provenance.wording,
            occurred_at=occurred_at or timezone.now(),
        )
        for mailing_list in lists
    )


def subscriber_for(email: str, *, defaults: dict | None = None) -> tuple[Subscriber, bool]:
    """The subscriber row of `email` (any case), made if new, locked until the transaction ends.

    Two requests for a new address at once: the unique index lets one insert, the other reads it.
    """
    email = email.strip()
    existing = Subscriber.objects.select_for_update().with_email(email).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return Subscriber.objects.create(email=email, **(defaults or {})), True
    except IntegrityError:
        return Subscriber.objects.select_for_update().with_email(email).get(), False


@transaction.atomic
def request_subscription(
    *,
    email: str,
    lists: Iterable[MailingList],
    provenance: Provenance,
    name: str = "",
    language: str = "",
    topics: Iterable = (),
    regions: Iterable = (),
) -> None:
    """Anyone asking for `lists` at `email`: each list not already subscribed waits for the
    address's owner to confirm, and a confirmation request is mailed (at most one per interval).

    Returns nothing and behaves the same for a new, pending, subscribed or unsubscribed address,
    so the page after it cannot tell them apart; a fully subscribed address gets no mail."""
    subscriber, created = subscriber_for(
        email, defaults={"name": name, "language": language or settings.LANGUAGE_CODE}
    )
    if created:
        subscriber.topics.set(topics)
        subscriber.regions.set(regions)
    if subscriber.is_suppressed:
        return
    lists = list(lists)
    current = {
        row.mailing_list_id: row
        for row in Subscription.objects.select_for_update().filter(
            subscriber=subscriber, mailing_list__in=lists
        )
    }
    asked = []
    for mailing_list in lists:
        row = current.get(mailing_list.pk)
        if row is None:
            Subscription.objects.create(subscriber=subscriber, mailing_list=mailing_list)
        elif row.status == Subscription.Status.SUBSCRIBED and subscriber.confirmed_at:
            continue
        elif row.status != Subscription.Status.PENDING:
            row.status = Subscription.Status.PENDING
            row.save(update_fields=["status", "updated_at"])
        asked.append(mailing_list)
    if not asked:
        return
    _record(subscriber, asked, action=Action.REQUESTED, provenance=provenance)
    _mail_confirmation_request(subscriber)


def _mail_confirmation_request(subscriber: Subscriber) -> None:
    from newsletter.tasks import send_confirmation_request

    now = timezone.now()
    interval = timedelta(seconds=settings.NEWSLETTER_CONFIRMATION_INTERVAL)
    if subscriber.confirmation_sent_at and subscriber.confirmation_sent_at > now - interval:
        return
    subscriber.confirmation_sent_at = now
    subscriber.save(update_fields=["confirmation_sent_at", "updated_at"])
    transaction.on_commit(lambda: send_confirmation_request.delay(subscriber.pk))


@transaction.atomic
def confirm_subscriber(*, subscriber: Subscriber, provenance: Provenance) -> list[MailingList]:
    """The address's owner followed the confirmation link (or verified their account address):
    the address is proven and every list waiting for it is subscribed. Returns those lists."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    now = timezone.now()
    first_time = subscriber.confirmed_at is None
    if first_time:
        subscriber.confirmed_at = now
        subscriber.save(update_fields=["confirmed_at", "updated_at"])
    waiting = list(
        Subscription.objects.select_for_update()
        .filter(subscriber=subscriber, status=Subscription.Status.PENDING)
        .select_related("mailing_list")
    )
    for row in waiting:
        row.status = Subscription.Status.SUBSCRIBED
        row.subscribed_at = now
        row.save(update_fields=["status", "subscribed_at", "updated_at"])
    lists = [row.mailing_list for row in waiting]
    _record(subscriber, lists, action=Action.CONFIRMED, provenance=provenance, occurred_at=now)
    if lists:
        _welcome(subscriber)
    return lists


def _welcome(subscriber: Subscriber) -> None:
    from newsletter.tasks import send_welcome

    if subscriber.welcomed_at is None:
        transaction.on_commit(lambda: send_welcome.delay(subscriber.pk))


def has_verified_address(user) -> bool:
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


def member_subscriber(user) -> Subscriber | None:
    """The member's subscriber row: theirs by account, or the one with their address."""
    return (
        Subscriber.objects.filter(user=user).first()
        or Subscriber.objects.with_email(user.email).filter(user__isnull=True).first()
    )


@transaction.atomic
def subscribe_member(*, user, lists: Iterable[MailingList], provenance: Provenance) -> Subscriber:
    """A signed-in member's one click: their verified account address needs no confirmation
    mail. An unverified one waits, like anyone's, for its confirmation."""
    from members.languages import mail_language

    subscriber, _ = subscriber_for(
        user.email, defaults={"user": user, "language": mail_language(user)}
    )
    if subscriber.user_id is None:
        subscriber.user = user
        subscriber.save(update_fields=["user", "updated_at"])
    if not has_verified_address(user):
        request_subscription(email=user.email, lists=lists, provenance=provenance)
        return subscriber
    set_subscriptions(subscriber=subscriber, wanted=lists, provenance=provenance, only_add=True)
    return subscriber


@transaction.atomic
def set_subscriptions(
    *,
    subscriber: Subscriber,
    wanted: Iterable[MailingList],
    provenance: Provenance,
    only_add: bool = False,
    offered: Iterable[MailingList] | None = None,
) -> None:
    """The preferences page (a member's own, or anyone's through their signed link): the lists in
    `wanted` are subscribed at once, the address being proven by the link or the account, and the
    others of `offered` (every list, by default) are unsubscribed. `only_add` leaves the rest."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    now = timezone.now()
    wanted = {mailing_list.pk: mailing_list for mailing_list in wanted}
    if subscriber.confirmed_at is None:
        subscriber.confirmed_at = now
        subscriber.save(update_fields=["confirmed_at", "updated_at"])
    current = {
        row.mailing_list_id: row
        for row in Subscription.objects.select_for_update()
        .filter(subscriber=subscriber)
        .select_related("mailing_list")
    }
    added, removed = [], []
    for list_id, mailing_list in wanted.items():
        row = current.get(list_id)
        if row is None:
            Subscription.objects.create(
                subscriber=subscriber,
                mailing_list=mailing_list,
                status=Subscription.Status.SUBSCRIBED,
                subscribed_at=now,
            )
        elif row.status != Subscription.Status.SUBSCRIBED:
            row.status = Subscription.Status.SUBSCRIBED
            row.subscribed_at = now
            row.save(update_fields=["status", "subscribed_at", "updated_at"])
        else:
            continue
        added.append(mailing_list)
    if not only_add:
        offered_ids = None if offered is None else {mailing_list.pk for mailing_list in offered}
        for list_id, row in current.items():
            if list_id in wanted or row.status == Subscription.Status.UNSUBSCRIBED:
                continue
            if offered_ids is not None and list_id not in offered_ids:
                continue
            row.status = Subscription.Status.UNSUBSCRIBED
            row.unsubscribed_at = now
            row.save(update_fields=["status", "unsubscribed_at", "updated_at"])
            removed.append(row.mailing_list)
    _record(subscriber, added, action=Action.CONFIRMED, provenance=provenance, occurred_at=now)
    _record(subscriber, removed, action=Action.UNSUBSCRIBED, provenance=provenance, occurred_at=now)
    if added:
        _welcome(subscriber)


@transaction.atomic
def unsubscribe(
    *, subscriber: Subscriber, mailing_list: MailingList | None, provenance: Provenance
) -> list[MailingList]:
    """Ends the subscription to `mailing_list`, or to every list when None, at once. Returns the
    lists it ended (none when already unsubscribed: asking twice records nothing twice)."""
    rows = (
        Subscription.objects.select_for_update()
        .filter(subscriber=subscriber)
        .exclude(status=Subscription.Status.UNSUBSCRIBED)
    )
    if mailing_list is not None:
        rows = rows.filter(mailing_list=mailing_list)
    rows = list(rows.select_related("mailing_list"))
    now = timezone.now()
    Subscription.objects.filter(pk__in=[row.pk for row in rows]).update(
        status=Subscription.Status.UNSUBSCRIBED, unsubscribed_at=now, updated_at=now
    )
    lists = [row.mailing_list for row in rows]
    _record(subscriber, lists, action=Action.UNSUBSCRIBED, provenance=provenance, occurred_at=now)
    return lists


def suppress_subscriber(*, subscriber_id: int, reason: str, method: str = Method.DELIVERY) -> None:
    """No more mail to an address that keeps failing (or staff suppressed: `Method.STAFF`);
    recorded."""
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber_id)
        if subscriber.suppressed_at is not None:
            return
        subscriber.suppressed_at = timezone.now()
        subscriber.suppression_reason = reason[:300]
        subscriber.save(update_fields=["suppressed_at", "suppression_reason", "updated_at"])
        _record(
            subscriber,
            [None],
            action=Action.SUPPRESSED,
            provenance=Provenance(method=method, source=reason),
        )


@transaction.atomic
def lift_suppression(*, subscriber_id: int) -> bool:
    """Staff lift a suppression (the mailbox works again): mail goes again to the subscriptions
    the address still has, and its failures count from zero. False if it was not suppressed.

    No consent is recorded: the person gave or withdrew nothing; what they agreed to stands as
    recorded. Who lifted it is in the admin's history."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber_id)
    if subscriber.suppressed_at is None:
        return False
    subscriber.suppressed_at = None
    subscriber.suppression_reason = ""
    subscriber.failure_count = 0
    subscriber.save(
        update_fields=["suppressed_at", "suppression_reason", "failure_count", "updated_at"]
    )
    return True


def ensure_group_list(group) -> MailingList:
    """The working group's own list, made with the group (and for groups made before lists)."""
    from django.utils.text import slugify

    mailing_list, _ = MailingList.objects.get_or_create(
        group=group,
        defaults={
            "kind": MailingList.Kind.WORKING_GROUP,
            "slug": slugify(f"group-{group.slug}")[:140],
            "name": group.name,
            "description": group.summary[:300],
        },
    )
    return mailing_list


# --- Composing issues -------------------------------------------------------------------------


@transaction.atomic
def create_issue(
    *,
    mailing_list: MailingList,
    subject: str,
    created_by=None,
    preheader: str = "",
    intro: str = "",
    in_archive: bool = True,
    draft: bool = True,
):
    """A draft issue of `mailing_list`, its sections drafted from what is new since the list's
    last issue (see newsletter/drafting.py) unless `draft` is False."""
    from newsletter.drafting import draft_sections
    from newsletter.models import Issue

    issue = Issue.objects.create(
        mailing_list=mailing_list,
        subject=subject,
        # The subject and the day ("lpsa-news-2026-11-24"), numbered if another issue has it.
        slug=unique_slug(
            Issue,
            f"{subject} {timezone.localdate().isoformat()}",
            fallback=f"issue-{timezone.localdate().isoformat()}",
            max_length=150,
        ),
        preheader=preheader,
        intro=intro,
        in_archive=in_archive,
        created_by=created_by,
    )
    if draft:
        draft_sections(issue)
    return issue


class NotEditable(Exception):
    """The issue is being sent or went: its content is what recipients got."""


@transaction.atomic
def redraft_issue(*, issue) -> list:
    """Adds sections for what appeared since the issue was drafted (it keeps its own). Returns
    the sections added."""
    from newsletter.drafting import draft_sections
    from newsletter.models import Issue

    issue = Issue.objects.select_for_update().select_related("mailing_list").get(pk=issue.pk)
    if not issue.is_editable:
        raise NotEditable(issue.pk)
    return draft_sections(issue)


TEST_SUBJECT_PREFIX = "[Test] "


def send_test_issue(*, issue, email: str) -> None:
    """Mails `issue` as a preview to `email` from the worker, once the request commits."""
    from newsletter.tasks import send_test_issue as task

    issue_id = issue.pk
    transaction.on_commit(lambda: task.delay(issue_id, email))


def deliver_test_issue(*, issue_id: int, email: str) -> None:
    """The test message: the preview's links (no one's own), "[Test] " before the subject, and
    none of a list's headers (List-Id, List-Unsubscribe): it goes to no subscriber."""
    from django.core.mail import EmailMultiAlternatives

    from lpsa.mail import subject_line
    from newsletter.models import Issue
    from newsletter.rendering import render_preview

    issue = Issue.objects.select_related("mailing_list").filter(pk=issue_id).first()
    if issue is None:
        return
    rendered = render_preview(issue)
    message = EmailMultiAlternatives(
        subject=TEST_SUBJECT_PREFIX + subject_line(issue.subject),
        body=rendered.text,
        from_email=settings.NEWSLETTER_FROM_EMAIL,
        to=[email],
    )
    message.attach_alternative(rendered.html, "text/html")
    message.send()


@transaction.atomic
def subscribe_at_signup(*, user, provenance: Provenance) -> None:
    """The sign-up form's newsletter box: the new account's address waits for the newsletter,
    and no confirmation mail goes out of ours. allauth's verification mail proves the address,
    and verifying it confirms the subscription (newsletter/signals.py)."""
    from members.languages import mail_language

    newsletter = MailingList.objects.filter(
        kind=MailingList.Kind.NEWSLETTER, is_active=True
    ).first()
    if newsletter is None:
        return
    subscriber, _ = subscriber_for(
        user.email, defaults={"user": user, "language": mail_language(user)}
    )
    if subscriber.user_id is None:
        subscriber.user = user
        subscriber.save(update_fields=["user", "updated_at"])
    if subscriber.is_suppressed:
        return
    row, created = Subscription.objects.select_for_update().get_or_create(
        subscriber=subscriber, mailing_list=newsletter
    )
    if row.status == Subscription.Status.SUBSCRIBED and subscriber.confirmed_at:
        return
    if not created and row.status != Subscription.Status.PENDING:
        row.status = Subscription.Status.PENDING
        row.save(update_fields=["status", "updated_at"])
    _record(subscriber, [newsletter], action=Action.REQUESTED, provenance=provenance)


@transaction.atomic
def save_member_preferences(
    *, user, wanted: Iterable[MailingList], offered: Iterable[MailingList], provenance: Provenance
) -> Subscriber:
    """A member's preferences page: their subscriber row is made on the first save. A verified
    account address needs no confirmation; an unverified one gets the wanted lists waiting for
    its confirmation, like anyone's, while the unticked ones end at once."""
    from members.languages import mail_language

    subscriber = member_subscriber(user)
    if subscriber is None:
        subscriber, _ = subscriber_for(
            user.email, defaults={"user": user, "language": mail_language(user)}
        )
    if subscriber.user_id is None:
        subscriber.user = user
        subscriber.save(update_fields=["user", "updated_at"])
    wanted, offered = list(wanted), list(offered)
    if has_verified_address(user):
        set_subscriptions(
            subscriber=subscriber, wanted=wanted, provenance=provenance, offered=offered
        )
        return subscriber
    wanted_ids = {mailing_list.pk for mailing_list in wanted}
    for mailing_list in offered:
        if mailing_list.pk not in wanted_ids:
            unsubscribe(subscriber=subscriber, mailing_list=mailing_list, provenance=provenance)
    if wanted:
        request_subscription(email=subscriber.email, lists=wanted, provenance=provenance)
    return subscriber
