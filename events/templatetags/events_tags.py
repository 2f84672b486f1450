from django import template

from events.city_strip import city_strip

register = template.Library()


@register.inclusion_tag("events/includes/city_strip.html")
def event_city_strip(event):
    """The event's start in cities of the regions it is meant for. Reads `event.regions`:
    a page listing events prefetches them (`prefetch_related("regions")`)."""
    slugs = [region.slug for region in event.regions.all()]
    return {"strip": city_strip(event.starts_at, slugs, home_zone=event.time_zone)}
