from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.template.loader import render_to_string

from lpsa.mail import build_email, queue_email
from lpsa.timezones import remember_zone
from members.models import Profile


class AccountAdapter(DefaultAccountAdapter):
    def login(self, request, user) -> None:
        super().login(request, user)
        # Times are shown in the member's own zone; remembered once per session.
        zone = Profile.objects.filter(user=user).values_list("time_zone", flat=True).first()
        remember_zone(request, zone)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # allauth's own subject and text (translated by allauth), inside the portal's layout;
        # rendered here, where the request is, and sent by the worker once the request commits.
        request = allauth_context.request
        full_context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            **context,
        }
        subject = render_to_string(f"{template_prefix}_subject.txt", full_context)
        body = render_to_string(f"{template_prefix}_message.txt", full_context)
        message = build_email(
            template="account/allauth_message",
            context={"body": body.strip()},
            subject=subject,
            to=[email],
        )
        queue_email(message, template=template_prefix)
