"""Topic and Language move to the taxonomy app. Their tables are renamed here; taxonomy 0001
takes the models over in Django's state, and members 0005 repoints the profile's fields."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("members", "0003_time_zone_choices_in_form")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name="topic", table="taxonomy_topic"),
                migrations.AlterModelTable(name="language", table="taxonomy_language"),
            ],
        )
    ]
