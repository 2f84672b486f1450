"""The suite-wide guard: no newsletter message ever goes to an unconfirmed, unsubscribed or
suppressed address.

Every message the portal sends in a test passes through `check_message`: in-process sends through
`GuardedLocmemBackend` (tests/conftest.py installs it for every test), a worker's sends through the
integration tests' SMTP server (tests/integration/conftest.py), at the moment they are sent. A
newsletter message is one that carries a `List-Id` or the newsletter's unsubscribe link in
`List-Unsubscribe`; its token names the subscriber and list, which must be active right then.
"""

import email
import re
from email import policy
from email.message import Message

from django.core.mail import EmailMessage
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend

UNSUBSCRIBE_PATH = re.compile(r"/newsletter/unsubscribe/([^/>\s]+)/")

# Every violation seen in this process; tests/conftest.py fails the test that caused one.
violations: list[str] = []


def _recipients(message: Message) -> list[str]:
    from email.utils import getaddresses

    return [address.lower() for _, address in getaddresses(message.get_all("To", []))]


def check_message(message: Message) -> str | None:
    """Why `message` must not have been sent, or None. Reads the database as it is now."""
    from newsletter import tokens
    from newsletter.models import Subscriber, Subscription

    list_id = message.get("List-Id")
    unsubscribe = message.get("List-Unsubscribe") or ""
    found = UNSUBSCRIBE_PATH.search(unsubscribe)
    if not found:
        if list_id:
            return f"list mail ({list_id}) without the newsletter's unsubscribe link"
        return None
    try:
        subscriber_id, mailing_list_id = tokens.read_unsubscribe_token(found.group(1))
    except tokens.BadToken:
        return f"a List-Unsubscribe token that does not verify: {unsubscribe}"
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:
        return f"newsletter mail for subscriber {subscriber_id}, who does not exist"
    if subscriber.email.lower() not in _recipients(message):
        return f"newsletter mail for {subscriber.email} sent to {message.get('To')}"
    if subscriber.confirmed_at is None:
        return f"newsletter mail to the unconfirmed address {subscriber.email}"
    if subscriber.suppressed_at is not None:
        return f"newsletter mail to the suppressed address {subscriber.email}"
    subscriptions = Subscription.objects.filter(
        subscriber=subscriber, status=Subscription.Status.SUBSCRIBED
    )
    if mailing_list_id:
        subscriptions = subscriptions.filter(mailing_list_id=mailing_list_id)
    if not subscriptions.exists():
        return f"newsletter mail to {subscriber.email}, not subscribed to list {mailing_list_id}"
    return None


def record(message: Message) -> None:
    problem = check_message(message)
    if problem:
        violations.append(problem)
        raise AssertionError(f"Newsletter guard: {problem}")


class GuardedLocmemBackend(LocmemBackend):
    """Django's in-memory backend, checking each message as it is sent."""

    def send_messages(self, messages: list[EmailMessage]) -> int:
        for message in messages:
            record(message.message())
        return super().send_messages(messages)


class GuardedSmtpBackend(SmtpBackend):
    """Django's SMTP backend, checking each message in the sending thread (which sees the test's
    uncommitted rows, where the SMTP server's thread cannot): whatever the connection sends after
    a DATA command is a message, whether smtplib's sendmail() sent it or the newsletter's own
    conversation (newsletter/sending.py)."""

    def open(self):
        opened = super().open()
        if self.connection is not None and not hasattr(self.connection, "_guarded"):
            send = self.connection.send
            after_data = False

            def guarded_send(payload):
                nonlocal after_data
                if after_data and payload != b".\r\n":
                    record(email.message_from_bytes(payload, policy=policy.default))
                after_data = payload in ("data\r\n", b"data\r\n")
                return send(payload)

            self.connection.send = guarded_send
            self.connection._guarded = True
        return opened
