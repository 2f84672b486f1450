from django.urls import path

from working_groups import views

app_name = "working_groups"

urlpatterns = [
    path("", views.group_list, name="list"),
    path("<slug:slug>/", views.group_detail, name="detail"),
    path("<slug:slug>/join/", views.join_group, name="join"),
    path("<slug:slug>/leave/", views.leave_group, name="leave"),
    path("<slug:slug>/request/", views.request_to_join, name="request_to_join"),
    path("<slug:slug>/manage/", views.manage_group, name="manage"),
    path("<slug:slug>/requests/", views.join_requests, name="requests"),
    path("<slug:slug>/requests/<int:pk>/", views.decide_join_request, name="decide"),
    path("<slug:slug>/announce/", views.announce, name="announce"),
    path("<slug:slug>/roster.csv", views.export_roster_csv, name="roster_export"),
]
