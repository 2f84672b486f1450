"""The blog index's filters: topic, world region, country and author, and a search, all in the
query string so a filtered list can be linked to and works without JavaScript."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from blog.models import Author, BlogPage
from taxonomy.models import Region, Topic

MAX_QUERY_LENGTH = 200


class PostFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search the blog"),
        method="keep_for_search",
        max_length=MAX_QUERY_LENGTH,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    topic = django_filters.ModelChoiceFilter(
        label=_("Topic"),
        queryset=Topic.objects.all(),
        to_field_name="slug",
        field_name="topics",
        empty_label=_("All topics"),
    )
    region = django_filters.ModelChoiceFilter(
        label=_("World region"),
        queryset=Region.objects.all(),
        to_field_name="slug",
        field_name="regions",
        empty_label=_("All regions"),
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"),
        choices=countries,
        method="filter_country",
        empty_label=_("All countries"),
    )
    author = django_filters.ModelChoiceFilter(
        label=_("Author"),
        queryset=Author.objects.all(),
        to_field_name="slug",
        field_name="post_authors__author",
        empty_label=_("All authors"),
    )

    class Meta:
        model = BlogPage
        fields: list[str] = []

    def keep_for_search(self, queryset, name, value):
        # Applied after the other filters, by Wagtail's search (results()).
        return queryset

    def filter_country(self, queryset, name, value):
        return queryset.in_country(value)

    @property
    def query(self) -> str:
        return self.form.cleaned_data.get("q", "") if self.is_bound and self.is_valid() else ""

    def results(self):
        """The live posts matching every filter, newest first, or by relevance when searching.
        Invalid input lists nothing: the form says what is wrong."""
        if self.is_bound and not self.is_valid():
            return self.queryset.none()
        posts = self.qs.distinct().for_listing()
        if self.query:
            # Wagtail's search (PostgreSQL full text on PostgreSQL) over the filtered posts.
            return (
                BlogPage.objects.live()
                .filter(id__in=posts.values("id"))
                .for_listing()
                .search(self.query, order_by_relevance=True)
            )
        return posts.newest_first()

    def selected_topic(self) -> Topic | None:
        if self.is_bound and self.is_valid():
            return self.form.cleaned_data.get("topic")
        return None
