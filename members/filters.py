import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from lpsa.widgets import FastSelect, country_choices
from members.models import OrganisationType, Profile
from taxonomy.models import Language, Region, Topic
from working_groups.models import WorkingGroup


class DirectoryFilter(django_filters.FilterSet):
    # The label names what is searched; the placeholder stays short enough for a 360 px phone.
    q = django_filters.CharFilter(
        label=_("Search names, organisations, titles and bios"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name or keyword")}),
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"), choices=country_choices, empty_label=_("Any country"), widget=FastSelect
    )
    region = django_filters.ModelChoiceFilter(
        field_name="world_region",
        queryset=Region.objects.all(),
        to_field_name="slug",
        empty_label=_("Any region"),
        widget=FastSelect,
    )
    organisation_type = django_filters.ChoiceFilter(
        label=_("Organisation type"),
        choices=OrganisationType.choices,
        empty_label=_("Any type"),
        widget=FastSelect,
    )
    expertise = django_filters.ModelChoiceFilter(
        queryset=Topic.objects.all(),
        to_field_name="slug",
        empty_label=_("Any expertise"),
        widget=FastSelect,
    )
    language = django_filters.ModelChoiceFilter(
        field_name="languages",
        queryset=Language.objects.all(),
        to_field_name="code",
        empty_label=_("Any language"),
        widget=FastSelect,
    )
    # The directory is for members, who see every group: no visibility scope is needed here.
    working_group = django_filters.ModelChoiceFilter(
        label=_("Working group"),
        field_name="user__group_memberships__group",
        queryset=WorkingGroup.objects.order_by("name"),
        to_field_name="slug",
        empty_label=_("Any working group"),
        widget=FastSelect,
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("full_name", "name"), ("created_at", "newest")),
        field_labels={"name": _("Name"), "-newest": _("Newest first")},
        choices=[("name", _("Name (A to Z)")), ("-newest", _("Newest first"))],
        empty_label=None,
        null_label=None,
        widget=FastSelect,
    )

    class Meta:
        model = Profile
        fields: list[str] = []

    def search(self, queryset, name, value):
        return queryset.search(value)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        # With no sort chosen a search keeps its own order (best matches first); a plain
        # listing goes by name. Ties are made deterministic for paging.
        if not self.form.cleaned_data.get("sort") and not self.form.cleaned_data.get("q"):
            queryset = queryset.order_by("full_name", "pk")
        return queryset.order_by(*queryset.query.order_by, "pk")
