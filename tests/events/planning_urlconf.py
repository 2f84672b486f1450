"""The portal's URLs with the planner mounted as events/urls.py will mount it, for the planner's
tests while events/urls.py and events/admin.py are built beside it. The admin here is a site of
its own holding Event alone, under the admin's name and path, so the planner's links reverse;
registering Event on the portal's admin site would change it for every later test. Once
events/urls.py includes the planner, this module and the tests' `urls` mark can go."""

from django.contrib.admin import AdminSite
from django.urls import include, path

from events import planning_urls
from events.models import Event
from lpsa.urls import urlpatterns as portal_urlpatterns

events_admin = AdminSite(name="admin")
events_admin.register(Event)

urlpatterns = [
    *(p for p in portal_urlpatterns if getattr(p, "app_name", None) != "admin"),
    path("admin/", events_admin.urls),
    path("events/", include((planning_urls.urlpatterns, "events"))),
]
