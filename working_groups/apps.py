from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkingGroupsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "working_groups"
    verbose_name = _("Working groups")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from members.directory_cache import DIRECTORY
        from working_groups.models import JoinRequest, Membership, WorkingGroup, count_membership

        for signal, verb in ((post_save, "save"), (post_delete, "delete")):
            signal.connect(count_membership, sender=Membership, dispatch_uid=f"count-{verb}")
        # The directory filters by membership, profiles list their groups, group pages list
        # members, and the member home suggests groups not joined or asked for: all cached under
        # the directory's version.
        DIRECTORY.connect(WorkingGroup, Membership, JoinRequest)
