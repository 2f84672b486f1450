import zoneinfo
from datetime import date, datetime, time

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from events import services
from events.models import Event, EventDocument, Registration, Speaker

# Links typed without a scheme are https (Django 6's default; 5.2 warns until told).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


class SpeakerInline(admin.TabularInline):
    model = Speaker
    extra = 1
    raw_id_fields = ["member"]
    fields = ["name", "affiliation", "member", "position"]


class DocumentInline(admin.TabularInline):
    model = EventDocument
    formfield_overrides = HTTPS_URLS
    extra = 0
    fields = ["title", "url", "position"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "starts_at", "time_zone", "working_group", "visibility"]
    list_filter = ["kind", "format", "visibility", "working_group"]
    search_fields = ["title"]
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["topics", "regions"]
    inlines = [SpeakerInline, DocumentInline]
    formfield_overrides = HTTPS_URLS
    readonly_fields = ["sequence"]

    def get_changeform_initial_data(self, request):
        """The meeting planner's "Schedule at this time" link gives the start as the
        SplitDateTime widget's two parts, in the zone it names."""
        initial = super().get_changeform_initial_data(request)
        day, time_of_day = request.GET.get("starts_at_0"), request.GET.get("starts_at_1")
        if day and time_of_day:
            try:
                zone = zoneinfo.ZoneInfo(request.GET.get("time_zone") or "UTC")
                initial["starts_at"] = datetime.combine(
                    date.fromisoformat(day), time.fromisoformat(time_of_day), tzinfo=zone
                )
            except (ValueError, zoneinfo.ZoneInfoNotFoundError):
                pass  # a hand-edited link: the form starts empty
        return initial

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            services.note_calendar_change(event=obj, changed=form.changed_data)


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "event", "status", "attended", "created_at"]
    list_filter = ["status", "attended"]
    search_fields = ["name", "email", "event__title"]
    raw_id_fields = ["user", "event"]
    readonly_fields = [
        "confirmed_at",
        "waitlisted_at",
        "cancelled_at",
        "confirmation_sent_at",
        "promotion_sent_at",
        "reminder_24h_sent_at",
        "reminder_1h_sent_at",
    ]
    verbose_name = _("registration")
