"""Profiles point at the taxonomy app's rows; region interests become world regions."""

import django.db.models.deletion
from django.db import migrations, models

# The region topics of members 0002, now rows of taxonomy.Region.
REGION_FOR_OLD_TOPIC = {
    "africa": "africa",
    "asia-and-the-pacific": "asia-pacific",
    "middle-east-and-north-africa": "mena",
    "europe-and-central-asia": "europe-central-asia",
    "latin-america-and-the-caribbean": "latin-america",
    "north-america": "north-america",
}


def region_topics_to_regions(apps, schema_editor):
    Profile = apps.get_model("members", "Profile")
    Topic = apps.get_model("taxonomy", "Topic")
    Region = apps.get_model("taxonomy", "Region")
    region_ids = dict(Region.objects.values_list("slug", "pk"))
    through = Profile.interests.through
    rows = through.objects.filter(topic__kind="region").values_list("profile_id", "topic__slug")
    Profile.regions_of_interest.through.objects.bulk_create(
        [
            Profile.regions_of_interest.through(
                profile_id=profile_id, region_id=region_ids[REGION_FOR_OLD_TOPIC[slug]]
            )
            for profile_id, slug in rows
            if REGION_FOR_OLD_TOPIC.get(slug) in region_ids
        ],
        ignore_conflicts=True,
    )
    Topic.objects.filter(kind="region").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0004_move_taxonomy_tables"),
        ("taxonomy", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables are the same ones: only Django's idea of which app owns them changes.
            state_operations=[
                migrations.AlterField(
                    model_name="profile",
                    name="expertise",
                    field=models.ManyToManyField(blank=True, related_name="experts", to="taxonomy.topic", verbose_name="areas of expertise"),
                ),
                migrations.AlterField(
                    model_name="profile",
                    name="interests",
                    field=models.ManyToManyField(blank=True, related_name="interested_profiles", to="taxonomy.topic", verbose_name="interests"),
                ),
                migrations.AlterField(
                    model_name="profile",
                    name="languages",
                    field=models.ManyToManyField(blank=True, related_name="speakers", to="taxonomy.language", verbose_name="languages"),
                ),
                migrations.DeleteModel(name="Topic"),
                migrations.DeleteModel(name="Language"),
            ],
        ),
        migrations.AddField(
            model_name="profile",
            name="regions_of_interest",
            field=models.ManyToManyField(blank=True, related_name="interested_profiles", to="taxonomy.region", verbose_name="regions of interest"),
        ),
        migrations.RunPython(region_topics_to_regions, migrations.RunPython.noop),
    ]
