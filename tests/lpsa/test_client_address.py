"""Behind a proxy the visitor's address comes from X-Forwarded-For, as far as the proxy is
trusted; with no proxy configured, the header is ignored."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from lpsa.middleware import ClientAddressMiddleware


def seen_address(settings, hops: int, forwarded: str | None) -> str:
    settings.TRUSTED_PROXY_HOPS = hops
    seen = {}

    def view(request):
        seen["address"] = request.META["REMOTE_ADDR"]
        return HttpResponse()

    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", **headers)
    ClientAddressMiddleware(view)(request)
    return seen["address"]


def test_without_a_trusted_proxy_the_header_is_ignored(settings):
    assert seen_address(settings, 0, "203.0.113.9") == "10.0.0.2"


@pytest.mark.parametrize(
    ("hops", "forwarded", "expected"),
    [
        (1, "203.0.113.9", "203.0.113.9"),
        # A visitor forging the header only adds to its left: one trusted hop reads the right.
        (1, "1.2.3.4, 203.0.113.9", "203.0.113.9"),
        (2, "1.2.3.4, 203.0.113.9, 10.0.0.7", "203.0.113.9"),
        # Fewer addresses than hops: the header cannot be trusted, the socket's address stays.
        (2, "203.0.113.9", "10.0.0.2"),
        (1, "", "10.0.0.2"),
        (1, None, "10.0.0.2"),
    ],
)
def test_behind_trusted_proxies_the_address_they_saw_is_the_visitors(
    settings, hops, forwarded, expected
):
    assert seen_address(settings, hops, forwarded) == expected
