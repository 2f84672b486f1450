"""What the newsletter does when other apps' rows change."""

from newsletter.services import Provenance


def give_group_a_list(sender, instance, created: bool = False, raw: bool = False, **kwargs) -> None:
    if created and not raw:
        from newsletter.services import ensure_group_list

        ensure_group_list(instance)


def confirm_on_account_verified(sender, request, email_address, **kwargs) -> None:
    """A member who asked for the newsletter at sign-up is confirmed when they verify the same
    address for their account: one link proves it for both."""
    from newsletter.models import ConsentRecord, Subscriber
    from newsletter.services import confirm_subscriber

    subscriber = (
        Subscriber.objects.filter(user_id=email_address.user_id)
        .filter(email__iexact=email_address.email)
        .first()
    )
    if subscriber is None:
        return
    confirm_subscriber(
        subscriber=subscriber,
        provenance=Provenance(
            method=ConsentRecord.Method.ACCOUNT_VERIFIED,
            source=request.path if request is not None else "",
            ip_address=request.META.get("REMOTE_ADDR") if request is not None else None,
        ),
    )


def connect_account_signals() -> None:
    from allauth.account.signals import email_confirmed

    email_confirmed.connect(confirm_on_account_verified, dispatch_uid="newsletter-confirm-account")
