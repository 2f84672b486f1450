from django.contrib import admin
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from library import services
from library.forms import ResourceAdminForm
from library.models import (
    Author,
    Authorship,
    Collection,
    CollectionItem,
    GlossaryTerm,
    GlossaryTranslation,
    Resource,
    ResourceCountry,
)


class AuthorshipInline(admin.TabularInline):
    model = Authorship
    extra = 1
    autocomplete_fields = ["author"]
    fields = ["author", "position"]


class CountryInline(admin.TabularInline):
    model = ResourceCountry
    extra = 1


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    form = ResourceAdminForm
    list_display = ["title", "kind", "year", "language", "access", "download_count"]
    list_filter = ["kind", "access", "language", "is_current_edition", "year"]
    search_fields = ["title", "author_names"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["topics", "regions"]
    raw_id_fields = ["first_edition", "original"]
    inlines = [AuthorshipInline, CountryInline]
    readonly_fields = ["stored_file", "download_count"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "summary", "publisher", "year", "language"]}),
        (
            _("Editions and translations"),
            {"fields": ["edition", "edition_number", "first_edition", "original"]},
        ),
        (_("Tagging"), {"fields": ["topics", "regions"]}),
        (
            _("File or link"),
            {
                "fields": [
                    "stored_file",
                    "upload",
                    "external_url",
                    "cover_image",
                    "licence",
                    "access",
                ]
            },
        ),
        (_("Downloads"), {"fields": ["download_count"]}),
    ]

    @admin.display(description=_("stored file"))
    def stored_file(self, resource: Resource) -> str:
        if not resource.file:
            return "—"
        return (
            f"{resource.file.name} ({resource.file_format}, {filesizeformat(resource.file_size)})"
        )

    def changeform_view(self, request, *args, **kwargs):
        with services.files_kept_only_if_saved():
            return super().changeform_view(request, *args, **kwargs)

    def save_model(self, request, obj, form, change):
        upload = form.cleaned_data.get("upload")
        cover = form.cleaned_data.get("cover_image")
        if cover:
            services.set_resource_cover(resource=obj, upload=cover)
        if upload:
            services.store_resource_file(resource=obj, upload=upload, kind=form.file_kind)
        super().save_model(request, obj, form, change)


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["family_name", "given_names", "affiliation", "member"]
    search_fields = ["family_name", "given_names", "affiliation"]
    raw_id_fields = ["member"]


class CollectionItemInline(admin.TabularInline):
    model = CollectionItem
    extra = 1
    autocomplete_fields = ["resource"]


@admin.register(Collection)
class CollectionAdmin(admin.ModelAdmin):
    list_display = ["title", "working_group"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [CollectionItemInline]


class GlossaryTranslationInline(admin.TabularInline):
    model = GlossaryTranslation
    extra = 1


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(admin.ModelAdmin):
    list_display = ["term", "letter"]
    list_filter = ["letter"]
    search_fields = ["term", "definition"]
    prepopulated_fields = {"slug": ["term"]}
    filter_horizontal = ["related"]
    inlines = [GlossaryTranslationInline]
