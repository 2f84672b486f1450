from django.urls import path
from django.views.decorators.http import require_safe

from newsletter import feeds, views

app_name = "newsletter"

urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path("check-your-inbox/", views.check_inbox, name="check_inbox"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("preferences/", views.preferences, name="preferences"),
    path("manage/<str:token>/", views.manage, name="manage"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("issues/", views.archive, name="archive"),
    path("issues/feed.rss", require_safe(feeds.IssuesRssFeed()), name="archive_rss"),
    path("issues/feed.atom", require_safe(feeds.IssuesAtomFeed()), name="archive_atom"),
    path("issues/<slug:slug>/", views.issue, name="issue"),
]
