from django.conf import settings
from django.db import connection
from django.utils import timezone

from lpsa import timezones


class QueryCountHeaderMiddleware:
    """Adds X-Query-Count to each response so `make bench` can report queries per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Query-Count"] = str(count)
        return response


class TimeZoneMiddleware:
    """Shows times in the viewer's zone: the member's profile, else the browser's, else UTC.

    The browser's zone arrives in the `tz` cookie that static/js/timezone.js sets. A member's
    profile zone is remembered in the session (lpsa.timezones), so no request pays a query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        zone = timezones.zone_for(request)
        if zone:
            timezone.activate(zone)
        else:
            timezone.deactivate()
        request.time_zone = zone
        try:
            return self.get_response(request)
        finally:
            # The zone is the thread's: never let it outlive the request.
            timezone.deactivate()


class ClientAddressMiddleware:
    """Behind `TRUSTED_PROXY_HOPS` proxies, the visitor's address is the one the outermost
    trusted proxy saw, the hops-th from the right of X-Forwarded-For; REMOTE_ADDR is set to it,
    so the rate limits and the library's download counter tell visitors apart. With no proxy
    (0, the default) the header is ignored: anyone can write it."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.hops = settings.TRUSTED_PROXY_HOPS

    def __call__(self, request):
        if self.hops:
            chain = [
                address.strip()
                for address in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
                if address.strip()
            ]
            if len(chain) >= self.hops:
                request.META["REMOTE_ADDR"] = chain[-self.hops]
        return self.get_response(request)
