"""The library's browse addresses, included by library/urls.py inside the library namespace."""

urlpatterns = []
