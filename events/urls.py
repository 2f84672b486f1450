from django.urls import include, path

from events import organiser_views, views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("month/", views.month, name="month"),
    path("past/", views.past_events, name="past"),
    path("figures/", organiser_views.year_figures, name="figures"),
    path("confirm/<str:token>/", views.confirm_registration, name="confirm_registration"),
    # The iCalendar files and feeds, and a working group's meeting planner.
    path("", include("events.ical_urls")),
    path("", include("events.planning_urls")),
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>/register/", views.register, name="register"),
    path("<slug:slug>/register/visitor/", views.register_visitor, name="register_visitor"),
    path("<slug:slug>/cancel/", views.cancel_registration, name="cancel"),
    # The organisers' pages.
    path("<slug:slug>/attendance/", organiser_views.event_attendance, name="attendance"),
    path(
        "<slug:slug>/attendance/<int:pk>/",
        organiser_views.mark_attendance,
        name="mark_attendance",
    ),
    path(
        "<slug:slug>/registrants.csv",
        organiser_views.export_registrants,
        name="export_registrants",
    ),
]
