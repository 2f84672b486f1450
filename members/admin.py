from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from members.models import ContactMessage, Profile, User


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    filter_horizontal = ("expertise", "interests", "regions_of_interest", "languages")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("email",)
    list_display = ("email", "is_active", "is_staff", "date_joined", "last_login")
    search_fields = ("email", "profile__full_name")
    list_filter = ("is_active", "is_staff", "is_superuser")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    inlines = [ProfileInline]


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("full_name", "organisation", "country", "world_region", "listed_in_directory")
    list_filter = ("listed_in_directory", "world_region", "organisation_type", "profile_visibility")
    search_fields = ("full_name", "organisation", "user__email")
    list_select_related = ("user", "world_region")
    raw_id_fields = ("user",)
    filter_horizontal = ("expertise", "interests", "regions_of_interest", "languages")


@admin.register(ContactMessage)
class ContactMessageAdmin(admin.ModelAdmin):
    list_display = ("subject", "sender", "recipient", "created_at", "sent_at")
    list_select_related = ("sender", "recipient")
    raw_id_fields = ("sender", "recipient")
    readonly_fields = ("created_at", "sent_at")
