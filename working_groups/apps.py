from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkingGroupsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "working_groups"
    verbose_name = _("Working groups")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from members.directory_cache import directory_changed
        from working_groups.models import JoinRequest, Membership, WorkingGroup

        # The directory filters by membership, profiles list their groups, and the member home
        # suggests groups not joined or asked for: all cached under the directory's version.
        for model in (WorkingGroup, Membership, JoinRequest):
            for signal, verb in ((post_save, "save"), (post_delete, "delete")):
                signal.connect(
                    directory_changed,
                    sender=model,
                    dispatch_uid=f"directory-{model.__name__}-{verb}",
                )
