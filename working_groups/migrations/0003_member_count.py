from django.db import migrations, models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce


def count_existing_members(apps, schema_editor):
    WorkingGroup = apps.get_model("working_groups", "WorkingGroup")
    Membership = apps.get_model("working_groups", "Membership")
    counted = (
        Membership.objects.filter(group=OuterRef("pk"))
        .order_by()
        .values("group")
        .annotate(total=Count("pk"))
        .values("total")
    )
    WorkingGroup.objects.update(member_count=Coalesce(Subquery(counted), 0))


class Migration(migrations.Migration):
    dependencies = [
        ("working_groups", "0002_announcements"),
    ]

    operations = [
        migrations.AddField(
            model_name="workinggroup",
            name="member_count",
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name="members"),
        ),
        migrations.RunPython(count_existing_members, migrations.RunPython.noop),
    ]
