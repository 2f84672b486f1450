"""`manage.py seed_demo`: the site's demo content, each app seeding its own in dependency order.

Idempotent and deterministic: a second run adds only what is missing, and two databases seeded
with the same options hold the same rows. Adding an app's demo content is one line in SEEDERS.
"""

import time
from collections.abc import Callable
from typing import NamedTuple

from django.core.management.base import BaseCommand, CommandParser

import blog.demo
import events.demo
import forums.demo
import library.demo
import members.demo
import newsletter.demo
import working_groups.demo
from lpsa.demo_logins import DEMO_MEMBER, DEMO_STAFF


class Seeder(NamedTuple):
    app: str
    seed: Callable[..., str]
    # The command-line option (and keyword argument) that scales this app's content.
    option: str
    default: int
    help: str


# In dependency order: an app comes after the apps whose rows its demo content points at.
SEEDERS: tuple[Seeder, ...] = (
    Seeder("members", members.demo.seed, "members", 300, "seeded members in all"),
    # The Alliance's eleven groups, their members drawn from the seeded members.
    Seeder(
        "working_groups",
        working_groups.demo.seed,
        "groups",
        len(working_groups.demo.GROUPS),
        "of the Alliance's working groups",
    ),
    Seeder(
        "forums",
        forums.demo.seed,
        "forum_long_topic_posts",
        60,
        "posts in the forums' long topic (100000 for the benchmark)",
    ),
    # Webinars and the groups' meetings, past and to come, with registrants.
    Seeder("events", events.demo.seed, "events", 40, "demo events (10000 for the benchmark)"),
    # The Alliance's knowledge products, the LoGICA collection and each group's outputs; more
    # than the catalogue adds generated resources sharing one file.
    Seeder(
        "library",
        library.demo.seed,
        "resources",
        len(library.demo.CATALOGUE),
        "library resources (50000 for the benchmark)",
    ),
    # Decentralization.Net's handful of posts, with their images and authors (the demo member
    # among them); more than the handful adds generated posts in bulk.
    Seeder(
        "blog", blog.demo.seed, "posts", len(blog.demo.POSTS), "blog posts (5000 for the benchmark)"
    ),
    # Subscribers among the seeded members, the archive's issues and a draft drafted from the
    # posts, events and resources above.
    Seeder(
        "newsletter",
        newsletter.demo.seed,
        "subscribers",
        200,
        "seeded members subscribed to the newsletter",
    ),
)


class Command(BaseCommand):
    help = "Load demo content (idempotent): the demo logins, then each app's content."

    def add_arguments(self, parser: CommandParser) -> None:
        for seeder in SEEDERS:
            parser.add_argument(
                f"--{seeder.option.replace('_', '-')}",
                dest=seeder.option,
                type=int,
                default=seeder.default,
                help=f"How many {seeder.help} (default {seeder.default}).",
            )

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        for seeder in SEEDERS:
            summary = seeder.seed(**{seeder.option: options[seeder.option]})
            self.stdout.write(f"seed_demo {seeder.app}: {summary}")
        self.stdout.write(
            f"seed_demo: done in {time.perf_counter() - started:.1f}s (demo login "
            f"{DEMO_MEMBER.email} / {DEMO_MEMBER.password}, staff {DEMO_STAFF.email} / "
            f"{DEMO_STAFF.password})"
        )
