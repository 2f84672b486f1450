from allauth.account import forms as allauth_forms
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.auth.hashers import make_password
from django.contrib.sites.shortcuts import get_current_site
from django.http import HttpRequest

from lpsa.mail import send_email_after_commit


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # Rendered here, where the request is; sent by the worker once the transaction commits.
        request = allauth_context.request
        full_context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            **context,
        }
        send_email_after_commit(self.render_mail(template_prefix, email, full_context))

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
