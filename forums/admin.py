"""Staff see and correct forum content here; moderation itself happens on the forum pages,
where it is recorded (ModerationAction), so the admin shows that record read-only."""

from django.contrib import admin

from forums.models import Category, Flag, ModerationAction, Post, Topic
from lpsa.admin import ReadOnlyAdmin


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "group", "private", "position"]
    list_filter = ["private"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["group"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "last_post_number", "last_posted_at", "pinned", "locked"]
    list_filter = ["pinned", "locked", "hidden", "category"]
    list_select_related = ["category"]
    search_fields = ["title"]
    raw_id_fields = ["author"]
    readonly_fields = ["last_post_number", "last_posted_at"]
    show_full_result_count = False


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["__str__", "author", "created_at", "hidden", "deleted_at"]
    list_select_related = ["topic", "author"]
    raw_id_fields = ["topic", "author"]
    # The HTML is made from the source by the services; an edit here would bypass the sanitizer.
    readonly_fields = ["topic", "number", "source", "html", "edited_at", "like_count"]
    show_full_result_count = False


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    list_display = ["post", "reporter", "status", "created_at", "resolved_by"]
    list_filter = ["status"]
    list_select_related = ["post__topic", "reporter", "resolved_by"]
    raw_id_fields = ["post", "reporter", "resolved_by"]


@admin.register(ModerationAction)
class ModerationActionAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["created_at", "actor", "kind", "topic", "post", "detail"]
    list_filter = ["kind"]
    list_select_related = ["actor", "topic", "post__topic"]
