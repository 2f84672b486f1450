"""Sign-up takes the same work whether or not the address is registered, so time tells nothing."""

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.urls import reverse

from members.models import User
from tests.members.test_accounts import NEW_PASSWORD, sign_up

pytestmark = pytest.mark.django_db


class CountingHasher(MD5PasswordHasher):
    """The fast test hasher, counting the passwords it hashes."""

    algorithm = "counting_md5"
    hashed: list[str] = []

    def encode(self, password, salt):
        CountingHasher.hashed.append(password)
        return super().encode(password, salt)


@pytest.fixture
def hashed_passwords(settings):
    settings.PASSWORD_HASHERS = ["tests.members.test_signup.CountingHasher"]
    CountingHasher.hashed.clear()
    yield CountingHasher.hashed
    CountingHasher.hashed.clear()


def test_signing_up_with_a_new_address_hashes_the_password_once(
    client, hashed_passwords, django_capture_on_commit_callbacks
):
    response = sign_up(client, django_capture_on_commit_callbacks, email="fresh@example.net")

    assert response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.filter(email="fresh@example.net").exists()
    assert hashed_passwords == [NEW_PASSWORD]


def test_signing_up_with_a_registered_address_hashes_the_password_once_too(
    client, member, hashed_passwords, django_capture_on_commit_callbacks
):
    response = sign_up(client, django_capture_on_commit_callbacks, email=member.email)

    assert response["Location"] == reverse("account_email_verification_sent")
    assert [m.to for m in mail.outbox] == [[member.email]]  # "you already have an account"
    assert User.objects.filter(email__iexact=member.email).count() == 1
    assert hashed_passwords == [NEW_PASSWORD]
