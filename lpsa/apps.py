from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class LpsaConfig(AppConfig):
    name = "lpsa"
    verbose_name = "LPSA portal"


class PortalAdminConfig(admin_apps.AdminConfig):
    """Django's admin on the portal's own site, which signs staff in through allauth."""

    default = False  # named in INSTALLED_APPS; LpsaConfig stays this module's default
    default_site = "lpsa.admin.PortalAdminSite"
