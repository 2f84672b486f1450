"""The working groups' demo content: the Alliance's five regional and six thematic groups, their
co-chairs and members drawn from the seeded members by region and interests.

Deterministic: whether seeded member n belongs to a group, or co-chairs it, is drawn from a
generator seeded with n and the group's slug, so two databases seeded alike hold the same rows,
and seeding more members later adds memberships without changing the first ones. Idempotent:
a second run adds only what is missing.
"""

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image, ImageDraw, ImageFont

from lpsa.demo_logins import DEMO_MEMBER
from members.demo import SEEDED_EMAIL_DOMAIN
from members.directory_cache import bump_directory_version
from members.models import Profile, User
from taxonomy.models import Region, Topic
from working_groups import services
from working_groups.models import GROUP_IMAGE_SIZE, JoinRequest, Membership, WorkingGroup

RANDOM_SEED = 2026
# The groups were set up when the portal opened (March 2025).
GROUPS_CREATED = datetime(2025, 3, 7, 9, 0, tzinfo=UTC)
# Of the seeded members whose interests or region match a group, this share belongs to it;
# a few others join out of curiosity.
MATCHED_SHARE = 0.22
UNMATCHED_SHARE = 0.01
CO_CHAIR_SHARE = 0.2
PENDING_REQUESTS = 3
REGIONAL, THEMATIC = WorkingGroup.Kind.REGIONAL, WorkingGroup.Kind.THEMATIC


@dataclass(frozen=True)
class DemoGroup:
    slug: str
    name: str
    kind: str
    summary: str
    description: str
    topics: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    co_chairs: int = 2
    join_policy: str = WorkingGroup.JoinPolicy.OPEN
    visibility: str = WorkingGroup.Visibility.PUBLIC


GROUPS: tuple[DemoGroup, ...] = (
    DemoGroup(
        "africa",
        "Africa",
        REGIONAL,
        "Devolution, fiscal transfers and local service delivery across Sub-Saharan Africa.",
        "Members from county, municipal and central governments, universities and civil "
        "society compare how devolution is working in practice: Kenya's counties ten years "
        "on, local government finance reforms in Uganda, Ghana and Nigeria, and the last mile "
        "of health and water services. Quarterly meetings alternate between a country case "
        "and a cross-country theme; summaries appear on Decentralization.Net.",
        topics=("intergovernmental-fiscal-transfers", "local-service-delivery-and-the-last-mile"),
        regions=("africa",),
        co_chairs=3,
    ),
    DemoGroup(
        "asia",
        "Asia",
        REGIONAL,
        "Multilevel governance and local finance from South Asia to the Pacific.",
        "A forum for practitioners working on Indonesia's village funds, the Philippines' "
        "Mandanas ruling, Nepal's federal transition and local government reform in "
        "Bangladesh and Viet Nam. The group shares assessments made with the LoGICA and InFER "
        "frameworks and meets about quarterly, with The Asia Foundation among its partners.",
        topics=("multilevel-governance", "public-financial-management"),
        regions=("asia-pacific",),
        co_chairs=3,
    ),
    DemoGroup(
        "europe-central-asia",
        "Europe and Central Asia",
        REGIONAL,
        "Territorial reform, amalgamation and local self-government from the Balkans to "
        "Central Asia.",
        "Members follow municipal amalgamation in Ukraine and Albania, fiscal equalisation in "
        "the Western Balkans and the first steps of local self-government in Central Asia, "
        "and compare them with the European Charter of Local Self-Government. Meetings are "
        "held in English and Russian when members ask.",
        topics=("administrative-decentralization", "local-public-administration-and-civil-service"),
        regions=("europe-central-asia",),
    ),
    DemoGroup(
        "latin-america-caribbean",
        "Latin America and the Caribbean",
        REGIONAL,
        "Participatory budgeting, subnational debt and municipal capacity across the region.",
        "From participatory budgeting in Brazil to subnational borrowing in Colombia and "
        "Mexico and municipal capacity in Central America and the Caribbean, members share "
        "what has worked and what has not. Meetings run in Spanish and English.",
        topics=("citizen-participation", "subnational-borrowing-and-debt"),
        regions=("latin-america",),
    ),
    DemoGroup(
        "mena",
        "Middle East and North Africa",
        REGIONAL,
        "Decentralization reforms and local governance in fragile and transition settings.",
        "Practitioners working on Tunisia's municipal reforms, Morocco's advanced "
        "regionalisation, local governance in Iraq, Lebanon and Yemen, and service delivery "
        "where conflict has weakened the state. Because several members work in sensitive "
        "settings, the group is listed to members only and its co-chairs approve new members.",
        topics=("fragility-conflict-and-violence", "political-decentralization"),
        regions=("mena",),
        join_policy=WorkingGroup.JoinPolicy.REQUEST,
        visibility=WorkingGroup.Visibility.MEMBERS,
    ),
    DemoGroup(
        "local-democracy",
        "Local democracy",
        THEMATIC,
        "Local elections, accountability and citizens' voice in local government.",
        "How local elections, councils, social audits and citizens' charters make local "
        "governments answer to their residents. The group collects country experience for "
        "the Decentralization and Multilevel Governance Glossary and hosts an open meeting "
        "every few months.",
        topics=("local-elections-and-accountability", "citizen-participation"),
        co_chairs=3,
    ),
    DemoGroup(
        "subnational-finance",
        "Subnational finance",
        THEMATIC,
        "Transfers, own-source revenue, property tax and borrowing by local governments.",
        "Intergovernmental fiscal transfer design, property tax reform, subnational borrowing "
        "frameworks and public financial management at the local level. Members draw on the "
        "OECD/UCLG World Observatory on Subnational Government Finance and the InFER "
        "framework, and review each other's fiscal decentralization diagnostics.",
        topics=(
            "fiscal-decentralization",
            "intergovernmental-fiscal-transfers",
            "local-revenue-and-property-tax",
            "subnational-borrowing-and-debt",
        ),
        co_chairs=4,
    ),
    DemoGroup(
        "localizing-the-sdgs",
        "Localizing the SDGs",
        THEMATIC,
        "Bringing the Sustainable Development Goals to the places where services are delivered.",
        "Voluntary local reviews, SDG-aligned local plans and budgets, and the data local "
        "governments need to track progress. Partners include UNDP and UNCDF; members "
        "compare methods and share templates.",
        topics=("localization", "performance-and-results-based-management"),
    ),
    DemoGroup(
        "gender-equity",
        "Gender equity and women's empowerment",
        THEMATIC,
        "Localizing women's empowerment: representation, gender-responsive budgets and services.",
        "Women's representation in local councils, gender-responsive local budgeting and "
        "services that reach women and girls at the last mile. The co-chairs approve new "
        "members so that the group keeps a balance of practitioners and researchers.",
        topics=("localizing-womens-empowerment", "social-protection"),
        co_chairs=3,
        join_policy=WorkingGroup.JoinPolicy.REQUEST,
    ),
    DemoGroup(
        "urban",
        "Urban",
        THEMATIC,
        "Metropolitan governance, municipal finance and services in fast-growing cities.",
        "Metropolitan coordination, land value capture, municipal infrastructure finance and "
        "informal settlements: members from city governments, development banks and research "
        "institutes compare how cities govern and pay for their growth.",
        topics=("urban-development", "infrastructure-and-public-works"),
    ),
    DemoGroup(
        "climate",
        "Climate",
        THEMATIC,
        "Local governments and climate finance, adaptation and resilience.",
        "How climate finance reaches local governments (performance-based climate resilience "
        "grants, LoCAL), local adaptation planning, and the role of subnational governments "
        "in meeting national climate commitments.",
        topics=("climate-and-environment", "water-and-sanitation"),
    ),
)

# The demo login belongs to one group, so its home suggests others and its profile lists one.
DEMO_MEMBER_GROUP = "subnational-finance"


def seed(*, groups: int = len(GROUPS)) -> str:
    """Creates the first `groups` demo groups that are missing and their members."""
    chosen = GROUPS[: max(0, min(groups, len(GROUPS)))]
    created = _ensure_groups(chosen)
    people = _SeededPeople.load()
    memberships = sum(_ensure_members(spec, people) for spec in chosen)
    requests = _ensure_requests(chosen, people)
    return (
        f"{created} groups created, {memberships:,} memberships and {requests} requests "
        f"to join added"
    )


@transaction.atomic
def _ensure_groups(chosen: tuple[DemoGroup, ...]) -> int:
    topics = {t.slug: t for t in Topic.objects.all()}
    regions = {r.slug: r for r in Region.objects.all()}
    existing = set(WorkingGroup.objects.values_list("slug", flat=True))
    created = 0
    for spec in chosen:
        if spec.slug in existing:
            continue
        group = WorkingGroup.objects.create(
            slug=spec.slug,
            name=spec.name,
            kind=spec.kind,
            summary=spec.summary,
            description=spec.description,
            join_policy=spec.join_policy,
            visibility=spec.visibility,
            welcome_message=(
                f"Welcome to the {spec.name} working group! We meet about quarterly; the next "
                "meeting will appear on the group's page. Introduce yourself in the group's "
                "forum and tell us what you are working on."
            ),
        )
        services.set_group_image(group=group, uploaded=_banner(spec))
        group.topics.set([topics[s] for s in spec.topics if s in topics])
        group.regions.set([regions[s] for s in spec.regions if s in regions])
        WorkingGroup.objects.filter(pk=group.pk).update(
            created_at=GROUPS_CREATED, updated_at=GROUPS_CREATED
        )
        created += 1
    return created


# Regional groups in the brand's teal, thematic ones in its amber; a pattern drawn from the slug.
_BANNER_COLOURS = {
    REGIONAL: ((22, 94, 110), (238, 214, 180)),
    THEMATIC: ((150, 84, 20), (250, 226, 170)),
}


def _banner(spec: DemoGroup) -> SimpleUploadedFile:
    """A plain generated picture for a demo group (no download, no photograph)."""
    background, ink = _BANNER_COLOURS[spec.kind]
    image = Image.new("RGB", GROUP_IMAGE_SIZE, background)
    draw = ImageDraw.Draw(image)
    rng = random.Random(f"{RANDOM_SEED}-{spec.slug}")
    for _ in range(14):
        x, y, r = rng.randint(0, 480), rng.randint(0, 320), rng.randint(18, 90)
        draw.ellipse((x - r, y - r, x + r, y + r), outline=ink, width=rng.randint(2, 6))
    draw.text((24, 250), spec.name, fill=ink, font=ImageFont.load_default(size=34))
    buffer = BytesIO()
    image.save(buffer, "PNG")
    return SimpleUploadedFile(f"{spec.slug}.png", buffer.getvalue(), content_type="image/png")


@dataclass
class _Person:
    number: int  # the seeded member's number; 0 for the demo login
    user_id: int
    region: str | None
    topics: frozenset[int]
    regions: frozenset[str]


@dataclass
class _SeededPeople:
    people: list[_Person]
    demo_user_id: int | None

    @classmethod
    def load(cls) -> "_SeededPeople":
        """The seeded members in number order, with what their sign-up said interests them."""
        profiles = list(
            Profile.objects.filter(user__email__endswith=f"@{SEEDED_EMAIL_DOMAIN}").values_list(
                "pk", "user_id", "user__email", "world_region_id"
            )
        )
        topics: dict[int, set[int]] = {}
        for through in (Profile.interests.through, Profile.expertise.through):
            for profile_id, topic_id in through.objects.filter(
                profile__user__email__endswith=f"@{SEEDED_EMAIL_DOMAIN}"
            ).values_list("profile_id", "topic_id"):
                topics.setdefault(profile_id, set()).add(topic_id)
        regions: dict[int, set[str]] = {}
        for profile_id, slug in Profile.regions_of_interest.through.objects.filter(
            profile__user__email__endswith=f"@{SEEDED_EMAIL_DOMAIN}"
        ).values_list("profile_id", "region__slug"):
            regions.setdefault(profile_id, set()).add(slug)
        people = [
            _Person(
                number=int(email.split("@")[0].removeprefix("seed-")),
                user_id=user_id,
                region=region,
                topics=frozenset(topics.get(pk, ())),
                regions=frozenset(regions.get(pk, ())) | ({region} if region else set()),
            )
            for pk, user_id, email, region in profiles
        ]
        people.sort(key=lambda person: person.number)
        demo = User.objects.filter(email=DEMO_MEMBER.email).values_list("pk", flat=True).first()
        return cls(people, demo)


def _draw(*parts) -> float:
    return random.Random(f"{RANDOM_SEED}:" + ":".join(map(str, parts))).random()


def _joined(person: _Person, slug: str) -> datetime:
    days = int(_draw(person.number, slug, "joined") * 270)
    return GROUPS_CREATED + timedelta(days=days, hours=int(_draw(person.number, slug, "h") * 10))


@transaction.atomic
def _ensure_members(spec: DemoGroup, people: _SeededPeople) -> int:
    group = WorkingGroup.objects.get(slug=spec.slug)
    topic_ids = set(group.topics.values_list("pk", flat=True))
    region_slugs = set(spec.regions)
    chairs_wanted = spec.co_chairs
    chairs = 0
    rows = []
    for person in people.people:
        matched = bool(person.topics & topic_ids or person.regions & region_slugs)
        # Co-chairs are the first matching members the draw picks, so they stay the same as
        # more members are seeded.
        if (
            matched
            and chairs < chairs_wanted
            and _draw(person.number, spec.slug, "chair") < (CO_CHAIR_SHARE)
        ):
            chairs += 1
            role = Membership.Role.CO_CHAIR
        elif _draw(person.number, spec.slug) < (MATCHED_SHARE if matched else UNMATCHED_SHARE):
            role = Membership.Role.MEMBER
        else:
            continue
        rows.append(
            Membership(
                group=group,
                user_id=person.user_id,
                role=role,
                created_at=_joined(person, spec.slug),
                updated_at=_joined(person, spec.slug),
            )
        )
    if spec.slug == DEMO_MEMBER_GROUP and people.demo_user_id:
        rows.append(
            Membership(
                group=group,
                user_id=people.demo_user_id,
                created_at=GROUPS_CREATED,
                updated_at=GROUPS_CREATED,
            )
        )
    before = Membership.objects.filter(group=group).count()
    with _timestamps_as_given(Membership):
        Membership.objects.bulk_create(rows, ignore_conflicts=True)
    # bulk_create sends no signals: the stored count and the pages' version are moved here.
    WorkingGroup.objects.filter(pk=group.pk).recount_members()
    bump_directory_version()
    return Membership.objects.filter(group=group).count() - before


def _ensure_requests(chosen: tuple[DemoGroup, ...], people: _SeededPeople) -> int:
    """A few pending requests to join each by-request group, from early seeded members."""
    added = 0
    for spec in chosen:
        if spec.join_policy != WorkingGroup.JoinPolicy.REQUEST:
            continue
        group = WorkingGroup.objects.get(slug=spec.slug)
        if group.join_requests.exists():
            continue
        members = set(group.memberships.values_list("user_id", flat=True))
        candidates = [p for p in people.people if p.user_id not in members][:PENDING_REQUESTS]
        with _timestamps_as_given(JoinRequest):
            JoinRequest.objects.bulk_create(
                JoinRequest(
                    group=group,
                    user_id=person.user_id,
                    message="I work on these reforms in my country and would like to join "
                    "the group's meetings.",
                    created_at=_joined(person, f"{spec.slug}-request"),
                    updated_at=_joined(person, f"{spec.slug}-request"),
                )
                for person in candidates
            )
        added += len(candidates)
    return added


class _timestamps_as_given:
    """Lets bulk_create keep the dates we set instead of stamping every row with now."""

    def __init__(self, model):
        self.fields = [model._meta.get_field("created_at"), model._meta.get_field("updated_at")]

    def __enter__(self):
        self.saved = [(f.auto_now, f.auto_now_add) for f in self.fields]
        for f in self.fields:
            f.auto_now = f.auto_now_add = False

    def __exit__(self, *exc):
        for f, (auto_now, auto_now_add) in zip(self.fields, self.saved, strict=True):
            f.auto_now, f.auto_now_add = auto_now, auto_now_add
