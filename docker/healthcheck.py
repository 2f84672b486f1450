"""Container health check for the web service: exit 0 only if the URL answers 200.

It asks as a real client would, for a host in ALLOWED_HOSTS and as if through the TLS proxy
(X-Forwarded-Proto, trusted via SECURE_PROXY_SSL_HEADER), so neither the host check nor the
HTTPS redirect turns a healthy portal into a failed check.
"""

import os
import sys
import urllib.request


def first_allowed_host() -> str:
    for host in os.environ.get("ALLOWED_HOSTS", "").split(","):
        host = host.strip().lstrip(".")
        if host and host != "*":
            return host
    return "localhost"


def main(url: str) -> int:
    request = urllib.request.Request(
        url, headers={"Host": first_allowed_host(), "X-Forwarded-Proto": "https"}
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return 0 if response.status == 200 else 1
    except OSError as error:
        print(f"health check failed: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000/healthz"))
