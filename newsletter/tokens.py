"""Signed tokens for the links in the newsletter's mail: no login or cookie needed, none guessable.

A token names what it opens (a subscriber, and for an unsubscribe link the list) and carries an
HMAC under SECRET_KEY with a salt per purpose, so a token made for one purpose opens nothing else
and a changed character is refused. Confirmation links expire; unsubscribe and preference links
do not (RFC 8058: the link must keep working long after the message was sent)."""

from django.core import signing

CONFIRMATION_MAX_AGE = 7 * 24 * 3600

_UNSUBSCRIBE = signing.Signer(salt="newsletter.unsubscribe", algorithm="sha256")
_MANAGE = signing.Signer(salt="newsletter.manage", algorithm="sha256")
_CONFIRM = signing.TimestampSigner(salt="newsletter.confirm", algorithm="sha256")


class BadToken(Exception):
    """A token that was changed, made for another purpose, or has expired."""


def _ids(value: str, count: int) -> tuple[int, ...]:
    parts = value.split(".")
    if len(parts) != count or not all(part.isdigit() for part in parts):
        raise BadToken(value)
    return tuple(int(part) for part in parts)


def unsubscribe_token(*, subscriber_id: int, list_id: int) -> str:
    return _UNSUBSCRIBE.sign(f"{subscriber_id}.{list_id}")


def read_unsubscribe_token(token: str) -> tuple[int, int]:
    """(subscriber id, list id); raises BadToken."""
    try:
        return _ids(_UNSUBSCRIBE.unsign(token), 2)
    except signing.BadSignature as exc:
        raise BadToken(token) from exc


def manage_token(*, subscriber_id: int) -> str:
    return _MANAGE.sign(str(subscriber_id))


def read_manage_token(token: str) -> int:
    try:
        return _ids(_MANAGE.unsign(token), 1)[0]
    except signing.BadSignature as exc:
        raise BadToken(token) from exc


def confirmation_token(*, subscriber_id: int) -> str:
    return _CONFIRM.sign(str(subscriber_id))


def read_confirmation_token(token: str) -> int:
    try:
        return _ids(_CONFIRM.unsign(token, max_age=CONFIRMATION_MAX_AGE), 1)[0]
    except signing.BadSignature as exc:  # SignatureExpired is one
        raise BadToken(token) from exc
