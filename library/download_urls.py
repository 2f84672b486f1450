"""The library's download addresses, included by library/urls.py inside the library namespace."""

urlpatterns = []
