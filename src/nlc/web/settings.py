"""Django settings for the NLC web app, read from environment variables.

Every variable is read through the table in :mod:`nlc.config` (its type, default and meaning;
the README's "Settings" section is made from it), so a bad value stops the app with a message.

SQLite in ``NLC_DATA_DIR`` is the default (WAL, busy timeout, immediate transactions);
``DATABASE_URL`` switches to PostgreSQL and nothing else changes.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

from nlc import config


def email_settings(url: str | None) -> dict:
    """Django's e-mail settings for ``NLC_EMAIL_URL`` (None: the console backend)."""
    from urllib.parse import unquote, urlsplit

    if not url:
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    parts = urlsplit(url)
    if parts.scheme == "file":
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": unquote(parts.path),
        }
    if parts.scheme not in ("smtp", "smtps"):
        raise ImproperlyConfigured(
            f"NLC_EMAIL_URL must start smtp://, smtps:// or file://, not {url!r}"
        )
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or (465 if parts.scheme == "smtps" else 587),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": parts.scheme == "smtp",
        "EMAIL_USE_SSL": parts.scheme == "smtps",
    }


def setting(name: str):
    """Read one setting of :data:`nlc.config.SETTINGS`; a bad value is ``ImproperlyConfigured``."""
    try:
        return config.read(name)
    except config.SettingError as exc:
        raise ImproperlyConfigured(str(exc)) from None


DATA_DIR = setting("NLC_DATA_DIR")
# Owner-only when made here; `nlc serve` warns when an existing one is open to others.
DATA_DIR.mkdir(parents=True, exist_ok=True, mode=0o700)


def _secret_key() -> str:
    if key := setting("NLC_SECRET_KEY"):
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


BASE_DIR = Path(__file__).resolve().parent
SECRET_KEY = _secret_key()
DEBUG = setting("NLC_DEBUG")
ALLOWED_HOSTS = setting("NLC_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = setting("NLC_CSRF_TRUSTED_ORIGINS")


def proxy_ssl_header(header: str | None) -> tuple[str, str] | None:
    """Return Django's ``SECURE_PROXY_SSL_HEADER`` for a header name such as X-Forwarded-Proto.

    Examples
    --------
    >>> proxy_ssl_header("X-Forwarded-Proto")
    ('HTTP_X_FORWARDED_PROTO', 'https')
    >>> proxy_ssl_header(None) is None
    True
    """
    if not header:
        return None
    return ("HTTP_" + header.strip().upper().replace("-", "_"), "https")


# Behind a TLS proxy (README: "Running behind a proxy"); both are off unless set.
SECURE_PROXY_SSL_HEADER = proxy_ssl_header(setting("NLC_PROXY_SSL_HEADER"))
#: Header holding the client's address (e.g. X-Forwarded-For), and the proxies that set it.
TRUSTED_PROXY_HEADER = setting("NLC_TRUSTED_PROXY_HEADER")
TRUSTED_PROXIES = setting("NLC_TRUSTED_PROXIES")

INSTALLED_APPS = [
    "nlc.web.site.SiteConfig",  # django.contrib.admin, its sign-in throttled
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "ninja",  # serves the API docs' Swagger UI from the package, not a CDN
    "django_tasks",
    "django_tasks_db",
    "nlc.web.registry",
    "nlc.web.ties",
    "nlc.web.maps",
    "nlc.web.imports",
    "nlc.web.simulations",
    "nlc.web.exports",
    "nlc.web.learning",
    "nlc.web.planning",
    "nlc.web.reporting",
    "nlc.web.knowledge",
    "nlc.web.surveys",
    "nlc.web.brokerage",
    "auditlog",
    "nlc.web.audit",  # after the apps whose audit.py it loads
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "nlc.web.busy.DatabaseBusyMiddleware",
    "nlc.web.audit.middleware.TrustedAddressAuditlogMiddleware",  # actor and trusted address
]

ROOT_URLCONF = "nlc.web.urls"
WSGI_APPLICATION = "nlc.web.wsgi.application"
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
                "nlc.web.workspace.navigation",
            ]
        },
    }
]

if DATABASE_URL := setting("DATABASE_URL"):
    import dj_database_url

    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "nlc.sqlite3",
            "OPTIONS": {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

SESSION_COOKIE_SECURE = setting("NLC_SECURE_COOKIES")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 12
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# E-mail (survey invitations): the console unless NLC_EMAIL_URL says otherwise.
DEFAULT_FROM_EMAIL = setting("NLC_EMAIL_FROM")
globals().update(email_settings(setting("NLC_EMAIL_URL")))

# Content-Security-Policy (django-csp): scripts, styles and images from the site only; the
# pages keep their scripts in static files, and the two pages with a <style> element carry
# the request's nonce. Style attributes stay allowed (bar widths, colour swatches; Swagger
# UI). Report-only when NLC_CSP_REPORT_ONLY is set, to try a change.
_CSP = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
if setting("NLC_CSP_REPORT_ONLY"):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP
else:
    CONTENT_SECURITY_POLICY = _CSP

#: Sign-in throttling per (username, address) pair, see nlc.web.throttle: failures allowed,
#: the first wait in seconds (doubling with each further failure), the longest wait.
LOGIN_THROTTLE_ATTEMPTS = setting("NLC_LOGIN_ATTEMPTS")
LOGIN_THROTTLE_DELAY = setting("NLC_LOGIN_DELAY")
LOGIN_THROTTLE_WINDOW = setting("NLC_LOGIN_WINDOW")
#: The cache (of CACHES below) holding the counts: shared by every server process.
LOGIN_THROTTLE_CACHE = "shared"
#: Largest upload accepted by imports, in bytes.
NLC_MAX_UPLOAD_BYTES = setting("NLC_MAX_UPLOAD_BYTES")
DATA_UPLOAD_MAX_MEMORY_SIZE = NLC_MAX_UPLOAD_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = NLC_MAX_UPLOAD_BYTES

#: Background imports (nlc.web.imports.jobs): uploads over this many rows, written in batches.
NLC_IMPORT_BACKGROUND_ROWS = setting("NLC_IMPORT_BACKGROUND_ROWS")
NLC_IMPORT_BATCH_ROWS = setting("NLC_IMPORT_BATCH_ROWS")
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# "default": results worth keeping but cheap to rebuild (measures, map layouts), in each
# process's memory. "shared": what every server process must see alike (the sign-in throttle's
# counts), in a table of the database, so `nlc serve --workers N` counts once for all workers.
# "derived": documents computed once per version of the data (nlc.web.cache: analyses, map
# documents, the network page's figures), shared by all processes; apart from "shared" so that
# culling big documents never drops a throttle count. "default" holds the derived documents
# last used in this process (a map of a large area is over a megabyte: at most 100 of them).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 100},
    },
    "shared": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "nlc_cache",
    },
    "derived": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "nlc_derived_cache",
        "OPTIONS": {"MAX_ENTRIES": 1000},
    },
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
STATIC_URL = "static/"
# The project's own static files (nlc.css, vendored scripts) sit outside any app.
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
# Static files are served from the package by WhiteNoise: no collectstatic step needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
