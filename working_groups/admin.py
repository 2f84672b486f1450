from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from forums import services as forum_services
from working_groups import services
from working_groups.forms import WorkingGroupAdminForm
from working_groups.models import (
    Announcement,
    JoinRequest,
    Membership,
    WorkingGroup,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]
    fields = ["user", "role", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(WorkingGroup)
class WorkingGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "join_policy", "visibility"]
    list_filter = ["kind", "join_policy", "visibility"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["topics", "regions"]
    inlines = [MembershipInline]
    form = WorkingGroupAdminForm

    def save_model(self, request, obj, form, change):
        # A new image is stored as the portal's rendition of it, never as uploaded: the upload
        # is kept out of the first save and handed to the service after it.
        uploaded = form.cleaned_data.get("image") if "image" in form.changed_data else None
        if uploaded:
            obj.image = form.initial.get("image") or ""
        super().save_model(request, obj, form, change)
        if uploaded:
            services.set_group_image(group=obj, uploaded=uploaded)
        # Every group has its forum category, private when the group is listed to members only.
        forum_services.create_group_category(group=obj)


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "group", "status", "created_at", "decided_at"]
    list_filter = ["status", "group"]
    raw_id_fields = ["user", "decided_by"]


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    """Staff see that an announcement went out, when and to how many; nobody edits one."""

    list_display = ["subject", "group", "author", "created_at", "sent_at", "recipient_count"]
    list_filter = ["group", ("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["subject", "group__name"]
    raw_id_fields = ["author"]
    readonly_fields = [
        "group",
        "author",
        "subject",
        "body",
        "created_at",
        "recipient_count",
        "sent_at",
        "delivered",
    ]
    fields = readonly_fields

    @admin.display(description=_("emails sent so far"))
    def delivered(self, announcement: Announcement) -> int:
        # A large group's deliveries are counted, not listed.
        return announcement.deliveries.filter(sent_at__isnull=False).count()

    def has_add_permission(self, request) -> bool:
        return False
