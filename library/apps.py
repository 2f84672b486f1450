from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "library"
    verbose_name = _("Library")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from library import services
        from library.cache import connect_signals
        from library.models import Author, Authorship, Resource

        connect_signals()
        post_save.connect(services.on_resource_saved, sender=Resource, dispatch_uid="edition")
        post_save.connect(services.on_author_saved, sender=Author, dispatch_uid="author-names")
        for signal, verb in ((post_save, "save"), (post_delete, "delete")):
            signal.connect(
                services.on_authorship_changed,
                sender=Authorship,
                dispatch_uid=f"author-names-{verb}",
            )
