from django.db import migrations, models


def blank_to_null(apps, schema_editor):
    apps.get_model("members", "Profile").objects.filter(world_region="").update(world_region=None)


class Migration(migrations.Migration):
    dependencies = [("members", "0005_profile_taxonomy")]

    operations = [
        migrations.AlterField(
            model_name="profile",
            name="world_region",
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=32, null=True),
        ),
        migrations.RunPython(blank_to_null, migrations.RunPython.noop),
    ]
