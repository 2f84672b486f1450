"""The newsletter's lists, subscribers and their consent in the admin, and the CSV import.

Consent records are evidence: the admin shows them and never edits or deletes them (nor the
subscribers they belong to, which would take them along). Subscriptions change through the
subscribers' own pages or the services, each change with its record."""

import io

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.db.models import Count, Q
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from lpsa.admin import ReadOnlyAdmin
from newsletter import services
from newsletter.importing import ImportRefused, import_subscribers
from newsletter.models import ConsentRecord, MailingList, Subscriber, Subscription

IMPORT_MAX_BYTES = 5 * 1024 * 1024


@admin.register(MailingList)
class MailingListAdmin(admin.ModelAdmin):
    """Lists are made by migration (the site's) and with each working group (the groups'); staff
    rename, describe, order and close them. Deleting one would drop its subscriptions."""

    list_display = ["name", "kind", "group", "subscribed_count", "receiving_count", "is_active"]
    list_filter = ["kind", "is_active"]
    list_select_related = ["group"]
    search_fields = ["name", "slug"]
    fields = ["name", "description", "kind", "group", "slug", "position", "is_active"]
    # The slug is in every message's List-Id: mail filters depend on it.
    readonly_fields = ["kind", "group", "slug"]

    def get_queryset(self, request):
        subscribed = Q(subscriptions__status=Subscription.Status.SUBSCRIBED)
        return (
            super()
            .get_queryset(request)
            .annotate(
                subscribed_count=Count("subscriptions", filter=subscribed),
                receiving_count=Count(
                    "subscriptions",
                    filter=subscribed
                    & Q(
                        subscriptions__subscriber__confirmed_at__isnull=False,
                        subscriptions__subscriber__suppressed_at__isnull=True,
                    ),
                ),
            )
        )

    @admin.display(description=_("subscribed"), ordering="subscribed_count")
    def subscribed_count(self, mailing_list) -> int:
        return mailing_list.subscribed_count

    @admin.display(description=_("receiving mail"), ordering="receiving_count")
    def receiving_count(self, mailing_list) -> int:
        return mailing_list.receiving_count

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyInline(ReadOnlyAdmin, admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False


class SubscriptionInline(ReadOnlyInline):
    model = Subscription
    fields = ["mailing_list", "status", "subscribed_at", "unsubscribed_at"]
    readonly_fields = fields


class ConsentRecordInline(ReadOnlyInline):
    model = ConsentRecord
    fields = [
        "occurred_at",
        "mailing_list",
        "action",
        "method",
        "source",
        "ip_address",
        "wording",
        "recorded_at",
    ]
    readonly_fields = fields


class YesNoFilter(admin.SimpleListFilter):
    """Whether a date field is set ("confirmed", "suppressed"), as yes or no."""

    field_name = ""

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() in {"yes", "no"}:
            return queryset.filter(**{f"{self.field_name}__isnull": self.value() == "no"})
        return queryset


class ConfirmedFilter(YesNoFilter):
    title = _("confirmed")
    parameter_name = "confirmed"
    field_name = "confirmed_at"


class SuppressedFilter(YesNoFilter):
    title = _("suppressed")
    parameter_name = "suppressed"
    field_name = "suppressed_at"


class SubscriberImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "A MailChimp audience export (its subscribed, unsubscribed or cleaned file), or a CSV "
            "with the columns email (required), name, consent_date, consent_source, language. "
            "UTF-8, at most 5 MB."
        ),
    )
    lists = forms.ModelMultipleChoiceField(
        label=_("Subscribe them to"),
        queryset=MailingList.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    wording = forms.CharField(
        label=_("What they agreed to"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The sign-up form's words at the time, kept with each consent record."),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run: report what would be imported, write nothing"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lists"].queryset = MailingList.objects.for_form()
        self.fields["lists"].initial = list(
            MailingList.objects.filter(kind=MailingList.Kind.NEWSLETTER).values_list(
                "pk", flat=True
            )
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("This file is %(size)s; the import takes files up to 5 MB.")
                % {"size": filesizeformat(upload.size)}
            )
        try:
            self.cleaned_data["text"] = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _(
                    "This file is not UTF-8 text. In Excel, save it as “CSV UTF-8 (comma "
                    "delimited)”; MailChimp's exports are UTF-8 already."
                )
            ) from None
        return upload


# Staff correct what a subscriber told us. The address, whose account it is and its states
# change only through the services, each with its record: a subscriber tied to another account
# would hand that member its lists.
SUBSCRIBER_CORRECTABLE = {"name", "language", "topics", "regions"}


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "name", "user", "confirmed_at", "suppressed_at", "failure_count"]
    list_filter = [ConfirmedFilter, SuppressedFilter, "language"]
    list_select_related = ["user"]
    search_fields = ["email", "name"]
    filter_horizontal = ["topics", "regions"]
    fields = [
        "email",
        "name",
        "language",
        "user",
        "topics",
        "regions",
        "confirmed_at",
        "welcomed_at",
        "confirmation_sent_at",
        "failure_count",
        "suppressed_at",
        "suppression_reason",
    ]
    readonly_fields = [field for field in fields if field not in SUBSCRIBER_CORRECTABLE]
    inlines = [SubscriptionInline, ConsentRecordInline]
    actions = ["suppress", "lift_suppression"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Suppress: send them nothing more"), permissions=["change"])
    def suppress(self, request, queryset):
        reason = gettext("Suppressed by %(email)s in the admin") % {"email": request.user.email}
        count = 0
        for subscriber in queryset.filter(suppressed_at__isnull=True):
            services.suppress_subscriber(
                subscriber_id=subscriber.pk, reason=reason, method=ConsentRecord.Method.STAFF
            )
            self.log_change(request, subscriber, gettext("Suppressed"))
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d address suppressed.", "%(count)d addresses suppressed.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Lift suppression"), permissions=["change"])
    def lift_suppression(self, request, queryset):
        count = 0
        for subscriber in queryset.filter(suppressed_at__isnull=False):
            if services.lift_suppression(subscriber_id=subscriber.pk):
                self.log_change(request, subscriber, gettext("Suppression lifted"))
                count += 1
        self.message_user(
            request,
            ngettext(
                "Suppression lifted for %(count)d address.",
                "Suppression lifted for %(count)d addresses.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "may_import": self.has_change_permission(request)}
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="newsletter_subscriber_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        form = SubscriberImportForm(request.POST or None, request.FILES or None)
        report = None
        status = 200
        if request.method == "POST":
            status = 400
            if form.is_valid():
                data = form.cleaned_data
                try:
                    report = import_subscribers(
                        rows_file=io.StringIO(data["text"], newline=""),
                        filename=data["file"].name,
                        lists=data["lists"],
                        wording=data["wording"],
                        dry_run=data["dry_run"],
                    )
                    status = 200
                except ImportRefused as refused:
                    form.add_error("file", str(refused))
                except IntegrityError:
                    form.add_error(
                        None,
                        gettext(
                            "Someone subscribed with one of these addresses during the import, "
                            "so nothing was imported: import the file again."
                        ),
                    )
                    status = 409
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Import subscribers from CSV"),
            "form": form,
            "report": report,
        }
        return TemplateResponse(
            request, "admin/newsletter/subscriber/import.html", context, status=status
        )


@admin.register(ConsentRecord)
class ConsentRecordAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Read only, for ever: who agreed to what, when and how."""

    list_display = ["occurred_at", "subscriber", "mailing_list", "action", "method", "source"]
    list_filter = ["action", "method", "mailing_list"]
    list_select_related = ["subscriber", "mailing_list"]
    search_fields = ["subscriber__email"]
    date_hierarchy = "occurred_at"


# Issues, their sections and deliveries are administered in issue_admin.py.
import newsletter.issue_admin  # noqa: E402, F401
