"""The calendar's demo content: the Alliance's webinars and its working groups' quarterly
meetings, a third of them past (with recordings and attendance), the rest to come.

Deterministic and idempotent: event n has the same title, slug, times and registrants in every
database seeded with the same options, dated from a fixed anchor rather than today; a second run
adds only the events that are missing.
"""

import random
import zoneinfo
from datetime import UTC, datetime, time, timedelta

from django.db import transaction

from events.models import Event, Registration, Speaker
from lpsa.demo_logins import DEMO_MEMBER
from lpsa.seeding import timestamps_as_given
from members.demo import SEEDED_EMAIL_DOMAIN
from members.models import User
from taxonomy.models import Region, Topic
from working_groups.models import WorkingGroup

RANDOM_SEED = 2026
# Past events end before this; upcoming ones start after it. Far enough ahead that the demo
# calendar has events to come for years.
ANCHOR = datetime(2026, 11, 2, 13, 0, tzinfo=UTC)
UPCOMING_SPAN = timedelta(days=3 * 365)
PAST_SPAN = timedelta(days=4 * 365)
REGISTRANTS_PER_EVENT = 6
DEMO_LOGIN_EVENTS = (0, 1, 3)

WEBINARS = (
    ("Fiscal transfers that follow functions", "intergovernmental-fiscal-transfers"),
    ("Property tax after a cadastre update", "local-revenue-and-property-tax"),
    ("Localizing the SDGs: what local reporting shows", "localization"),
    ("Gender-responsive budgeting in municipalities", "localizing-womens-empowerment"),
    (
        "Assessing intergovernmental fiscal systems with InFER",
        "decentralization-assessment-and-diagnostics",
    ),
    ("Local government capacity: the PROMOTE approach", "local-service-delivery-and-the-last-mile"),
    ("Subnational borrowing rules that held", "subnational-borrowing-and-debt"),
    ("Climate finance for cities", "climate-and-environment"),
)
# Cities (zones) the organisers work from, per region; online events keep the organisers' zone.
ZONES = {
    "africa": "Africa/Nairobi",
    "mena": "Africa/Cairo",
    "asia-pacific": "Asia/Bangkok",
    "europe-central-asia": "Europe/Brussels",
    "latin-america": "America/Bogota",
    "north-america": "America/New_York",
}
SPEAKERS = (
    ("Achieng Otieno", "County Government of Kisumu"),
    ("Jamie Boex", "Local Public Sector Alliance"),
    ("Ana Lucía Gómez", "Federación Colombiana de Municipios"),
    ("Priya Raman", "National Institute of Public Finance and Policy"),
    ("Karim Jebali", "Office of the Mayor of Fez"),
)


def seed(*, events: int = 40) -> str:
    """The first `events` demo events that are missing, with speakers and registrants."""
    existing = set(Event.objects.values_list("slug", flat=True))
    topics = {t.slug: t for t in Topic.objects.all()}
    regions = {r.slug: r for r in Region.objects.all()}
    groups = list(WorkingGroup.objects.order_by("pk"))
    attendees = list(
        User.objects.filter(email__endswith=f"@{SEEDED_EMAIL_DOMAIN}")
        .order_by("email")
        .values_list("pk", "email")[:400]
    )
    demo_user = User.objects.filter(email=DEMO_MEMBER.email).values_list("pk", "email").first()
    made = [_spec(n, events, groups) for n in range(events)]
    missing = [spec for spec in made if spec["slug"] not in existing]
    with transaction.atomic(), timestamps_as_given(Event, Registration, Speaker):
        created = Event.objects.bulk_create(Event(**spec["fields"]) for spec in missing)
        for event, spec in zip(created, missing, strict=True):
            spec["event"] = event
        _add_relations(missing, topics, regions)
        registrations = _registrations(missing, attendees, demo_user)
    return f"{len(created):,} events created, {registrations:,} registrations"


def _spec(n: int, total: int, groups: list[WorkingGroup]) -> dict:
    rng = random.Random(f"{RANDOM_SEED}-{n}")
    past = n % 3 == 2
    region = rng.choice(tuple(ZONES))
    # Spread evenly over the span, at a working hour in the organisers' own zone.
    share = (n // 3 + 1) / (total // 3 + 2)
    offset = (PAST_SPAN if past else UPCOMING_SPAN) * share
    day = (ANCHOR - offset if past else ANCHOR + offset).date()
    zone = zoneinfo.ZoneInfo(ZONES[region])
    start = datetime.combine(day, time(rng.choice((8, 9, 14))), tzinfo=zone).astimezone(UTC)
    group = groups[n % len(groups)] if groups and n % 2 else None
    if group is not None:
        title = f"{group.name}: quarterly meeting {n}"
        kind = Event.Kind.MEETING
        topic_slug = None
    else:
        title, topic_slug = WEBINARS[n % len(WEBINARS)]
        title = f"{title} ({n})"
        kind = Event.Kind.TRAINING if n % 10 == 4 else Event.Kind.WEBINAR
    fields = {
        "title": title,
        "slug": f"demo-event-{n}",
        "kind": kind,
        "summary": "A conversation among practitioners, with time for questions.",
        "description": (
            "Speakers present what has worked and what has not; members compare notes from "
            "their own countries. The recording and slides follow on this page."
        ),
        "working_group": group,
        "starts_at": start,
        "ends_at": start + timedelta(minutes=rng.choice((60, 90, 120))),
        "time_zone": ZONES[region],
        "format": Event.Format.ONLINE,
        "join_url": f"https://meet.example.org/lpsa-{n}",
        "capacity": rng.choice((None, 100, 300)),
        "visibility": Event.Visibility.MEMBERS if group else Event.Visibility.PUBLIC,
        "recording_url": f"https://video.example.org/lpsa-{n}" if past else "",
        "created_at": ANCHOR - timedelta(days=400),
        "updated_at": ANCHOR - timedelta(days=400),
    }
    return {"slug": fields["slug"], "fields": fields, "region": region, "topic": topic_slug}


def _add_relations(specs: list[dict], topics: dict, regions: dict) -> None:
    region_rows, topic_rows, speakers = [], [], []
    for spec in specs:
        event = spec["event"]
        if spec["region"] in regions:
            region_rows.append(
                Event.regions.through(event_id=event.pk, region_id=regions[spec["region"]].pk)
            )
        if spec["topic"] in topics:
            topic_rows.append(
                Event.topics.through(event_id=event.pk, topic_id=topics[spec["topic"]].pk)
            )
        if event.working_group_id is None:
            name, affiliation = SPEAKERS[event.pk % len(SPEAKERS)]
            speakers.append(
                Speaker(
                    event=event,
                    name=name,
                    affiliation=affiliation,
                    created_at=event.created_at,
                    updated_at=event.created_at,
                )
            )
    Event.regions.through.objects.bulk_create(region_rows)
    Event.topics.through.objects.bulk_create(topic_rows)
    Speaker.objects.bulk_create(speakers)


def _registrations(specs: list[dict], attendees: list, demo_user) -> int:
    rows = []
    for spec in specs:
        event = spec["event"]
        rng = random.Random(f"{RANDOM_SEED}-registrants-{spec['slug']}")
        people = rng.sample(attendees, min(REGISTRANTS_PER_EVENT, len(attendees)))
        past = event.ends_at < ANCHOR
        # The demo login has registered for the first events to come: its home lists them.
        if demo_user and int(spec["slug"].rsplit("-", 1)[1]) in DEMO_LOGIN_EVENTS:
            people = [demo_user, *[p for p in people if p[0] != demo_user[0]]]
        for user_id, email in people:
            attended = past and rng.random() < 0.6
            rows.append(
                Registration(
                    event=event,
                    user_id=user_id,
                    name=email.split("@")[0].replace(".", " ").title(),
                    email=email.lower(),
                    status=Registration.Status.CONFIRMED,
                    show_in_participants=rng.random() < 0.3,
                    confirmed_at=event.created_at,
                    confirmation_sent_at=event.created_at,
                    attended=attended,
                    attended_minutes=rng.randint(20, 90) if attended else None,
                    created_at=event.created_at,
                    updated_at=event.created_at,
                )
            )
    Registration.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)
