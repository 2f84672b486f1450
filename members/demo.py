"""The members' demo content: the demo logins and a plausible community of members.

Seeded accounts have addresses like seed-00001@demo.lpsa.example and the demo password. Member
number n is always generated from the same random seed, so a run creates exactly the members that
are missing up to the requested number and two databases seeded to the same size hold the same
rows (timestamps, password hashes and photo names included).
"""

import random
from bisect import bisect
from dataclasses import dataclass, field
from datetime import UTC, datetime
from io import BytesIO
from itertools import accumulate

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image, ImageDraw

from lpsa.demo_logins import DEMO_MEMBER, DEMO_STAFF, DemoLogin
from lpsa.seeding import timestamps_as_given
from members import demo_data, services
from members.directory_cache import bump_directory_version
from members.models import Profile, User, Visibility
from taxonomy.models import Language, Region, Topic
from taxonomy.regions import region_for_country

SEEDED_EMAIL_DOMAIN = "demo.lpsa.example"
RANDOM_SEED = 2026
CHUNK_SIZE = 2000
# The Alliance was incorporated in January 2022 and had 2,443 members by December 2025.
JOINED_FROM = datetime(2022, 1, 15, tzinfo=UTC)
JOINED_UNTIL = datetime(2025, 12, 15, tzinfo=UTC)
# A fixed salt makes the demo password's hash the same in every database: demo data only.
DEMO_PASSWORD_SALT = "lpsademoseed2026"

_COUNTRY_CUM_WEIGHTS = list(accumulate(c.weight for c in demo_data.COUNTRIES))
_ORG_TYPES = list(demo_data.ORGANISATION_TYPE_WEIGHTS)
_ORG_TYPE_CUM_WEIGHTS = list(accumulate(demo_data.ORGANISATION_TYPE_WEIGHTS.values()))


def seeded_email(number: int) -> str:
    return f"seed-{number:05d}@{SEEDED_EMAIL_DOMAIN}"


def seed(*, members: int) -> str:
    """Creates the demo logins and the seeded members 1..`members` that are missing."""
    taxonomy = _Taxonomy.load()
    if not taxonomy.expertise or not taxonomy.language_by_code:
        raise RuntimeError("The taxonomy is missing: run `manage.py migrate` first.")
    ensure_demo_accounts(taxonomy)
    created, total = seed_members(members, taxonomy)
    bump_directory_version()  # bulk inserts send no signals
    return f"{created:,} members created, {total:,} seeded members in all"


@dataclass
class _Taxonomy:
    expertise: list[Topic]
    topic_by_slug: dict[str, Topic]
    region_by_slug: dict[str, Region]
    language_by_code: dict[str, Language]

    @classmethod
    def load(cls) -> "_Taxonomy":
        topics = list(Topic.objects.order_by("pk"))
        return cls(
            expertise=topics,
            topic_by_slug={t.slug: t for t in topics},
            region_by_slug={r.slug: r for r in Region.objects.order_by("pk")},
            language_by_code={lang.code: lang for lang in Language.objects.all()},
        )


@dataclass
class _Member:
    user: User
    profile: Profile
    expertise: list[Topic] = field(default_factory=list)
    interests: list[Topic] = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)
    languages: list[Language] = field(default_factory=list)


def seed_members(count: int, taxonomy: _Taxonomy) -> tuple[int, int]:
    """Creates the seeded members numbered 1..count that do not exist yet; never deletes."""
    existing = set(
        User.objects.filter(email__endswith=f"@{SEEDED_EMAIL_DOMAIN}").values_list(
            "email", flat=True
        )
    )
    missing = [n for n in range(1, count + 1) if seeded_email(n) not in existing]
    if missing:
        # Hashing is deliberately slow: once for every seeded member, not once each.
        password_hash = make_password(DEMO_MEMBER.password, salt=DEMO_PASSWORD_SALT)
        with timestamps_as_given(Profile):
            for start in range(0, len(missing), CHUNK_SIZE):
                chunk = missing[start : start + CHUNK_SIZE]
                _insert([_generate(n, password_hash, taxonomy) for n in chunk])
    return len(missing), len(existing) + len(missing)


@transaction.atomic
def _insert(members: list[_Member]) -> None:
    users = User.objects.bulk_create([m.user for m in members])
    if users and users[0].pk is None:  # databases that cannot return ids from a bulk insert
        ids = dict(
            User.objects.filter(email__in=[u.email for u in users]).values_list("email", "pk")
        )
        for user in users:
            user.pk = ids[user.email]
    EmailAddress.objects.bulk_create(
        EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users
    )
    for member in members:
        member.profile.user = member.user
    profiles = Profile.objects.bulk_create([m.profile for m in members])
    if profiles and profiles[0].pk is None:
        ids = dict(Profile.objects.filter(user__in=users).values_list("user_id", "pk"))
        for profile in profiles:
            profile.pk = ids[profile.user_id]

    expertise_through = Profile.expertise.through
    interests_through = Profile.interests.through
    regions_through = Profile.regions_of_interest.through
    languages_through = Profile.languages.through
    expertise_through.objects.bulk_create(
        expertise_through(profile_id=m.profile.pk, topic_id=t.pk)
        for m in members
        for t in m.expertise
    )
    interests_through.objects.bulk_create(
        interests_through(profile_id=m.profile.pk, topic_id=t.pk)
        for m in members
        for t in m.interests
    )
    regions_through.objects.bulk_create(
        regions_through(profile_id=m.profile.pk, region_id=r.pk) for m in members for r in m.regions
    )
    languages_through.objects.bulk_create(
        languages_through(profile_id=m.profile.pk, language_id=lang.pk)
        for m in members
        for lang in m.languages
    )


def _pick(rng: random.Random, weighted: dict[str, int]) -> str:
    return rng.choices(list(weighted), weights=list(weighted.values()))[0]


def _lower(name: str) -> str:
    return name[:1].lower() + name[1:]


def _generate(number: int, password_hash: str, taxonomy: _Taxonomy) -> _Member:
    """Member `number`, the same on every run: a seeded generator of its own."""
    rng = random.Random(RANDOM_SEED * 1_000_003 + number)
    country_index = bisect(_COUNTRY_CUM_WEIGHTS, rng.random() * _COUNTRY_CUM_WEIGHTS[-1])
    country = demo_data.COUNTRIES[country_index]
    region = region_for_country(country.code)
    given_names, family_names, _ = demo_data.NAMES[country.culture]
    given, family = rng.choice(given_names), rng.choice(family_names)
    completeness = rng.choices(("sparse", "partial", "full"), weights=(20, 45, 35))[0]
    sparse, full = completeness == "sparse", completeness == "full"

    # Later years weigh more: the community grew faster after the portal opened.
    joined = JOINED_FROM + (JOINED_UNTIL - JOINED_FROM) * (rng.random() ** 0.6)
    last_login = None
    if rng.random() < 0.7:
        last_login = joined + (JOINED_UNTIL - joined) * rng.random()

    org_type = _ORG_TYPES[bisect(_ORG_TYPE_CUM_WEIGHTS, rng.random() * _ORG_TYPE_CUM_WEIGHTS[-1])]
    organisation, org_type = _organisation(rng, country, region, org_type)
    job_title = rng.choice(demo_data.JOB_TITLES[org_type])

    if sparse:
        n_expertise = 1 if rng.random() < 0.3 else 0
    else:
        n_expertise = rng.randint(2, 5) if full else rng.randint(1, 3)
    expertise = rng.sample(taxonomy.expertise, n_expertise)

    languages = []
    if not sparse:
        codes = list(country.languages[: rng.randint(1, len(country.languages))])
        if "en" not in codes and rng.random() < 0.7:
            codes.append("en")
        if full and "fr" not in codes and rng.random() < 0.15:
            codes.append("fr")
        languages = [taxonomy.language_by_code[c] for c in codes if c in taxonomy.language_by_code]

    interests, regions = [], []
    if full or (not sparse and rng.random() < 0.4):
        if region in taxonomy.region_by_slug and rng.random() < 0.7:
            regions.append(taxonomy.region_by_slug[region])
        interests = rng.sample(taxonomy.expertise, rng.randint(0, 3 if full else 1))

    bio = ""
    if full or (not sparse and rng.random() < 0.2):
        bio = _bio(rng, given.replace("_", " "), country, organisation, expertise, taxonomy, full)

    user = User(
        email=seeded_email(number),
        password=password_hash,
        date_joined=joined,
        last_login=last_login,
        is_active=rng.random() >= 0.01,
    )
    profile = Profile(
        full_name=demo_data.full_name(country.culture, given, family),
        job_title="" if sparse else job_title,
        organisation="" if sparse else organisation,
        organisation_type="" if sparse else org_type,
        country=country.code if (not sparse or rng.random() < 0.5) else "",
        bio=bio,
        time_zone=rng.choice(country.time_zones)
        if full or (not sparse and rng.random() < 0.6)
        else "",
        listed_in_directory=rng.random() < (0.6 if sparse else 0.9),
        profile_visibility=Visibility.PUBLIC if rng.random() < 0.2 else Visibility.MEMBERS,
        email_visibility=_pick(
            rng, {Visibility.HIDDEN: 70, Visibility.MEMBERS: 22, Visibility.PUBLIC: 8}
        ),
        phone_visibility=_pick(
            rng, {Visibility.HIDDEN: 40, Visibility.MEMBERS: 50, Visibility.PUBLIC: 10}
        ),
        links_visibility=_pick(
            rng, {Visibility.MEMBERS: 60, Visibility.PUBLIC: 35, Visibility.HIDDEN: 5}
        ),
        created_at=joined,
        updated_at=joined + (JOINED_UNTIL - joined) * rng.random() * 0.5,
    )
    # bulk_create skips Profile.save(), which is what usually derives the region.
    profile.world_region_id = (
        region_for_country(profile.country.code) if profile.country else ""
    ) or None
    if full:
        slug = f"{given}-{family}-{number}".lower().replace("_", "-").replace("'", "")
        if rng.random() < 0.5:
            profile.linkedin = f"https://www.linkedin.com/in/{slug}"
        if rng.random() < 0.25:
            profile.website = f"https://{slug}.example.org/"
        if org_type == "academia" and rng.random() < 0.7:
            digits = f"{rng.randrange(10**15):015d}"
            profile.orcid = (
                f"https://orcid.org/0000-{digits[0:4]}-{digits[4:8]}-{digits[8:11]}"
                f"{rng.choice('0123456789X')}"
            )
        if rng.random() < 0.3:
            profile.phone = f"+{country.dialling_code} {rng.randrange(10**8, 10**9)}"
    return _Member(user, profile, expertise, interests, regions, languages)


def _organisation(rng, country: demo_data.Country, region: str, org_type: str) -> tuple[str, str]:
    local = demo_data.COUNTRY_ORGANISATIONS.get(country.code, ())
    if local and rng.random() < 0.25:
        return rng.choice(local)
    templates = list(demo_data.ORGANISATIONS[org_type])
    if org_type == "development-partner":
        templates += demo_data.EXTRA_DEVELOPMENT_PARTNERS
        regional = demo_data.REGIONAL_ORGANISATIONS
        templates = [t for t in templates if region in regional.get(t, {region})]
    template = rng.choice(templates)
    return template.format(country=country.name, city=rng.choice(country.cities)), org_type


def _bio(rng, first, country, organisation, expertise, taxonomy, full) -> str:
    names = [t.name for t in expertise]
    while len(names) < 3:
        extra = rng.choice(taxonomy.expertise).name
        if extra not in names:
            names.append(extra)
    values = {
        "first": first,
        "t1": _lower(names[0]),
        "t2": _lower(names[1]),
        "t3": _lower(names[2]),
        "country": country.name,
        "org": organisation,
        "years": rng.randint(3, 25),
    }
    sentences = [rng.choice(demo_data.BIO_OPENINGS)]
    if full:
        sentences += rng.sample(demo_data.BIO_MIDDLES, rng.randint(1, 2))
        sentences.append(rng.choice(demo_data.BIO_CLOSINGS))
    return " ".join(s.format(**values) for s in sentences if s)


# --- The named demo accounts ------------------------------------------------------------------
# Their dates are fixed too, so that every database seeded alike holds the same rows.
DEMO_ACCOUNTS_JOINED = datetime(2025, 3, 7, 9, 0, tzinfo=UTC)


def ensure_demo_accounts(taxonomy: _Taxonomy) -> None:
    demo_user = _ensure_account(DEMO_MEMBER, staff=False)
    topics = taxonomy.topic_by_slug
    profile = services.create_member_profile(
        user=demo_user,
        full_name="Demo Member",
        listed_in_directory=True,
        interests=[topics[s] for s in ("health", "localization") if s in topics],
        regions_of_interest=[taxonomy.region_by_slug["africa"]],
    )
    profile.job_title = "Decentralization specialist"
    profile.organisation = "Local Public Sector Alliance"
    profile.organisation_type = "civil-society"
    profile.country = "KE"
    profile.time_zone = "Africa/Nairobi"
    profile.bio = (
        "The account for trying the portal. Works on fiscal decentralization and "
        "intergovernmental fiscal transfers in East Africa, and on the last mile of local "
        "service delivery."
    )
    profile.profile_visibility = Visibility.MEMBERS
    profile.links_visibility = Visibility.MEMBERS
    profile.save()
    profile.expertise.set(
        [
            topics[s]
            for s in (
                "fiscal-decentralization",
                "intergovernmental-fiscal-transfers",
                "local-service-delivery-and-the-last-mile",
            )
            if s in topics
        ]
    )
    profile.languages.set(
        [taxonomy.language_by_code[c] for c in ("en", "sw", "fr") if c in taxonomy.language_by_code]
    )
    if not profile.photo_medium:
        services.set_profile_photo(profile=profile, uploaded=_portrait_placeholder())

    staff_user = _ensure_account(DEMO_STAFF, staff=True)
    services.get_or_create_profile(user=staff_user)
    Profile.objects.filter(user__in=[demo_user, staff_user]).update(
        created_at=DEMO_ACCOUNTS_JOINED, updated_at=DEMO_ACCOUNTS_JOINED
    )


def _ensure_account(login: DemoLogin, *, staff: bool) -> User:
    user = User.objects.filter(email=login.email).first()
    if user is None:
        user = User(email=login.email, is_staff=staff, is_superuser=staff)
    elif user.check_password(login.password) and user.is_active and user.is_staff == staff:
        return _verified(user)
    user.password = make_password(login.password, salt=DEMO_PASSWORD_SALT)
    user.is_active = True
    user.is_staff = user.is_superuser = staff
    user.date_joined = DEMO_ACCOUNTS_JOINED
    user.save()
    return _verified(user)


def _verified(user: User) -> User:
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def _portrait_placeholder() -> SimpleUploadedFile:
    """A plain illustrated avatar, so the demo profile is complete without a real photo."""
    image = Image.new("RGB", (400, 400), (22, 94, 110))
    draw = ImageDraw.Draw(image)
    draw.ellipse((130, 70, 270, 210), fill=(238, 214, 180))
    draw.ellipse((70, 230, 330, 480), fill=(240, 180, 60))
    buffer = BytesIO()
    image.save(buffer, "PNG")
    return SimpleUploadedFile("demo_data.png", buffer.getvalue(), content_type="image/png")
