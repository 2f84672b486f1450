import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import Event
from lpsa.widgets import FastSelect
from taxonomy.models import Region, Topic
from working_groups.models import WorkingGroup


class EventFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Event.Kind.choices, empty_label=_("Any kind"), widget=FastSelect
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        field_name="regions",
        queryset=Region.objects.all(),
        to_field_name="slug",
        empty_label=_("Any region"),
        widget=FastSelect,
    )
    topic = django_filters.ModelChoiceFilter(
        label=_("Topic"),
        field_name="topics",
        queryset=Topic.objects.all(),
        to_field_name="slug",
        empty_label=_("Any topic"),
        widget=FastSelect,
    )
    working_group = django_filters.ModelChoiceFilter(
        label=_("Working group"),
        queryset=WorkingGroup.objects.order_by("name"),
        to_field_name="slug",
        empty_label=_("Any organiser"),
        widget=FastSelect,
    )
    day = django_filters.DateFilter(
        label=_("Day"),
        field_name="starts_at",
        lookup_expr="date",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    format = django_filters.ChoiceFilter(
        label=_("Format"),
        choices=Event.Format.choices,
        empty_label=_("Any format"),
        widget=FastSelect,
    )

    class Meta:
        model = Event
        fields = ["kind", "region", "topic", "working_group", "format", "day"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the groups the viewer may see are offered.
        if user is not None:
            self.filters["working_group"].queryset = WorkingGroup.objects.visible_to(user).order_by(
                "name"
            )
