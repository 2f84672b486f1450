from django.urls import path

from members import views

app_name = "members"

urlpatterns = [
    path("", views.DirectoryView.as_view(), name="directory"),
    path("export.csv", views.export_directory_csv, name="directory_export"),
    path("me/", views.my_profile, name="my_profile"),
    path("me/edit/", views.edit_profile, name="edit_profile"),
    path("<int:pk>/", views.profile_detail, name="profile"),
    path("<int:pk>/contact/", views.contact_member, name="contact"),
]
