from django.db import migrations
from django.utils.text import slugify


def load_taxonomy(apps, schema_editor):
    # The lists now live in the taxonomy app; world regions became rows of their own there
    # (taxonomy 0001), so only topics and languages are loaded here.
    from taxonomy.data import DIMENSIONS, LANGUAGES, SECTORS, THEMES

    Topic = apps.get_model("members", "Topic")
    Language = apps.get_model("members", "Language")
    for kind, names in (("dimension", DIMENSIONS), ("sector", SECTORS), ("theme", THEMES)):
        for name in names:
            Topic.objects.get_or_create(
                slug=slugify(name), defaults={"kind": kind, "name": name}
            )
    for code, name in LANGUAGES:
        Language.objects.get_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]

    operations = [migrations.RunPython(load_taxonomy, migrations.RunPython.noop)]
