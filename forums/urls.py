from django.urls import path

from forums import notification_urls, views

app_name = "forums"

urlpatterns = [
    # Email settings, watch buttons and unsubscribe links, all under notifications/.
    *notification_urls.urlpatterns,
    path("", views.index, name="index"),
    path("search/", views.search, name="search"),
    path("c/<slug:slug>/", views.category_detail, name="category"),
    path("c/<slug:slug>/new/", views.new_topic, name="new_topic"),
    path("t/<int:pk>/", views.topic_detail, name="topic"),
    path("t/<int:pk>/reply/", views.reply, name="reply"),
    path("t/<int:pk>/moderate/", views.moderate_topic, name="moderate_topic"),
    path("t/<int:pk>/move/", views.move_topic, name="move_topic"),
    path("p/<int:pk>/", views.post_detail, name="post"),
    path("p/<int:pk>/edit/", views.edit_post, name="edit_post"),
    path("p/<int:pk>/delete/", views.delete_post, name="delete_post"),
    path("p/<int:pk>/like/", views.like_post, name="like_post"),
    path("p/<int:pk>/unlike/", views.unlike_post, name="unlike_post"),
    path("p/<int:pk>/flag/", views.flag_post, name="flag_post"),
    path("p/<int:pk>/moderate/", views.moderate_post, name="moderate_post"),
    path("moderation/", views.moderation_queue, name="moderation_queue"),
    path("moderation/flags/<int:pk>/", views.resolve_flag, name="resolve_flag"),
    path("moderation/log/", views.moderation_log, name="moderation_log"),
]
