from django.db import migrations, models


def load_regions(apps, schema_editor):
    from taxonomy.data import REGIONS

    Region = apps.get_model("taxonomy", "Region")
    for position, (slug, name) in enumerate(REGIONS):
        Region.objects.update_or_create(slug=slug, defaults={"name": name, "position": position})


class Migration(migrations.Migration):
    initial = True

    # The tables of Topic and Language exist already (created by members, renamed by its 0004):
    # this migration only takes them over in Django's state.
    dependencies = [("members", "0004_move_taxonomy_tables")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Topic",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(choices=[("dimension", "Dimension of decentralization"), ("sector", "Sector"), ("theme", "Theme")], max_length=16, verbose_name="kind")),
                        ("name", models.CharField(max_length=120, verbose_name="name")),
                        ("slug", models.SlugField(max_length=120, unique=True)),
                    ],
                    options={
                        "ordering": ["kind", "name"],
                        "verbose_name": "topic",
                        "verbose_name_plural": "topics",
                        "constraints": [models.UniqueConstraint(fields=("kind", "name"), name="topic_unique_name_per_kind")],
                    },
                ),
                migrations.CreateModel(
                    name="Language",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("code", models.CharField(help_text="ISO 639-1 code", max_length=8, unique=True)),
                        ("name", models.CharField(max_length=60, unique=True, verbose_name="name")),
                    ],
                    options={"ordering": ["name"], "verbose_name": "language", "verbose_name_plural": "languages"},
                ),
            ],
        ),
        migrations.CreateModel(
            name="Region",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("slug", models.SlugField(max_length=32, unique=True)),
                ("name", models.CharField(max_length=80, unique=True, verbose_name="name")),
                ("position", models.PositiveSmallIntegerField(default=0, help_text="Order in lists.")),
            ],
            options={"ordering": ["position", "name"], "verbose_name": "world region", "verbose_name_plural": "world regions"},
        ),
        migrations.RunPython(load_regions, migrations.RunPython.noop),
    ]
