"""The library page's filters and facet counts.

Within a facet, ticking several values means any of them (OR); across facets every facet must
match (AND). Each facet's counts are computed with the search and the OTHER facets' filters
applied, not its own (disjunctive faceting): ticking "Primer" still shows how many toolkits
there are, so a reader can widen the choice. One grouped query per facet.

Bad values in the query string (a year that is not a number, an unknown slug) are dropped, never
an error: a hand-edited or stale URL still answers with the library.
"""

import re
from dataclasses import dataclass

import django_filters
from django import forms
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_filters.fields import ChoiceField

from library.models import Resource, ResourceCountry
from library.search import search_resources
from lpsa.widgets import FastSelect
from members.search import search_words

SLUG = re.compile(r"^[-a-z0-9_]{1,120}$")
COUNTRY = re.compile(r"^[A-Z]{2}$")
YEAR = re.compile(r"^(19|20|21)\d\d$")
LANGUAGE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$")
# More values in one facet than any reader ticks; keeps a forged URL's query small.
MAX_VALUES = 30


class ValuesField(forms.Field):
    """A list of values from repeated query parameters (?kind=primer&kind=toolkit); values that
    do not look right are dropped."""

    widget = forms.MultipleHiddenInput

    def __init__(self, *, pattern: re.Pattern, normalise=str.lower, **kwargs):
        self.pattern, self.normalise = pattern, normalise
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value) -> list[str]:
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        kept: list[str] = []
        for item in value:
            item = self.normalise(str(item).strip())
            if self.pattern.match(item) and item not in kept:
                kept.append(item)
        return kept[:MAX_VALUES]


class ValuesFilter(django_filters.Filter):
    field_class = ValuesField


class SortField(ChoiceField):
    """An unknown sort is the default sort, not an error."""

    def clean(self, value):
        return value if value in {str(key) for key, _label in self.choices} else ""


class SortFilter(django_filters.ChoiceFilter):
    field_class = SortField


SORTS = {
    "relevance": ("-search_rank", "-year", "-created_at", "-pk"),
    "newest": ("-year", "-created_at", "-pk"),
    "title": ("title", "pk"),
    "downloads": ("-download_count", "-year", "-pk"),
}


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    name: str
    legend: str
    options: list[FacetOption]


def _through(model_field):
    return Resource._meta.get_field(model_field).remote_field.through


class ResourceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search titles, summaries and authors"),
        method="filter_search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Keyword or author")}),
    )
    kind = ValuesFilter(label=_("Type"), pattern=SLUG, method="filter_kind")
    topic = ValuesFilter(label=_("Topic"), pattern=SLUG, method="filter_topic")
    region = ValuesFilter(label=_("Region"), pattern=SLUG, method="filter_region")
    country = ValuesFilter(
        label=_("Country"), pattern=COUNTRY, normalise=str.upper, method="filter_country"
    )
    language = ValuesFilter(label=_("Language"), pattern=LANGUAGE, method="filter_language")
    year = ValuesFilter(label=_("Year"), pattern=YEAR, method="filter_year")
    sort = SortFilter(
        label=_("Sort by"),
        choices=[
            ("relevance", _("Best match")),
            ("newest", _("Newest first")),
            ("title", _("Title (A to Z)")),
            ("downloads", _("Most downloaded")),
        ],
        empty_label=None,
        method="keep_order",
        widget=FastSelect,
    )

    FACETS = ("kind", "topic", "region", "country", "language", "year")

    class Meta:
        model = Resource
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, **kwargs):
        # The library lists current editions; another queryset narrows what is listed.
        self.lists_current_editions = queryset is None
        if queryset is None:
            queryset = Resource.objects.current_editions()
        super().__init__(data, queryset=queryset, **kwargs)

    # --- filtering ----------------------------------------------------------------------------
    def filter_search(self, queryset, name, value):
        return search_resources(queryset, value) if value else queryset

    def filter_kind(self, queryset, name, values):
        return queryset.filter(kind__in=values) if values else queryset

    def filter_topic(self, queryset, name, values):
        if not values:
            return queryset
        through = _through("topics")
        return queryset.filter(
            pk__in=through.objects.filter(topic__slug__in=values).values("resource_id")
        )

    def filter_region(self, queryset, name, values):
        if not values:
            return queryset
        through = _through("regions")
        return queryset.filter(
            pk__in=through.objects.filter(region__slug__in=values).values("resource_id")
        )

    def filter_country(self, queryset, name, values):
        if not values:
            return queryset
        return queryset.filter(
            pk__in=ResourceCountry.objects.filter(country__in=values).values("resource_id")
        )

    def filter_language(self, queryset, name, values):
        return queryset.filter(language__code__in=values) if values else queryset

    def filter_year(self, queryset, name, values):
        return queryset.filter(year__in=[int(v) for v in values]) if values else queryset

    def keep_order(self, queryset, name, value):
        return queryset  # the order is applied last, by `ordered`

    @property
    def values(self) -> dict:
        if not self.is_bound:
            return {}
        self.form.is_valid()  # every field cleans to a value; nothing here makes it invalid
        return self.form.cleaned_data

    @property
    def searching(self) -> bool:
        return bool(search_words(self.values.get("q") or ""))

    def sort_key(self) -> str:
        sort = self.values.get("sort") or ""
        if sort == "relevance" and not self.searching:
            return "newest"
        return sort or ("relevance" if self.searching else "newest")

    def sort_choices(self) -> list[tuple[str, str]]:
        """The sort menu: its first, empty, choice is the default (the best match for a search,
        else the newest), so that typing a search into a sorted list ranks it by relevance."""
        if self.searching:
            return [("", str(_("Best match"))), *self._sort_options("newest", "title", "downloads")]
        return [("", str(_("Newest first"))), *self._sort_options("title", "downloads")]

    def _sort_options(self, *names: str) -> list[tuple[str, str]]:
        labels = dict(self.filters["sort"].extra["choices"])
        return [(name, str(labels[name])) for name in names]

    def selected_sort(self) -> str:
        """What the menu shows as chosen: "" for the default."""
        sort = self.values.get("sort") or ""
        return "" if sort == "relevance" or (sort == "newest" and not self.searching) else sort

    def ordered(self):
        return self.qs.order_by(*SORTS[self.sort_key()])

    def narrowed_except(self, facet: str) -> bool:
        """Whether anything but `facet`'s own filter narrows the list."""
        return any(
            value
            for name, value in self.values.items()
            if name not in (facet, "sort") and (name != "q" or search_words(value or ""))
        )

    def filtered_except(self, facet: str):
        """The queryset with the search and every filter but `facet`'s applied."""
        queryset = self.queryset.all()
        for name, value in self.values.items():
            if name == "q":
                queryset = search_resources(queryset, value or "", rank=False)
            elif name not in (facet, "sort"):
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    # --- facet counts -------------------------------------------------------------------------
    def facets(self) -> list[Facet]:
        values = self.values
        return [
            Facet(name, str(self.filters[name].label), self._options(name, values.get(name, [])))
            for name in self.FACETS
        ]

    def _options(self, name: str, selected: list[str]) -> list[FacetOption]:
        base = self.filtered_except(name).order_by()
        ids = base.values("pk")
        if self.lists_current_editions and not self.narrowed_except(name):
            # Nothing else chosen: the rows of every current edition, which is every resource
            # but the few superseded ones. Counted by leaving those out, not by matching 50,000
            # ids one by one.
            superseded = Resource.objects.filter(is_current_edition=False).values("pk")
            rows_of = ~Q(resource_id__in=superseded)
        else:
            rows_of = Q(resource_id__in=ids)
        if name == "kind":
            counts = {row["kind"]: row["n"] for row in base.values("kind").annotate(n=Count("pk"))}
            labels = dict(Resource.Kind.choices)
            rows = [(value, str(labels[value])) for value in labels]
        elif name == "year":
            counts = {
                str(row["year"]): row["n"] for row in base.values("year").annotate(n=Count("pk"))
            }
            rows = [(value, value) for value in sorted({*counts, *selected}, reverse=True)]
        elif name == "language":
            grouped = base.values("language__code", "language__name").annotate(n=Count("pk"))
            counts = {row["language__code"]: row["n"] for row in grouped}
            names = {row["language__code"]: row["language__name"] for row in grouped}
            rows = sorted(((code, names[code]) for code in names), key=lambda r: r[1])
        elif name in ("topic", "region"):
            through = _through(f"{name}s")
            grouped = (
                through.objects.filter(rows_of)
                .values(f"{name}__slug", f"{name}__name")
                .annotate(n=Count("resource_id"))
                .order_by()
            )
            counts = {row[f"{name}__slug"]: row["n"] for row in grouped}
            names = {row[f"{name}__slug"]: row[f"{name}__name"] for row in grouped}
            rows = sorted(names.items(), key=lambda r: r[1])
        else:  # country
            grouped = (
                ResourceCountry.objects.filter(rows_of)
                .values("country")
                .annotate(n=Count("resource_id"))
                .order_by()
            )
            counts = {str(row["country"]): row["n"] for row in grouped}
            rows = sorted(
                ((code, str(countries.name(code)) or code) for code in counts), key=lambda r: r[1]
            )
        known = {value for value, _label in rows}
        # A ticked value nothing else matches any more stays shown, so it can be unticked.
        rows += [(value, value) for value in selected if value not in known]
        return [
            FacetOption(value, label, counts.get(value, 0), value in selected)
            for value, label in rows
            if counts.get(value, 0) or value in selected
        ]
