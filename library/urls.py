from django.urls import include, path

app_name = "library"

# Before the resources' "<slug>/": the glossary's and the downloads' own addresses
# (library.models.RESERVED_SLUGS keeps resources off them).
urlpatterns = [
    path("glossary/", include("library.glossary_urls")),
    path("", include("library.download_urls")),
    path("", include("library.browse_urls")),
]
