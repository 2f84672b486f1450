"""The newsletter's demo content: subscribers (the seeded members who came from the MailChimp
audience, the demo member, a few readers without an account), three sent issues in the archive
and a draft, its sections drafted from what is new when it is seeded, for staff to open in the
admin.

Idempotent, and but for the draft deterministic: the same rows in every database seeded with the
same options, dated from a fixed anchor; a second run adds only what is missing."""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import transaction

from lpsa.demo_logins import DEMO_MEMBER
from members.demo import seeded_email
from members.models import User
from newsletter import rendering
from newsletter.models import (
    ConsentRecord,
    Delivery,
    Issue,
    IssueSection,
    MailingList,
    Subscriber,
    Subscription,
)
from newsletter.services import create_issue
from working_groups.demo import GROUPS_CREATED

ANCHOR = datetime(2026, 9, 15, 9, 0, tzinfo=UTC)
IMPORT_WORDING = "Yes, send me the LPSA newsletter (MailChimp sign-up form, 2021)."
READERS = ["amal.haddad@example.org", "joseph.mwangi@example.org", "lucia.ferreira@example.org"]

ISSUES = [
    (
        "LPSA newsletter, May 2026",
        "Property tax reform, a new LoGICA round and the Africa group's first webinar.",
        [
            (
                "Property tax: what a decade of reforms taught us",
                "Twelve countries, three ways of valuing property, one lesson: collection "
                "follows trust in what the money buys locally.",
                "/blog/",
            ),
            (
                "LoGICA: the 2026 round opens",
                "The Local Government Initiative on Climate Adaptation takes new cities. "
                "Applications are open to members until the end of June.",
                "/library/",
            ),
        ],
    ),
    (
        "LPSA newsletter, July 2026",
        "Intergovernmental transfers compared, and what the working groups did this spring.",
        [
            (
                "Transfers that reward local revenue effort",
                "A comparison of equalisation formulas in East Africa and South Asia, and "
                "their effect on own-source revenue.",
                "/blog/",
            ),
            (
                "Webinar: subnational borrowing after the pandemic",
                "Recording and slides from the Finance working group's session, with the "
                "questions members asked.",
                "/events/",
            ),
        ],
    ),
    (
        "LPSA newsletter, September 2026",
        "Participatory budgeting, the Localization Databook, and how to join a working group.",
        [
            (
                "Participatory budgeting in MENA municipalities",
                "Three municipalities opened part of their capital budget to residents. "
                "What changed in what they built.",
                "/blog/",
            ),
            (
                "The Localization Databook, 2026 edition",
                "Country profiles of how the SDGs are financed locally, free to download.",
                "/library/",
            ),
            (
                "Working groups are open",
                "Eleven regional and thematic groups meet online. Join one from its page.",
                "/working-groups/",
            ),
        ],
    ),
]


def _subscribe(subscriber: Subscriber, lists: list[MailingList], when: datetime) -> None:
    for mailing_list in lists:
        subscription, created = Subscription.objects.get_or_create(
            subscriber=subscriber,
            mailing_list=mailing_list,
            defaults={"status": Subscription.Status.SUBSCRIBED, "subscribed_at": when},
        )
        if created:
            # Dated as given, not now: two databases seeded alike hold the same rows.
            Subscription.objects.filter(pk=subscription.pk).update(created_at=when, updated_at=when)
            record = ConsentRecord.objects.create(
                subscriber=subscriber,
                mailing_list=mailing_list,
                action=ConsentRecord.Action.IMPORTED,
                method=ConsentRecord.Method.IMPORT,
                occurred_at=when,
                source="MailChimp export (demo), line 1",
                wording=IMPORT_WORDING,
            )
            ConsentRecord.objects.filter(pk=record.pk).update(recorded_at=when)


@transaction.atomic
def seed(*, subscribers: int) -> str:
    """Makes up to `subscribers` seeded members subscribers, plus the demo member and a few
    readers; the archive's three issues; one draft."""
    newsletter = MailingList.objects.get(kind=MailingList.Kind.NEWSLETTER)
    events = MailingList.objects.get(kind=MailingList.Kind.EVENTS)
    users = {
        user.email: user
        for user in User.objects.filter(
            email__in=[seeded_email(n) for n in range(1, subscribers + 1)] + [DEMO_MEMBER.email]
        )
    }
    addresses = [seeded_email(n) for n in range(1, subscribers + 1) if seeded_email(n) in users]
    for number, email in enumerate([DEMO_MEMBER.email, *addresses, *READERS]):
        when = ANCHOR - timedelta(days=900 - number % 600)
        subscriber, created = Subscriber.objects.get_or_create(
            email=email,
            defaults={
                "user": users.get(email),
                "confirmed_at": when,
                "welcomed_at": when,
            },
        )
        if created:
            Subscriber.objects.filter(pk=subscriber.pk).update(created_at=when, updated_at=when)
        _subscribe(subscriber, [newsletter, events] if number % 3 == 0 else [newsletter], when)
    total = Subscription.objects.active().filter(mailing_list=newsletter).count()

    for number, (subject, intro, sections) in enumerate(ISSUES):
        sent_at = ANCHOR - timedelta(days=61 * (len(ISSUES) - 1 - number))
        slug = f"lpsa-newsletter-{sent_at:%Y-%m}"
        if Issue.objects.filter(slug=slug).exists():
            continue
        issue = Issue.objects.create(
            mailing_list=newsletter,
            subject=subject,
            slug=slug,
            preheader=intro,
            intro=f"Dear members,\n\n{intro}",
        )
        IssueSection.objects.bulk_create(
            IssueSection(
                issue=issue,
                position=position,
                kind=IssueSection.Kind.TEXT,
                heading=heading,
                body=body,
                link_url=f"{settings.SITE_URL}{path}",
                link_label="Read more",
            )
            for position, (heading, body, path) in enumerate(sections)
        )
        rendered = rendering.render_issue(issue)
        # Its deliveries, as the worker would have left them: every one sent.
        Delivery.objects.bulk_create(
            Delivery(
                issue=issue,
                subscription=subscription,
                email=subscription.subscriber.email,
                status=Delivery.Status.SENT,
                attempts=0,
                sent_at=sent_at + timedelta(seconds=position),
            )
            for position, subscription in enumerate(
                Subscription.objects.active()
                .filter(mailing_list=newsletter)
                .select_related("subscriber")
                .order_by("pk")
            )
        )
        Issue.objects.filter(pk=issue.pk).update(
            status=Issue.Status.SENT,
            html=rendered.html,
            text=rendered.text,
            recipient_count=total,
            started_at=sent_at,
            finished_at=sent_at + timedelta(minutes=4),
            created_at=sent_at - timedelta(days=3),
            updated_at=sent_at,
        )
    if not Issue.objects.filter(status=Issue.Status.DRAFT, mailing_list=newsletter).exists():
        draft = create_issue(
            mailing_list=newsletter,
            subject="LPSA newsletter, November 2026",
            preheader="What is new since September.",
            intro="Dear members,\n\nHere is what is new in the Alliance since September.",
        )
        drafted_at = ANCHOR + timedelta(days=60)
        Issue.objects.filter(pk=draft.pk).update(created_at=drafted_at, updated_at=drafted_at)
    # The demo groups' lists were made with the groups, stamped now: dated with them.
    MailingList.objects.filter(group__created_at=GROUPS_CREATED).update(
        created_at=GROUPS_CREATED, updated_at=GROUPS_CREATED
    )
    return f"{total} newsletter subscribers, {Issue.objects.archived().count()} issues archived"
