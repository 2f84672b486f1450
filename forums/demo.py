"""The forums' demo content: general categories, one per working group, conversations in each,
and one long topic whose size is an option (`seed_demo --forum-long-topic-posts 100000` makes the
topic the benchmark opens at its first, middle and last page).

Deterministic: fixed random seed, fixed dates, authors drawn from the seeded members by address
order, every row written by bulk_create with its timestamps as given. Idempotent: a category,
topic or post that exists is left alone; the long topic only grows to the size asked.
"""

import random
from datetime import UTC, datetime, timedelta
from functools import cache

from django.db import transaction

from forums.cache import FORUMS
from forums.markdown import render_post
from forums.models import Category, Post, Topic
from forums.services import create_group_category
from lpsa.seeding import timestamps_as_given
from members.demo import SEEDED_EMAIL_DOMAIN
from members.models import User
from working_groups.models import WorkingGroup

RANDOM_SEED = 2026
# The portal opened its forums with the portal, in March 2025.
STARTED = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)
LONG_TOPIC_TITLE = "Property tax around the world: the long thread"
LONG_TOPIC_CATEGORY = "fiscal-decentralization"
CHUNK_SIZE = 5000

GENERAL_CATEGORIES = [
    (
        "welcome",
        "Welcome and introductions",
        "New to the Alliance? Say who you are, where you work and what you hope to learn.",
    ),
    (
        "fiscal-decentralization",
        "Fiscal decentralization",
        "Own-source revenues, intergovernmental transfers, borrowing and subnational finance.",
    ),
    (
        "service-delivery",
        "Local governance and service delivery",
        "The last mile: water, health, education and roads delivered by local governments.",
    ),
    (
        "multilevel-governance",
        "Multilevel governance and the SDGs",
        "Devolution, deconcentration and delegation; localizing the Sustainable Development Goals.",
    ),
    (
        "portal-help",
        "Portal help and feedback",
        "Questions about the member portal, the directory and the forums themselves.",
    ),
]

TOPIC_TITLES = {
    "welcome": [
        "Hello from Nairobi: county budgets and public participation",
        "Introducing myself: a municipal finance officer in Lima",
        "New member from Dhaka, working on union parishad capacity",
        "Greetings from Tunis: decentralization after the 2018 municipal elections",
    ],
    "fiscal-decentralization": [
        "How do own-source revenues grow after a cadastre update?",
        "Equalization transfers: formula or negotiation?",
        "Subnational borrowing rules that actually held",
        "The InFER framework in practice: first lessons",
        "Performance-based grants and local capacity",
    ],
    "service-delivery": [
        "Who maintains rural water points after handover?",
        "Primary health care under devolution: what changed for staff?",
        "School grants paid directly to schools: evidence wanted",
        "Solid waste: inter-municipal cooperation that works",
    ],
    "multilevel-governance": [
        "Localizing the SDGs: voluntary local reviews worth reading",
        "Deconcentration versus devolution in post-conflict settings",
        "The LoGICA profiles: comparing neighbours in a region",
        "Climate finance reaching local governments",
    ],
    "portal-help": [
        "How do I hide my email address in the directory?",
        "Suggestion: a digest of new forum topics",
    ],
}
GROUP_TOPIC_TITLES = [
    "Agenda for our next quarterly meeting",
    "Notes from the last open meeting",
    "Call for a co-chair nomination",
    "Reading list for new members",
]

PARAGRAPHS = [
    "In our experience the **cadastre update** was the easy part; collection rates only moved "
    "once the council published what the tax paid for.",
    "We tried a formula-based equalization grant in 2019. The formula survived two budget "
    "cycles before the ministry started negotiating again.",
    "Has anyone compared this with the OECD/UCLG World Observatory figures? Our share of "
    "subnational expenditure looks low against regional peers.",
    "A useful primer: the LPSA *Fiscal Decentralization Primer*, chapter 3, on assignment of "
    "revenue sources.",
    "> Transfers should follow functions, not the other way round.\n\nStill the best rule of "
    "thumb I know.",
    "Three things helped us:\n\n1. a published allocation formula\n2. a fixed calendar for "
    "releases\n3. an audit of arrears every year",
    "In Kenya the counties' own-source revenue is still under 10% of their budgets; the "
    "equitable share dominates.",
    "The performance grants worked where the assessment was done by an independent body, and "
    "failed where the ministry assessed itself.",
    "We met with the district engineers last week. Maintenance budgets are the first line cut "
    "when transfers arrive late.",
    "| Country | Own revenue share |\n|---|---|\n| Philippines | 32% |\n| Indonesia | 14% |",
    "See the webinar recording from the series with UNCDF: https://example.org/webinars/local-"
    "finance",
    "Agreed. The question is less *whether* to devolve than *in what order*: functions, then "
    "finances, then the staff.",
    "Our municipality publishes every contract over a threshold; complaints dropped after the "
    "first year.",
    "Thanks, this is helpful. I will share it with our working group before the quarterly meeting.",
    "A caution from the MENA region: elected councils without their own revenue quickly lose "
    "their voters' trust.",
    "Could someone share the terms of reference for the expenditure review? We are drafting "
    "ours now.",
]


@cache
def _html(source: str) -> str:
    return render_post(source)


def seed(*, forum_long_topic_posts: int) -> str:
    authors = list(
        User.objects.filter(email__endswith=f"@{SEEDED_EMAIL_DOMAIN}")
        .order_by("email")
        .values_list("pk", flat=True)[:400]
    )
    if not authors:
        return "no seeded members to write posts: skipped"
    rng = random.Random(RANDOM_SEED)
    _seed_group_categories()
    with timestamps_as_given(Category, Topic, Post):
        categories = _seed_categories()
        topics = _seed_topics(categories, authors, rng)
        long_posts = _seed_long_topic(categories, authors, forum_long_topic_posts)
    FORUMS.bump()  # bulk inserts send no signals
    return (
        f"{len(categories)} categories, {topics} topics created, long topic of {long_posts:,} posts"
    )


@transaction.atomic
def _seed_categories() -> list[Category]:
    existing = set(Category.objects.values_list("slug", flat=True))
    Category.objects.bulk_create(
        Category(
            slug=slug,
            name=name,
            description=description,
            position=position,
            created_at=STARTED,
            updated_at=STARTED,
        )
        for position, (slug, name, description) in enumerate(GENERAL_CATEGORIES)
        if slug not in existing
    )
    return list(Category.objects.order_by("position", "slug"))


@transaction.atomic
def _seed_group_categories() -> None:
    """Through the service the working groups' own services call, then dated like the rest."""
    for group in WorkingGroup.objects.order_by("pk"):
        category = create_group_category(group=group)
        if category.created_at != STARTED:
            Category.objects.filter(pk=category.pk).update(created_at=STARTED, updated_at=STARTED)


@transaction.atomic
def _seed_topics(categories: list[Category], authors: list[int], rng: random.Random) -> int:
    existing = set(Topic.objects.values_list("category_id", "title"))
    created = 0
    for index, category in enumerate(categories):
        titles = TOPIC_TITLES.get(category.slug, GROUP_TOPIC_TITLES if category.group_id else [])
        for number, title in enumerate(titles):
            # Drawn whether or not the topic exists, so the draws never depend on what is there.
            replies = rng.randint(1, 14)
            picks = [rng.choice(authors) for _ in range(replies + 1)]
            texts = [rng.choice(PARAGRAPHS) for _ in range(replies + 1)]
            if (category.pk, title) in existing:
                continue
            start = STARTED + timedelta(days=index * 11 + number * 5, hours=number)
            times = [start + timedelta(hours=6 * n, minutes=7 * n) for n in range(replies + 1)]
            topic = Topic.objects.create(
                category=category,
                title=title,
                author_id=picks[0],
                last_post_number=replies + 1,
                last_posted_at=times[-1],
                created_at=start,
                updated_at=times[-1],
            )
            Post.objects.bulk_create(
                Post(
                    topic=topic,
                    number=n + 1,
                    author_id=picks[n],
                    source=texts[n],
                    html=_html(texts[n]),
                    created_at=times[n],
                    updated_at=times[n],
                )
                for n in range(replies + 1)
            )
            created += 1
    return created


def _seed_long_topic(categories: list[Category], authors: list[int], posts: int) -> int:
    category = next((c for c in categories if c.slug == LONG_TOPIC_CATEGORY), None)
    if category is None or posts < 1:
        return 0
    topic = Topic.objects.filter(category=category, title=LONG_TOPIC_TITLE).first()
    if topic is None:
        topic = Topic.objects.create(
            category=category,
            title=LONG_TOPIC_TITLE,
            author_id=authors[0],
            created_at=STARTED,
            updated_at=STARTED,
        )
    have = topic.last_post_number
    for start in range(have + 1, posts + 1, CHUNK_SIZE):
        numbers = range(start, min(start + CHUNK_SIZE, posts + 1))
        with transaction.atomic():
            Post.objects.bulk_create(_long_topic_post(topic, n, authors) for n in numbers)
            last = numbers[-1]
            Topic.objects.filter(pk=topic.pk).update(
                last_post_number=last, last_posted_at=_long_topic_time(last), updated_at=STARTED
            )
    return max(have, posts)


def _long_topic_time(number: int) -> datetime:
    return STARTED + timedelta(minutes=3 * number)


def _long_topic_post(topic: Topic, number: int, authors: list[int]) -> Post:
    # A pure function of the number, so growing the topic later writes the same rows.
    source = PARAGRAPHS[(number * 7) % len(PARAGRAPHS)]
    when = _long_topic_time(number)
    return Post(
        topic=topic,
        number=number,
        author_id=authors[(number * 31) % len(authors)],
        source=source,
        html=_html(source),
        created_at=when,
        updated_at=when,
    )
