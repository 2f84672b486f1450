"""The site's addresses the newsletter's mail names: links with a token, and the domains of
its headers."""

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse


def site_link(name: str, token: str) -> str:
    """The absolute URL of the page `name` that takes a signed `token`."""
    return settings.SITE_URL + reverse(name, kwargs={"token": token})


def site_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def list_id_domain() -> str:
    return f"lists.{site_host()}"


def message_id_domain() -> str:
    return site_host()
