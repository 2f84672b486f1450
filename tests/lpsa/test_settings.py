"""The settings module under controlled environments.

Settings are read once, at import, so each case runs in a fresh interpreter with an environment
built from nothing: the variables the test suite itself runs with must not leak in.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRINT_BACKENDS = """
import json, django
django.setup()
from django.conf import settings
from lpsa.celery import app
print(json.dumps({
    "database": settings.DATABASES["default"]["ENGINE"],
    "cache": settings.CACHES["default"]["BACKEND"],
    "broker": settings.CELERY_BROKER_URL,
    "celery_broker": app.conf.broker_url,
}))
"""


def run_python(args: list[str], **environment: str) -> subprocess.CompletedProcess:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/")}
    env |= {"DJANGO_SETTINGS_MODULE": "lpsa.settings", "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env | environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_settings_pass_the_deploy_checks_without_warnings():
    result = run_python(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        LPSA_PRODUCTION="1",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="portal.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


PRINT_HARDENING = """
import json, django
django.setup()
from django.conf import settings
names = [
    "SECURE_HSTS_SECONDS", "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY", "LANGUAGE_COOKIE_SECURE", "LANGUAGE_COOKIE_HTTPONLY",
]
print(json.dumps({name: getattr(settings, name) for name in names}))
"""


def test_production_sends_hsts_and_only_secure_http_only_cookies():
    result = run_python(
        ["-c", PRINT_HARDENING],
        LPSA_PRODUCTION="1",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="portal.example.org",
    )
    assert result.returncode == 0, result.stderr
    hardening = json.loads(result.stdout)
    assert hardening.pop("SECURE_HSTS_SECONDS") >= 60 * 60 * 24 * 365
    assert hardening == dict.fromkeys(hardening, True)


@pytest.mark.parametrize("secret_key", [None, ""])
def test_production_refuses_to_start_without_a_secret_key(secret_key):
    environment = {"LPSA_PRODUCTION": "1", "ALLOWED_HOSTS": "portal.example.org"}
    if secret_key is not None:
        environment["SECRET_KEY"] = secret_key
    result = run_python(["manage.py", "check"], **environment)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_with_no_environment_the_portal_needs_no_servers():
    result = run_python(["-c", PRINT_BACKENDS])
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "database": "django.db.backends.sqlite3",
        "cache": "django.core.cache.backends.locmem.LocMemCache",
        "broker": "filesystem://",
        "celery_broker": "filesystem://",
    }


def test_database_url_and_redis_url_switch_to_postgresql_and_redis():
    # Hosts that do not resolve: setting up Django must not connect to either.
    result = run_python(
        ["-c", PRINT_BACKENDS],
        DATABASE_URL="postgres://lpsa:secret@db.invalid:5432/lpsa",
        REDIS_URL="redis://cache.invalid:6379/3",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "database": "django.db.backends.postgresql",
        "cache": "lpsa.cache.PortalRedisCache",
        "broker": "redis://cache.invalid:6379/3",
        "celery_broker": "redis://cache.invalid:6379/3",
    }
