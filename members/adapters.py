from allauth.account import forms as allauth_forms
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.auth.hashers import make_password
from django.contrib.sites.shortcuts import get_current_site
from django.http import HttpRequest
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

    def add_message(self, request: HttpRequest, level, message_template=None, *args, **kwargs):
        # Confirming an address also signs the member in; "You have confirmed …" says enough, and
        # the header shows who is signed in.
        confirming = request.resolver_match and (
            request.resolver_match.url_name == "account_confirm_email"
        )
        if confirming and message_template == "account/messages/logged_in.txt":
            return
        super().add_message(request, level, message_template, *args, **kwargs)


class LoginForm(allauth_forms.LoginForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The login page links to the reset form beside its button; allauth's help text under
        # the password field would show the link a second time.
        self.fields["password"].help_text = ""


class SignupForm(allauth_forms.SignupForm):
    """allauth's sign-up form, doing the same work whether or not the address is registered."""

    def try_save(self, request: HttpRequest):
        if self.account_already_exists:
            # A new account costs one password hash (a few hundred ms). Without one here, a quick
            # answer would tell that the address belongs to a member.
            make_password(self.cleaned_data["password1"])
        return super().try_save(request)
