import os
from urllib.parse import urlparse

from django.db import migrations


def name_the_site(apps, schema_editor):
    Site = apps.get_model("sites", "Site")
    domain = urlparse(os.environ.get("SITE_URL", "http://127.0.0.1:8000")).netloc
    Site.objects.update_or_create(
        pk=1, defaults={"domain": domain, "name": "LPSA Member Portal"}
    )


class Migration(migrations.Migration):
    dependencies = [("sites", "0002_alter_domain_unique")]

    operations = [migrations.RunPython(name_the_site, migrations.RunPython.noop)]
