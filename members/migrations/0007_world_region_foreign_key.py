import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("members", "0006_world_region_nullable")]

    # The column keeps its name and its values (the region slugs); it gains a foreign key.
    operations = [
        migrations.AlterField(
            model_name="profile",
            name="world_region",
            field=models.ForeignKey(blank=True, db_column="world_region", editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="residents", to="taxonomy.region", to_field="slug", verbose_name="world region"),
        ),
    ]
