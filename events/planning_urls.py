"""The meeting planner's URL: included by events/urls.py, inside the "events" namespace."""

from django.urls import path

from events.planning_views import plan_meeting, schedule_meeting

urlpatterns = [
    path("groups/<slug:slug>/plan-meeting/", plan_meeting, name="plan_meeting"),
    path("groups/<slug:slug>/schedule-meeting/", schedule_meeting, name="schedule_meeting"),
]
