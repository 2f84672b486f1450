from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from lpsa.widgets import ChoiceGroups
from members.forms import GroupedTopicField
from newsletter.models import MailingList
from taxonomy.models import Region

# Shown beside the subscribe button and recorded, in the language it was read in, with the
# consent it asked for.
CONSENT_WORDING = _(
    "I agree to receive the lists ticked above from the Local Public Sector Alliance by email. "
    "We will first email you a link to confirm. Every email has a link to unsubscribe at once."
)
MEMBER_CONSENT_WORDING = _(
    "Send the lists ticked above to my account's address. Every email has a link to "
    "unsubscribe at once."
)


class ListChoiceIterator(ModelChoiceIterator):
    """The Alliance's own lists first, then the working groups' lists in a fieldset of their own."""

    def __iter__(self):
        site, groups = [], []
        for mailing_list in self.queryset:
            (groups if mailing_list.group_id else site).append(self.choice(mailing_list))
        yield from site
        if groups:
            yield _("Working groups' news"), groups


class ListsField(forms.ModelMultipleChoiceField):
    widget = ChoiceGroups
    iterator = ListChoiceIterator

    def label_from_instance(self, obj: MailingList) -> str:
        if obj.description and not obj.group_id:
            return f"{obj.name}: {obj.description}"
        return obj.name


def _newsletter_ticked(lists):
    """The newsletter ticked to begin with; a callable, so that a form whose fields come from
    the cache (newsletter/cache.py) asks nothing."""
    return lambda: list(lists.filter(kind=MailingList.Kind.NEWSLETTER).values_list("pk", flat=True))


def lists_field(queryset, **kwargs) -> ListsField:
    return ListsField(queryset=queryset, label=_("Lists"), **kwargs)


class SubscribeForm(forms.Form):
    """Anyone's subscription: an address, the lists, and what they care about (for the welcome)."""

    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    name = forms.CharField(
        label=_("Your name (optional)"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    topics = GroupedTopicField(
        label=_("Topics you care about (optional)"),
        required=False,
        widget=ChoiceGroups(fold=True),
        help_text=_("We use these to point you to matching working groups and events."),
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions you work on (optional)"),
        queryset=Region.objects.all(),
        widget=ChoiceGroups(fold=True),
        required=False,
    )

    def __init__(self, *args, lists, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lists"] = lists_field(
            lists,
            error_messages={"required": _("Choose at least one list.")},
        )
        self.fields["lists"].initial = _newsletter_ticked(lists)
        self.order_fields(["email", "name", "lists", "topics", "regions"])


class MemberSubscribeForm(forms.Form):
    """A signed-in member's one click: the lists they do not have yet."""

    def __init__(self, *args, lists, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lists"] = lists_field(
            lists, error_messages={"required": _("Choose at least one list.")}
        )
        self.fields["lists"].initial = _newsletter_ticked(lists)


class PreferencesForm(forms.Form):
    """A checkbox per list the subscriber may have; the ticked ones are kept, the rest ended."""

    def __init__(self, *args, lists, subscribed_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lists"] = lists_field(lists, required=False)
        self.fields["lists"].initial = list(subscribed_ids)
