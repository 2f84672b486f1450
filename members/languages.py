"""Which language the portal writes to a member in: the one rule every app's mail follows.

A member's choice is `Profile.language`, set at sign-up from the language they signed up in,
by the site's language switch while signed in, and on their profile's edit page. Blank, or a
language the site no longer offers: the site's default (settings.LANGUAGE_CODE).
"""

from django.conf import settings
from django.utils import translation

from members.models import Profile


def supported_language(code: str | None) -> str:
    """The site's language for `code` ("fr-CA" → "fr"), or "" if the site does not offer it."""
    if not code:
        return ""
    try:
        language = translation.get_supported_language_variant(code)
    except LookupError:
        return ""
    return language if language in dict(settings.LANGUAGES) else ""


def mail_language(user) -> str:
    """The language `user` reads the portal's emails in. Reads `user.profile` (select it with
    the user to save a query); an account without a profile gets the default."""
    try:
        chosen = user.profile.language
    except Profile.DoesNotExist:
        chosen = ""
    return supported_language(chosen) or settings.LANGUAGE_CODE
