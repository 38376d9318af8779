"""Settings, all read from the environment (docs/configuration.md lists every variable).

Two modes: development (the default: SQLite, DEBUG, a fixed insecure secret, plain-HTTP
cookies) and production (``PMS_ENV=production``: every secret must be given, cookies are
secure, ``manage.py check --deploy`` is clean). A missing production secret stops the
process at start-up instead of running with a guessable default.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

# Files the service writes (generated development key, collected static files): var/ of
# the checkout, or of the working directory when running from an installed package
# (never inside site-packages).
VAR_DIR = Path(env.str("PMS_VAR_DIR", default=str(
    (BASE_DIR if (BASE_DIR / "manage.py").exists() else Path.cwd()) / "var")))

PMS_ENV = env.str("PMS_ENV", default="development").lower()
if PMS_ENV not in ("development", "production"):
    raise ImproperlyConfigured("PMS_ENV must be 'development' or 'production'")
PRODUCTION = PMS_ENV == "production"


def _required_in_production(name: str, dev_default: str) -> str:
    value = env.str(name, default="")
    if value:
        return value
    if PRODUCTION:
        raise ImproperlyConfigured(f"{name} must be set when PMS_ENV=production")
    return dev_default


DEBUG = env.bool("PMS_DEBUG", default=not PRODUCTION)
SECRET_KEY = _required_in_production(
    "PMS_SECRET_KEY", "insecure-development-key-do-not-use-in-production-0123456789abcdef"
)
# The key signs sessions, CSRF tokens and password-reset links: a guessable one lets anyone
# forge them, so production stops here rather than only warning in `check --deploy`
# (Django's own thresholds: 50 characters, 5 distinct ones, no django-insecure- prefix).
if PRODUCTION and (len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure")):
    raise ImproperlyConfigured(
        "PMS_SECRET_KEY is too weak for production (it needs at least 50 characters, 5 of them "
        "different, and no 'django-insecure' prefix). Make one with: "
        'python -c "import secrets; print(secrets.token_urlsafe(64))"'
    )
ALLOWED_HOSTS = env.list(
    "PMS_ALLOWED_HOSTS", default=[] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]", "testserver"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("PMS_ALLOWED_HOSTS must be set when PMS_ENV=production")
CSRF_TRUSTED_ORIGINS = env.list("PMS_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "config.apps.PmsAdminConfig",  # django.contrib.admin with the back office's site (config/admin.py)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "kernel",
    "audit",
    "events",
    "accounts",
    "policies",
    "partners",
    "misp",
    "devices",
    "portal",
]

MIDDLEWARE = [
    # First: the load balancer's probe is answered whatever its Host header (by IP address).
    "kernel.middleware.HealthProbeMiddleware",
    "kernel.middleware.RequestContextMiddleware",
    "kernel.middleware.ResponseHeadersMiddleware",
    "kernel.middleware.BodySizeLimitMiddleware",
    "kernel.middleware.RejectUnstorableTextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kernel.middleware.LocaleMiddleware",  # Django's, without the path lookups i18n_patterns would need
    "kernel.middleware.CommonMiddleware",  # Django's, its Content-Length written plainly
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kernel.middleware.LazyMessageMiddleware",  # Django's MessageMiddleware, made on first use
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],  # templates live in the apps, so an installed package has them too
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Absent DATABASE_URL means a zero-set-up SQLite file next to the code, in development only:
# production refuses to start rather than quietly keep national records in a local file.
if PRODUCTION and not env.str("DATABASE_URL", default=""):
    raise ImproperlyConfigured("DATABASE_URL must be set when PMS_ENV=production (e.g. postgres://user:pass@host:5432/pms)")
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False  # services own their transactions (audit survives rollbacks)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers wait for the lock instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("PMS_DB_CONN_MAX_AGE", default=60)
    # A `SELECT 1` on a reused connection before the request's first statement, so that a
    # connection that died while idle (a restart, a failover, a firewall or pooler cutting
    # it) is replaced before a request uses it; skipped on a connection that ran a statement
    # less than PMS_DB_HEALTH_CHECK_IDLE_SECONDS ago (kernel/postgresql; 0: before every
    # request, Django's own behaviour), which saves 0.1 to 0.2 ms of worker CPU and a round
    # trip per request under load (docs/production.md, step 1).
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["default"]["ENGINE"] = "kernel.postgresql"
    # Server-side prepared statements (psycopg 3): parameters bound by the server, and a
    # statement run 5 times on a connection (psycopg's default threshold) prepared there, so
    # PostgreSQL parses and plans the hot statements once per connection: about half the
    # database CPU of a machine client's read (docs/benchmark.md). Needs a direct
    # connection, or PgBouncer >= 1.21 in transaction mode with max_prepared_statements set
    # (docs/production.md); off, Django's default: bound on the client, nothing prepared.
    if env.bool("PMS_DB_PREPARED_STATEMENTS", default=True):
        DATABASES["default"].setdefault("OPTIONS", {}).update({"server_side_binding": True, "prepare_threshold": 5})

PMS_DB_HEALTH_CHECK_IDLE_SECONDS = env.float("PMS_DB_HEALTH_CHECK_IDLE_SECONDS", default=1.0)

# The default cache is the database so that login throttling and lock-outs are shared by
# every worker process; CACHE_URL may point elsewhere (e.g. redis://...).
CACHES = {"default": env.cache("CACHE_URL", default="dbcache://pms_cache_table")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Every Django login (admin, portal) goes through the same lock-out and audit as the API.
AUTHENTICATION_BACKENDS = ["accounts.backends.PmsLoginBackend"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français"), ("ar", "العربية")]
LOCALE_PATHS: list[Path] = []  # catalogues live in the apps' locale/ folders
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Development serves static files from the apps (whitenoise finders); production serves
# what `collectstatic` wrote here.
_static_root = env.str("PMS_STATIC_ROOT", default=str(VAR_DIR / "staticfiles") if PRODUCTION else "")
STATIC_ROOT = Path(_static_root) if _static_root else None
WHITENOISE_USE_FINDERS = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- Security ---------------------------------------------------------------------------
SESSION_COOKIE_SECURE = env.bool("PMS_COOKIE_SECURE", default=PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env.bool("PMS_SSL_REDIRECT", default=PRODUCTION)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("PMS_BEHIND_TLS_PROXY", default=False) else None
SECURE_HSTS_SECONDS = env.int("PMS_HSTS_SECONDS", default=31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# /healthz must answer plain HTTP probes from the load balancer.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# --- E-mail (the portal's verification codes and password resets) ----------------------------
# Production sends through SMTP (EMAIL_HOST, ...); development writes each message as a file
# in $PMS_VAR_DIR/mail, so a developer reads codes there and none reaches the server log.
EMAIL_BACKEND = env.str("PMS_EMAIL_BACKEND", default=(
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.filebased.EmailBackend"))
EMAIL_FILE_PATH = env.str("PMS_EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Partner Management <no-reply@localhost>")
PASSWORD_RESET_TIMEOUT = env.int("PMS_PASSWORD_RESET_SECONDS", default=3600)

# Django's login pages (the portal's; the admin has its own) and where they lead.
LOGIN_URL = "portal:login"
LOGIN_REDIRECT_URL = "portal:dashboard"
LOGOUT_REDIRECT_URL = "portal:login"

# --- REST framework ------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["accounts.authentication.MosipTokenAuthentication"],
    # Every API view's permission is derived from the operation its method names.
    "DEFAULT_PERMISSION_CLASSES": ["kernel.permissions.OperationPermission"],
    "DEFAULT_PARSER_CLASSES": ["kernel.parsers.EnvelopeJSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "EXCEPTION_HANDLER": "kernel.exceptions.pms_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # OPTIONS would answer DRF's own (non-envelope) description; the schema covers that.
    "DEFAULT_METADATA_CLASS": None,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Partner Management Service",
    "DESCRIPTION": (
        "Wire-compatible with MOSIP Partner Management 1.0 (plus the 1.1 additions) and the "
        "device-management master data API. Every body uses the MOSIP envelope. Each service is "
        "served under its documented prefix, listed here, and under the doubled prefix real "
        "deployments use (e.g. /partnermanagement/v1/policies/policies/...), which answers the same."
    ),
    "VERSION": "1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    # Two generations of MOSIP's API make a long page: a filter box by tag, and links to
    # each operation (Swagger UI renders only the part of a long list in view).
    "SWAGGER_UI_SETTINGS": {"filter": True, "deepLinking": True},
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "PREPROCESSING_HOOKS": ["kernel.schema.only_canonical_paths"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "kernel.schema.add_error_responses",
        "kernel.schema_examples.add_examples",  # after the error envelopes: examples of the success branch
    ],
    "COMPONENT_SPLIT_REQUEST": True,
}

# --- PMS behaviour ---------------------------------------------------------------------------
# Business errors answer HTTP 200 with errors[] as MOSIP does; True switches them to 400/404/409.
PMS_REST_STATUS_CODES = env.bool("PMS_REST_STATUS_CODES", default=False)
PMS_MAX_BODY_BYTES = env.int("PMS_MAX_BODY_BYTES", default=2 * 1024 * 1024)
PMS_MAX_JSON_DEPTH = env.int("PMS_MAX_JSON_DEPTH", default=32)
# Longer path + query strings get 414 in the envelope (config/gunicorn.py lets up to 8190 through).
PMS_MAX_URL_LENGTH = env.int("PMS_MAX_URL_LENGTH", default=4096)
# Sent on every HTML page. Inline styles are allowed (the admin uses style attributes);
# scripts only from our own origin (Swagger UI loads its configuration as a file).
PMS_CONTENT_SECURITY_POLICY = env.str(
    "PMS_CONTENT_SECURITY_POLICY",
    default="default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'",
)
PMS_PAGE_SIZE_DEFAULT = 50
# The benchmark's floor endpoint (GET /v1/bench/floor: an authenticated view doing one
# primary-key read, docs/benchmark.md); off by default so production has no such route.
PMS_BENCH_FLOOR = env.bool("PMS_BENCH_FLOOR", default=False)
PMS_PAGE_SIZE_MAX = 500

# Identity (tokens, lock-out, Keycloak) and audit settings live with their apps:
# accounts/conf.py, audit/conf.py, policies/conf.py.

# Server signing key and certificate (kernel.keys): explicit PEM files win; else generated
# once into PMS_KEY_DIR on first use.
PMS_KEY_DIR = Path(env.str("PMS_KEY_DIR", default=str(VAR_DIR / "keys")))
PMS_SIGNING_KEY_FILE = env.str("PMS_SIGNING_KEY_FILE", default="")
PMS_SIGNING_CERT_FILE = env.str("PMS_SIGNING_CERT_FILE", default="")
PMS_SIGNING_CERT_DAYS = env.int("PMS_SIGNING_CERT_DAYS", default=3650)
PMS_APPLICATION_ID = "PMS"
# Keys of secrets at rest (kernel.secrets): Fernet data keys (first encrypts) and the lookup
# digest key; required in production, generated into PMS_KEY_DIR in development.
PMS_DATA_KEYS = env.str("PMS_DATA_KEYS", default="")
PMS_LOOKUP_KEY = env.str("PMS_LOOKUP_KEY", default="")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Keys travel in some MOSIP URL paths: every line is redacted (kernel.logging).
    "filters": {"redact_secrets": {"()": "kernel.logging.RedactSecrets"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact_secrets"]}},
    "root": {"handlers": ["console"], "level": env.str("PMS_LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Number of reverse proxies in front of the app whose X-Forwarded-For may be trusted for
# the client address written to audit rows (0: use the socket peer).
PMS_TRUSTED_PROXY_HOPS = env.int("PMS_TRUSTED_PROXY_HOPS", default=0)
