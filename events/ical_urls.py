"""The iCalendar addresses, included by `events/urls.py` inside the `events` namespace."""

from django.urls import path

from events import ical_views

urlpatterns = [
    # Before "<slug>.ics", which would take "feed" for an event's slug.
    path("feed.ics", ical_views.public_feed, name="public_feed"),
    path("groups/<slug:slug>/feed.ics", ical_views.group_feed, name="group_feed"),
    # The token is secrets.token_urlsafe's alphabet, which is the slug converter's.
    path("my/<slug:token>.ics", ical_views.personal_feed, name="personal_feed"),
    path("my/calendar-feed/reset/", ical_views.reset_personal_feed, name="reset_personal_feed"),
    path("<slug:slug>.ics", ical_views.event_ics_view, name="event_ics"),
]
