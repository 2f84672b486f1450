from django.urls import path

from blog import views

app_name = "blog"

# Feed addresses carry a dot, which no page slug can: they never hide a post.
urlpatterns = [
    path("feed.rss", views.PostsFeed(), name="rss"),
    path("feed.atom", views.AtomPostsFeed(), name="atom"),
    path("topics/<slug:slug>.rss", views.TopicPostsFeed(), name="topic_rss"),
    path("topics/<slug:slug>.atom", views.AtomTopicPostsFeed(), name="topic_atom"),
]
