"""The library's glossary addresses, included by library/urls.py inside the library namespace."""

urlpatterns = []
