from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "newsletter"
    verbose_name = _("Newsletter")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from newsletter import signals
        from newsletter.cache import connect_signals
        from working_groups.models import WorkingGroup

        connect_signals()

        # Every working group has a list of its own, made with the group.
        post_save.connect(
            signals.give_group_a_list, sender=WorkingGroup, dispatch_uid="newsletter-group-list"
        )
        signals.connect_account_signals()
