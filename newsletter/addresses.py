"""The domains the newsletter's headers name, from the site's own address."""

from urllib.parse import urlsplit

from django.conf import settings


def site_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def list_id_domain() -> str:
    return f"lists.{site_host()}"


def message_id_domain() -> str:
    return site_host()
