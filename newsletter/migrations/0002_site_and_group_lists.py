"""The LPSA newsletter and event announcements lists, and one list per existing working group."""

from datetime import UTC, datetime

from django.db import migrations
from django.utils.text import slugify

# The lists' dates, the same in every database (the demo seeder's test compares two).
CREATED = datetime(2025, 3, 7, 9, 0, tzinfo=UTC)

SITE_LISTS = [
    {
        "kind": "newsletter",
        "slug": "lpsa-newsletter",
        "name": "The LPSA newsletter",
        "description": "Every two months: new posts, events and resources from the Alliance.",
        "position": 0,
    },
    {
        "kind": "events",
        "slug": "event-announcements",
        "name": "Event announcements",
        "description": "Webinars, trainings and conferences, as they are announced.",
        "position": 1,
    },
]


def make_lists(apps, schema_editor):
    MailingList = apps.get_model("newsletter", "MailingList")
    WorkingGroup = apps.get_model("working_groups", "WorkingGroup")
    for values in SITE_LISTS:
        mailing_list, created = MailingList.objects.get_or_create(
            kind=values["kind"], defaults=values
        )
        if created:
            MailingList.objects.filter(pk=mailing_list.pk).update(
                created_at=CREATED, updated_at=CREATED
            )
    for group in WorkingGroup.objects.all():
        MailingList.objects.get_or_create(
            group=group,
            defaults={
                "kind": "working_group",
                "slug": slugify(f"group-{group.slug}")[:140],
                "name": group.name,
                "description": group.summary[:300],
            },
        )


class Migration(migrations.Migration):
    dependencies = [("newsletter", "0001_initial")]

    operations = [migrations.RunPython(make_lists, migrations.RunPython.noop)]
