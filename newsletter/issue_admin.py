"""Composing and sending issues in the admin: the issue and its sections (drafted from what is
new, reordered and edited by staff), a preview, a test send, send now or schedule, the progress
while it goes out, and each recipient's delivery (so a permanent failure is visible).

Every page here is for staff who may change issues. Sending is one UPDATE and one task, however
many subscribers the list has (newsletter/sending.py); only the confirmation page counts them.
"""

from csp.constants import NONE, SELF, UNSAFE_INLINE
from csp.decorators import csp_replace
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe
from django_ratelimit.core import is_ratelimited

from lpsa.admin import ReadOnlyAdmin
from lpsa.timezones import zone_label
from newsletter import rendering, sending, services
from newsletter.models import Delivery, Issue, IssueSection, Subscription

# Links typed without a scheme are https (Django 6's default; 5.2 warns until told).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}
# Test sends a staff member may ask for in an hour: enough to check a draft again and again,
# too few for the form to become a way to mail anyone anything.
TEST_SENDS_PER_HOUR = 10
# The progress page asks again this often while the issue is sending.
PROGRESS_REFRESH_SECONDS = 5

# The preview is the email itself: its <style> block (media queries) and style attributes are
# what mail clients get. This response alone may use them; it runs no script at all.
preview_csp = csp_replace(
    {
        "style-src-elem": [SELF, UNSAFE_INLINE],
        "style-src-attr": [UNSAFE_INLINE],
        "script-src": [NONE],
    }
)


def may_change_issues(user) -> bool:
    return user.has_perm("newsletter.change_issue")


class IssueSectionInline(admin.StackedInline):
    """An issue's sections, edited with it while it is a draft or scheduled; `position` orders
    them (lowest first)."""

    model = IssueSection
    extra = 0
    formfield_overrides = HTTPS_URLS
    fields = [
        ("position", "kind"),
        "heading",
        "body",
        ("link_url", "link_label"),
        "image_url",
        ("image_width", "image_height"),
        "image_alt",
        "source",
    ]
    readonly_fields = ["source"]

    # The issue's permissions decide: its sections are part of it, and frozen with it.
    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("newsletter.view_issue") or may_change_issues(request.user)

    def has_add_permission(self, request, obj=None):
        return may_change_issues(request.user) and (obj is None or obj.is_editable)

    def has_change_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)


class TestSendForm(forms.Form):
    email = forms.EmailField(
        label=_("Send a test to"),
        help_text=_("It goes to this address only, with “[Test]” before the subject."),
    )


class ScheduleForm(forms.Form):
    send_at = forms.DateTimeField(
        label=_("Send at"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def clean_send_at(self):
        send_at = self.cleaned_data["send_at"]
        if send_at <= timezone.now():
            raise forms.ValidationError(gettext("Choose a time in the future."))
        return send_at


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    list_display = [
        "subject",
        "mailing_list",
        "status",
        "scheduled_for",
        "recipient_count",
        "started_at",
        "finished_at",
    ]
    list_filter = ["status", "mailing_list"]
    list_select_related = ["mailing_list"]
    search_fields = ["subject"]
    inlines = [IssueSectionInline]
    actions = ["redraft_selected"]
    add_fields = ["mailing_list", "subject", "preheader", "intro", "in_archive"]
    change_fields = [*add_fields, "slug"]
    frozen_fields = [
        "status",
        "scheduled_for",
        "created_by",
        "recipient_count",
        "started_at",
        "finished_at",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("mailing_list")

    # --- The issue's own form ---

    def get_fields(self, request, obj=None):
        if obj is None:
            return self.add_fields
        return [*self.change_fields, *self.frozen_fields]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        if not obj.is_editable:
            return [*self.change_fields, *self.frozen_fields]
        return self.frozen_fields

    def get_inlines(self, request, obj):
        # A new issue has no sections yet: they are drafted when it is saved.
        return self.inlines if obj is not None else []

    def has_change_permission(self, request, obj=None):
        # Once sending starts, the issue is what recipients got: shown, never changed.
        return super().has_change_permission(request, obj) and (obj is None or obj.is_editable)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or obj.is_editable)

    def get_actions(self, request):
        actions = super().get_actions(request)
        # Bulk deletion would take sent issues (and their delivery records) with the drafts.
        actions.pop("delete_selected", None)
        return actions

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        issue = services.create_issue(
            mailing_list=obj.mailing_list,
            subject=obj.subject,
            created_by=request.user,
            preheader=obj.preheader,
            intro=obj.intro,
            in_archive=obj.in_archive,
        )
        # The admin goes on with `obj` (its log entry, its redirect): make it the issue made.
        for field in Issue._meta.concrete_fields:
            setattr(obj, field.attname, getattr(issue, field.attname))
        obj._state.adding = False
        obj._state.db = issue._state.db

    def response_add(self, request, obj, post_url_continue=None):
        drafted = obj.sections.count()
        messages.info(
            request,
            ngettext(
                "%(count)d section was drafted from what is new: reorder and edit it below.",
                "%(count)d sections were drafted from what is new: reorder and edit them below.",
                drafted,
            )
            % {"count": drafted},
        )
        return HttpResponseRedirect(self._url("change", obj))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        issue = self.get_object(request, object_id)
        extra = {}
        if issue is not None:
            extra = self._issue_context(issue)
            if issue.status in (Issue.Status.SENDING, Issue.Status.SENT):
                extra["progress"] = sending.progress(issue)
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    @admin.action(description=_("Draft again from new content"), permissions=["change"])
    def redraft_selected(self, request, queryset):
        added = 0
        for issue in queryset.filter(status__in=[Issue.Status.DRAFT, Issue.Status.SCHEDULED]):
            added += len(services.redraft_issue(issue=issue))
        self.message_user(
            request,
            ngettext(
                "%(count)d section added from new content.",
                "%(count)d sections added from new content.",
                added,
            )
            % {"count": added},
        )

    # --- Pages of their own ---

    def get_urls(self):
        def wrap(view):
            return self.admin_site.admin_view(view)

        own = [
            ("preview/", self.preview_view, "preview"),
            ("preview.txt", self.preview_text_view, "preview_text"),
            ("test-send/", self.test_send_view, "test_send"),
            ("send/", self.send_view, "send"),
            ("schedule/", self.schedule_view, "schedule"),
            ("unschedule/", self.unschedule_view, "unschedule"),
            ("redraft/", self.redraft_view, "redraft"),
            ("progress/", self.progress_view, "progress"),
        ]
        return [
            path(f"<path:object_id>/{route}", wrap(view), name=f"newsletter_issue_{name}")
            for route, view, name in own
        ] + super().get_urls()

    def _url(self, name: str, issue: Issue) -> str:
        if name == "change":
            return reverse("admin:newsletter_issue_change", args=[issue.pk])
        return reverse(f"admin:newsletter_issue_{name}", kwargs={"object_id": issue.pk})

    def _issue_for(self, request: HttpRequest, object_id: str) -> Issue:
        if not self.has_change_permission(request):
            raise PermissionDenied
        issue = self.get_object(request, object_id)
        if issue is None:
            raise Http404
        return issue

    def _issue_context(self, issue: Issue) -> dict:
        return {
            "issue": issue,
            "issue_urls": {
                name: self._url(name, issue)
                for name in (
                    "change",
                    "preview",
                    "preview_text",
                    "test_send",
                    "send",
                    "schedule",
                    "unschedule",
                    "redraft",
                    "progress",
                )
            },
            "failed_deliveries_url": (
                reverse("admin:newsletter_delivery_changelist")
                + f"?issue__id__exact={issue.pk}&status__exact={Delivery.Status.FAILED}"
            ),
        }

    def _render(self, request, template: str, issue: Issue, title: str, status=200, **context):
        return TemplateResponse(
            request,
            f"admin/newsletter/issue/{template}",
            {
                **self.admin_site.each_context(request),
                **self._issue_context(issue),
                "opts": self.opts,
                "title": title,
                **context,
            },
            status=status,
        )

    def _back_to_issue(self, issue: Issue) -> HttpResponseRedirect:
        return HttpResponseRedirect(self._url("change", issue))

    def _refuse_unless_editable(self, request, issue: Issue):
        if issue.is_editable:
            return None
        messages.error(
            request,
            gettext("“%(subject)s” is being sent or was sent: it cannot be changed any more.")
            % {"subject": issue.subject},
        )
        return self._back_to_issue(issue)

    def preview_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        issue = self._issue_for(request, object_id)
        return _preview(request, issue)

    def preview_text_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        issue = self._issue_for(request, object_id)
        return _preview_text(request, issue)

    def test_send_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        issue = self._issue_for(request, object_id)
        form = TestSendForm(request.POST or None, initial={"email": request.user.email})
        title = gettext("Send a test of “%(subject)s”") % {"subject": issue.subject}
        if request.method == "POST":
            if is_ratelimited(
                request,
                group="newsletter:test_send",
                key="user",
                rate=f"{TEST_SENDS_PER_HOUR}/h",
                method="POST",
                increment=True,
            ):
                form.is_valid()
                form.add_error(
                    None,
                    gettext(
                        "You have sent %(count)d tests in the last hour, the most we accept. "
                        "Nothing was sent; please try again later."
                    )
                    % {"count": TEST_SENDS_PER_HOUR},
                )
                return self._render(request, "test_send.html", issue, title, 429, form=form)
            if form.is_valid():
                email = form.cleaned_data["email"]
                services.send_test_issue(issue=issue, email=email)
                messages.success(
                    request,
                    gettext("A test of “%(subject)s” is on its way to %(email)s.")
                    % {"subject": issue.subject, "email": email},
                )
                return self._back_to_issue(issue)
        return self._render(request, "test_send.html", issue, title, form=form)

    def send_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        issue = self._issue_for(request, object_id)
        if request.method == "POST":
            try:
                sending.send_now(issue=issue)
            except sending.NotSendable:
                messages.error(
                    request,
                    gettext("“%(subject)s” is already being sent or was sent: nothing changed.")
                    % {"subject": issue.subject},
                )
                return self._back_to_issue(issue)
            messages.success(
                request,
                gettext("“%(subject)s” is being sent.") % {"subject": issue.subject},
            )
            return HttpResponseRedirect(self._url("progress", issue))
        refused = self._refuse_unless_editable(request, issue)
        if refused:
            return refused
        # The one count of the list's subscribers: sending itself counts none.
        subscribers = (
            Subscription.objects.active().filter(mailing_list_id=issue.mailing_list_id).count()
        )
        title = gettext("Send “%(subject)s” now") % {"subject": issue.subject}
        return self._render(request, "send.html", issue, title, subscribers=subscribers)

    def schedule_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        issue = self._issue_for(request, object_id)
        refused = self._refuse_unless_editable(request, issue)
        if refused:
            return refused
        initial = {}
        if issue.scheduled_for:
            initial["send_at"] = timezone.localtime(issue.scheduled_for)
        form = ScheduleForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                sending.schedule(issue=issue, when=form.cleaned_data["send_at"])
            except sending.NotSendable:
                return self._refuse_unless_editable(request, issue) or self._back_to_issue(issue)
            messages.success(
                request,
                gettext("“%(subject)s” will be sent on %(when)s (%(zone)s).")
                % {
                    "subject": issue.subject,
                    "when": _local(issue.scheduled_for),
                    "zone": zone_label(timezone.get_current_timezone()),
                },
            )
            return self._back_to_issue(issue)
        title = gettext("Schedule “%(subject)s”") % {"subject": issue.subject}
        return self._render(
            request,
            "schedule.html",
            issue,
            title,
            form=form,
            zone=zone_label(timezone.get_current_timezone()),
        )

    def unschedule_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        issue = self._issue_for(request, object_id)
        return require_POST(self._unschedule)(request, issue)

    def _unschedule(self, request: HttpRequest, issue: Issue) -> HttpResponse:
        if issue.status == Issue.Status.SCHEDULED:
            sending.unschedule(issue=issue)
            messages.success(
                request,
                gettext("“%(subject)s” is no longer scheduled: it is a draft again.")
                % {"subject": issue.subject},
            )
        else:
            messages.error(
                request,
                gettext("“%(subject)s” was not scheduled: nothing changed.")
                % {"subject": issue.subject},
            )
        return self._back_to_issue(issue)

    def redraft_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        issue = self._issue_for(request, object_id)
        refused = self._refuse_unless_editable(request, issue)
        if refused:
            return refused
        if request.method == "POST":
            added = services.redraft_issue(issue=issue)
            messages.success(
                request,
                ngettext(
                    "%(count)d section added from new content.",
                    "%(count)d sections added from new content.",
                    len(added),
                )
                % {"count": len(added)},
            )
            return self._back_to_issue(issue)
        title = gettext("Draft “%(subject)s” again from new content") % {"subject": issue.subject}
        return self._render(request, "redraft.html", issue, title)

    def progress_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        issue = self._issue_for(request, object_id)
        return require_safe(self._progress)(request, issue)

    def _progress(self, request: HttpRequest, issue: Issue) -> HttpResponse:
        title = gettext("Deliveries of “%(subject)s”") % {"subject": issue.subject}
        return self._render(
            request,
            "progress.html",
            issue,
            title,
            progress=sending.progress(issue),
            refresh_seconds=(
                PROGRESS_REFRESH_SECONDS if issue.status == Issue.Status.SENDING else None
            ),
        )


def _local(when) -> str:
    from django.utils.formats import date_format

    return date_format(timezone.localtime(when), "DATETIME_FORMAT")


@require_safe
@preview_csp
def _preview(request: HttpRequest, issue: Issue) -> HttpResponse:
    return HttpResponse(rendering.render_preview(issue).html)


@require_safe
def _preview_text(request: HttpRequest, issue: Issue) -> HttpResponse:
    return HttpResponse(
        rendering.render_preview(issue).text, content_type="text/plain; charset=utf-8"
    )


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Who was sent what: one row per recipient of an issue, its failure if any. Read only."""

    list_display = ["email", "issue", "status", "attempts", "sent_at", "error"]
    list_filter = ["status", "issue"]
    list_select_related = ["issue"]
    search_fields = ["email"]
    readonly_fields = [
        "issue",
        "subscription",
        "email",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "error",
    ]
    fields = readonly_fields
    show_full_result_count = False
