"""Django settings, built from the typed environment in spets.config (see docs/settings.md)."""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from spets import config
from spets.core import logs

ENV = config.read()
BASE_DIR = Path(__file__).resolve().parent
DEBUG = ENV["SPETS_DEBUG"]
DEMO = ENV["SPETS_DEMO"]
config.check_debug(DEBUG, DEMO)
RELAXED = DEBUG or DEMO  # demo/debug: plain HTTP on localhost, generated key, console e-mail
DATA_DIR = ENV["SPETS_DATA_DIR"] or config.default_data_dir()

SECRET_KEY = config.secret_key(ENV["SPETS_SECRET_KEY"], RELAXED, DATA_DIR)
ALLOWED_HOSTS = ENV["SPETS_ALLOWED_HOSTS"]
CSRF_TRUSTED_ORIGINS = ENV["SPETS_CSRF_TRUSTED_ORIGINS"]
INDUSTRY_SECTIONS = ENV["SPETS_INDUSTRY_SECTIONS"]
# Statistics cubes live in an embedded DuckDB file beside the relational database.
STATS_STORE_PATH = DATA_DIR / "stats.duckdb"
# The footprint model's national table: a real table pinned here wins over `spets footprint use-table`.
FOOTPRINT_TABLE = ENV["SPETS_FOOTPRINT_TABLE"]
FOOTPRINT_EMPLOYMENT = ENV["SPETS_FOOTPRINT_EMPLOYMENT"]

INSTALLED_APPS = [
    "spets.core",
    "spets.geo",
    "spets.companies",
    "spets.stats",
    "spets.economy",
    "spets.assessment",
    "spets.programme",
    "spets.matching",
    "spets.events",
    "spets.site",
    "spets.ops",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",  # Swagger UI for /api/docs from ninja's static files, not a CDN
    "django_tasks",
    "django_tasks_db",
]

# Background jobs (large imports) in a database queue; `spets worker` runs them (spets/core/jobs.py).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
IMPORT_BACKGROUND_BYTES = ENV["SPETS_IMPORT_BACKGROUND_BYTES"]
IMPORT_BACKGROUND_ROWS = ENV["SPETS_IMPORT_BACKGROUND_ROWS"]
JOB_TIME_LIMIT = ENV["SPETS_JOB_TIME_LIMIT"]

MIDDLEWARE = [
    "spets.core.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "spets.core.middleware.SwedishFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "spets.core.validation.BoundaryValidationMiddleware",
    "spets.core.csp.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "spets.urls"
WSGI_APPLICATION = "spets.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "spets.core.context.platform",
            ]
        },
    }
]

DATABASES = {"default": config.database_config(ENV["SPETS_DATABASE_URL"], DATA_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
if RELAXED:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise serves from the apps; avoid its warning
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Manifest storage needs collectstatic; in demo/debug whitenoise serves straight from the apps.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if RELAXED
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = RELAXED
WHITENOISE_AUTOREFRESH = DEBUG

for _key, _value in config.email_config(ENV["SPETS_EMAIL_URL"], console=RELAXED).items():
    globals()[_key] = _value
DEFAULT_FROM_EMAIL = ENV["SPETS_DEFAULT_FROM_EMAIL"]
BASE_URL = (ENV["SPETS_BASE_URL"] or ("http://127.0.0.1:8000" if RELAXED else "")).rstrip("/")

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# spets/core/csp.py: scripts and styles only from our own static files (no inline script or style, no
# on*= handlers, no style attributes).
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = (
    "accelerometer=(), browsing-topics=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
if not RELAXED:
    SECURE_SSL_REDIRECT = ENV["SPETS_SECURE_SSL_REDIRECT"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = logs.logging_config(ENV["SPETS_LOG_LEVEL"], ENV["SPETS_LOG_JSON"])
if ENV["SPETS_SENTRY_DSN"]:
    from importlib.metadata import version

    from spets.core import reporting

    reporting.start(
        ENV["SPETS_SENTRY_DSN"],
        release=f"spets@{version('spets')}",
        environment="demo" if RELAXED else "production",
    )
