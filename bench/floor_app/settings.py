"""Settings of the framework floor: the framework's defaults but for what a served API
needs anyway (no debug, allowed hosts, a persistent database connection). Read from the
same environment as the service (``bench/harness.py`` passes it): ``DATABASE_URL``,
``PMS_SECRET_KEY``, ``PMS_SIGNING_CERT_FILE`` and ``PMS_TOKEN_ISSUER``."""

import environ

env = environ.Env()

SECRET_KEY = env.str("PMS_SECRET_KEY", default="bench-framework-floor-only")
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
# contrib.auth for the user table (the row read) and DRF's anonymous user; nothing else.
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "rest_framework"]
# No middleware: the floor is what Django and DRF cost by themselves.
MIDDLEWARE: list[str] = []
ROOT_URLCONF = "bench.floor_app.urls"
WSGI_APPLICATION = "bench.floor_app.wsgi.application"
USE_TZ = True
DATABASES = {"default": env.db("DATABASE_URL")}
# A connection kept across requests, as any deployment does; Django's default health
# check (off) rather than the service's SELECT 1 per request, which is part of the service's
# own cost, measured against this.
DATABASES["default"]["CONN_MAX_AGE"] = 60
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["bench.floor_app.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "UNAUTHENTICATED_USER": None,
}

FLOOR_CERT_FILE = env.str("PMS_SIGNING_CERT_FILE")
FLOOR_TOKEN_ISSUER = env.str("PMS_TOKEN_ISSUER", default="pms")
