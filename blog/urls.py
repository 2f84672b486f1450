from django.urls import path
from django.views.decorators.http import require_safe

from blog import views

app_name = "blog"

# Feed addresses carry a dot, which no page slug can: they never hide a post.
urlpatterns = [
    path("feed.rss", require_safe(views.PostsFeed()), name="rss"),
    path("feed.atom", require_safe(views.AtomPostsFeed()), name="atom"),
    path("topics/<slug:slug>.rss", require_safe(views.TopicPostsFeed()), name="topic_rss"),
    path("topics/<slug:slug>.atom", require_safe(views.AtomTopicPostsFeed()), name="topic_atom"),
]
