from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = _("Decentralization.Net")

    def ready(self):
        from blog.cache import connect_signals

        connect_signals()
