"""The portal's only settings module: every deployment difference comes from the environment.

With nothing set, the portal runs on the embedded default (SQLite, an in-process cache, a
filesystem Celery broker). DATABASE_URL and REDIS_URL switch it to PostgreSQL and Redis.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from celery.schedules import crontab
from django.contrib.messages import constants as message_constants

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and env_bool("LPSA_PRODUCTION"):
        raise RuntimeError("SECRET_KEY must be set in production")
    # Development and tests only: production sets LPSA_PRODUCTION=1 and a real key.
    SECRET_KEY = "dev-only-insecure-key-change-me-0123456789-abcdefghijklmnopqrstuvwxyz"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_ID = 1

INSTALLED_APPS = [
    # The admin, signed into through allauth and closed to staff without a second factor.
    "lpsa.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_filters",
    "django_countries",
    "csp",
    "lpsa",
    "taxonomy",
    "members",
    "working_groups",
    "forums",
    "events",
    "library",
    "newsletter",
    # The blog (Decentralization.Net) and the visitors' front page, edited in Wagtail at /cms/.
    # Wagtail stays in `blog/`: the rest of the portal is plain Django.
    "blog",
    "wagtail.contrib.redirects",
    "wagtail.contrib.table_block",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "lpsa.middleware.ClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Gzip (with Django's BREACH mitigation) keeps pages small on slow connections.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "lpsa.middleware.TimeZoneMiddleware",
    # Old Decentralization.Net addresses, kept in the CMS (and imported from CSV), answered only
    # where the portal itself has nothing: it acts on 404s.
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]
if env_bool("LPSA_QUERY_COUNT_HEADER"):
    # Benchmarks read each response's query count from a header; never on in production.
    MIDDLEWARE.insert(0, "lpsa.middleware.QueryCountHeaderMiddleware")

# How many proxies in front of gunicorn append to X-Forwarded-For (the TLS terminator: 1).
TRUSTED_PROXY_HOPS = int(os.environ.get("TRUSTED_PROXY_HOPS", "0"))

ROOT_URLCONF = "lpsa.urls"
WSGI_APPLICATION = "lpsa.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "lpsa.context_processors.portal",
            ],
        },
    },
]

# --- Data -----------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default serves a few people at once. A deferred transaction that reads and
    # then writes fails at once with "database is locked" when another holds the write lock;
    # BEGIN IMMEDIATE waits for it instead (up to the busy timeout, in seconds), and WAL lets
    # reads go on while one connection writes.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "lpsa.cache.PortalRedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Sessions are read from the cache (Redis in production) and written through to the database,
# so a signed-in page costs no session query once the session is cached.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# --- Accounts ---------------------------------------------------------------------------------
AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
# A password reset asked for an unknown address sends nothing: the portal must not be a way to
# mail strangers. The page after the request is the same either way.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_RATE_LIMITS = {
    # allauth's defaults, kept explicit so the policy is visible in one place.
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "reauthenticate": "10/m/user",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}
if env_bool("LPSA_DISABLE_RATE_LIMITS"):
    # The benchmark and browser tests sign in many times from one address.
    ACCOUNT_RATE_LIMITS = False
ACCOUNT_SIGNUP_FORM_CLASS = "members.forms.SignupForm"
ACCOUNT_ADAPTER = "members.adapters.AccountAdapter"
ACCOUNT_FORMS = {"login": "members.adapters.LoginForm", "signup": "members.adapters.SignupForm"}
# lpsa.mail adds EMAIL_SUBJECT_PREFIX to every subject, allauth's included.
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# Links in account mails use the scheme the portal is reached by.
ACCOUNT_DEFAULT_HTTP_PROTOCOL = urlsplit(SITE_URL).scheme or "https"
ACCOUNT_SESSION_REMEMBER = None

# Two factors: an authenticator app (TOTP) with recovery codes. Any member may turn it on; staff
# must before the admin opens (lpsa.admin.PortalAdminSite). Failed codes count against
# ACCOUNT_RATE_LIMITS["login_failed"].
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "LPSA Portal"

# Relayed contact messages a member may send per day (the relay never reveals addresses).
CONTACT_RELAY_DAILY_LIMIT = int(os.environ.get("CONTACT_RELAY_DAILY_LIMIT", "5"))

# --- Mail -----------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "LPSA Portal <portal@lpsa.example>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_SUBJECT_PREFIX = "[LPSA] "
# iCalendar UIDs are "event-<pk>@<this>": fixed, so a UID survives a move to another host name.
ICALENDAR_UID_DOMAIN = "lpsa-portal"
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = BASE_DIR / "var" / "mail"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = 20

# --- Background work ------------------------------------------------------------------------
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
else:
    # A broker that needs no server: the worker and the web process share a folder.
    CELERY_BROKER_URL = "filesystem://"
    _queue_dir = BASE_DIR / "var" / "celery-queue"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(BASE_DIR / "var" / "celery-processed"),
        "store_processed": False,
    }
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", CELERY_BROKER_URL)
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
# The integration tests give each run a queue of its own on a Redis shared with other runs.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "celery")
CELERY_BEAT_SCHEDULE: dict = {
    # The landing page's figures: counting 100,000 members is too slow for a request.
    "count-listed-members-by-region": {
        "task": "members.tasks.count_listed_members_by_region",
        "schedule": 10 * 60,
    },
}

# Forum notifications: a member on "immediate" gets at most one email per interval, holding
# every post since the last; daily members get one digest each morning, in their own time
# zone: the job looks every 15 minutes for members in their digest hour
# (forums.notifications.DIGEST_LOCAL_HOUR), so zones with half- and quarter-hour offsets and a
# missed beat still get theirs within the hour.
FORUM_NOTIFICATION_INTERVAL = int(os.environ.get("FORUM_NOTIFICATION_INTERVAL", "600"))
CELERY_BEAT_SCHEDULE["forums-send-due-notifications"] = {
    "task": "forums.tasks.send_due_notifications",
    "schedule": 60.0,
}
CELERY_BEAT_SCHEDULE["forums-send-daily-digests"] = {
    "task": "forums.tasks.send_daily_digests",
    "schedule": crontab(minute="*/15"),
}
# Event reminders 24 hours and 1 hour before: each registration's stamp makes a reminder go once,
# however often this runs.
CELERY_BEAT_SCHEDULE["events-send-due-reminders"] = {
    "task": "events.tasks.send_due_reminders",
    "schedule": 5 * 60.0,
}
# Library downloads: who downloaded what (a salted hash) is deleted after 24 hours, each day's
# salt after two days, so no count leads back to anyone.
CELERY_BEAT_SCHEDULE["library-forget-download-visitors"] = {
    "task": "library.tasks.forget_download_visitors",
    "schedule": crontab(minute=5),
}

# --- Files ----------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
LIBRARY_FILES_ROOT = Path(os.environ.get("LIBRARY_FILES_ROOT", BASE_DIR / "var" / "library"))
# In production the front server sends library files itself (ranges, slow clients): the download
# view answers with X-Accel-Redirect to this internal location, mapped to LIBRARY_FILES_ROOT.
# Empty: the view streams the file.
LIBRARY_ACCEL_REDIRECT_PREFIX = os.environ.get("LIBRARY_ACCEL_REDIRECT_PREFIX", "")
# The largest file staff may upload to the library (the Databook with its annexes fits).
LIBRARY_MAX_FILE_BYTES = int(os.environ.get("LIBRARY_MAX_FILE_BYTES", 100 * 1024 * 1024))
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("LPSA_PRODUCTION")
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
    # The library's files: outside MEDIA_ROOT, so no URL serves them but the download view,
    # which counts each download and keeps members-only files from visitors.
    "library": {
        "BACKEND": "library.storage.LibraryStorage",
    },
}
# Photos are resized on upload; anything larger than this is refused with a form error.
PROFILE_PHOTO_MAX_BYTES = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- The blog and its CMS (Wagtail) ---------------------------------------------------------
WAGTAIL_SITE_NAME = "Decentralization.Net"
WAGTAILADMIN_BASE_URL = SITE_URL
# One way in for everyone: allauth's log-in, with its rate limits and second factor. Wagtail's own
# log-in, password change and reset forms are closed (blog.cms).
WAGTAILADMIN_LOGIN_URL = "/accounts/login/"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILUSERS_PASSWORD_ENABLED = False
# The admin would otherwise ask wagtail.org for news and releases: this machine has no Internet.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
# No avatars from Gravatar: they would send a hash of each editor's email address to a third
# party, and the Content Security Policy (img-src) refuses them anyway.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# PostgreSQL full-text search on PostgreSQL; SQLite's FTS5 on the embedded default.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_IMAGE_MODEL = "blog.BlogImage"
# Uploaded images are re-encoded without their metadata (blog.images), as profile photos are.
WAGTAILIMAGES_IMAGE_FORM_BASE = "blog.forms.BlogImageForm"
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 15 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt", "ods", "csv", "txt"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 25 * 1024 * 1024
# Documents are sent as attachments (PDF aside), never rendered as the portal's own pages.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Embeds render as a link card with the provider's title (blog/blocks.py): no third-party frame
# or script reaches a visitor on a slow connection.
WAGTAILEMBEDS_RESPONSIVE_HTML = False
WAGTAIL_I18N_ENABLED = False
# A page or document may be restricted to signed-in members (allauth's log-in), not to a shared
# password: Wagtail's password form is not among the portal's URLs.
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"password": False}
WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS = {"password": False}
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
# Redirect imports and the admin's large page trees post many fields at once.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Wagtail's background work (search index and references updates) runs with the request.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Blog posts scheduled in the CMS go live and expire within a minute of their time.
CELERY_BEAT_SCHEDULE["blog-publish-scheduled"] = {
    "task": "blog.tasks.publish_scheduled",
    "schedule": 60.0,
}

# --- Newsletter (newsletter/sending.py) -------------------------------------------------------
# Messages per second for one issue (0: as fast as the SMTP server takes them).
NEWSLETTER_RATE = float(os.environ.get("NEWSLETTER_RATE", "20"))
# Deliveries one worker claims at a time, all sent over one SMTP connection (listmonk's default
# too). Each batch costs about 50 ms of its own (a task, connections, the message built): at 100
# a batch, that was a quarter of the sending time. A dead worker's batch waits for the sweeper
# (NEWSLETTER_CLAIM_TIMEOUT), never lost.
NEWSLETTER_BATCH_SIZE = int(os.environ.get("NEWSLETTER_BATCH_SIZE", "1000"))
# A claim older than this belonged to a worker that died: the sweeper hands it back. A live
# worker renews its claim well before (every half of this).
NEWSLETTER_CLAIM_TIMEOUT = float(os.environ.get("NEWSLETTER_CLAIM_TIMEOUT", "300"))
# How often the sweeper runs (seconds): re-dispatches stalled issues, starts scheduled ones.
NEWSLETTER_SWEEP_SECONDS = float(os.environ.get("NEWSLETTER_SWEEP_SECONDS", "60"))
# A temporary SMTP failure is retried this many times, 60 s apart, doubling, at most an hour.
NEWSLETTER_MAX_ATTEMPTS = int(os.environ.get("NEWSLETTER_MAX_ATTEMPTS", "8"))
# Permanent failures in a row after which an address gets no more mail.
NEWSLETTER_SUPPRESS_AFTER = int(os.environ.get("NEWSLETTER_SUPPRESS_AFTER", "3"))
# At most one confirmation request per address in this many seconds, whoever asks.
NEWSLETTER_CONFIRMATION_INTERVAL = int(os.environ.get("NEWSLETTER_CONFIRMATION_INTERVAL", "600"))
# In every issue's footer (CAN-SPAM and most laws ask for the sender's postal address).
NEWSLETTER_POSTAL_ADDRESS = os.environ.get(
    "NEWSLETTER_POSTAL_ADDRESS",
    "Local Public Sector Alliance (postal address: set NEWSLETTER_POSTAL_ADDRESS)",
)
NEWSLETTER_FROM_EMAIL = os.environ.get(
    "NEWSLETTER_FROM_EMAIL", "LPSA Newsletter <newsletter@lpsa.example>"
)
CELERY_BEAT_SCHEDULE["newsletter-sweep"] = {
    "task": "newsletter.tasks.sweep",
    "schedule": NEWSLETTER_SWEEP_SECONDS,
}

# --- Locale ---------------------------------------------------------------------------------
LANGUAGE_CODE = "en"
# The languages with a catalogue in locale/. Arabic (right to left) can join: templates set
# `dir` from the language and the CSS uses logical properties.
LANGUAGES = [("en", "English"), ("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

MESSAGE_TAGS = {message_constants.ERROR: "error"}

# --- Security headers on every response (tests/lpsa/test_url_matrix.py checks each page) -----
# Only the portal's own files run or style a page: no inline script or style, no eval.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        # data: for allauth's TOTP set-up page, which shows its QR code as a data: SVG.
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Production hardening (check --deploy clean when LPSA_PRODUCTION=1) ----------------------
if env_bool("LPSA_PRODUCTION"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # No script reads these cookies: forms carry the CSRF token in a hidden field.
    SESSION_COOKIE_HTTPONLY = True
    CSRF_COOKIE_HTTPONLY = True
    LANGUAGE_COOKIE_SECURE = True
    LANGUAGE_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
