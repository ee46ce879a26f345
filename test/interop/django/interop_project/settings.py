"""Minimal Django 3.2 settings for the django-q interop tests.

Database: INTEROP_DATABASE_URL (postgres://user[:password]@host[:port]/name,
a DATABASE_URL under another name so that it never picks up the service's own
database) or the INTEROP_DB_* variables; defaults match the CI machine
(127.0.0.1:5432, user postgres, trust auth).
"""
import os
from urllib.parse import unquote, urlparse

BASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _database():
    url = os.environ.get("INTEROP_DATABASE_URL")
    if url:
        u = urlparse(url)
        return {
            "NAME": unquote(u.path.lstrip("/")),
            "USER": unquote(u.username or "postgres"),
            "PASSWORD": unquote(u.password or ""),
            "HOST": u.hostname or "127.0.0.1",
            "PORT": str(u.port or 5432),
        }
    return {
        "NAME": os.environ.get("INTEROP_DB_NAME", "interop"),
        "USER": os.environ.get("INTEROP_DB_USER", "postgres"),
        "PASSWORD": os.environ.get("INTEROP_DB_PASSWORD", ""),
        "HOST": os.environ.get("INTEROP_DB_HOST", "127.0.0.1"),
        "PORT": os.environ.get("INTEROP_DB_PORT", "5432"),
    }


SECRET_KEY = os.environ.get(
    "INTEROP_SECRET_KEY", "interop-insecure-secret-key-for-testing-only-0123456789"
)
DEBUG = False
ALLOWED_HOSTS = ["*"]
USE_TZ = True
TIME_ZONE = "UTC"
USE_I18N = False
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django_q",
    "interop_app",
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        **_database(),
        # a throw-away test database: don't wait for the WAL flush on every commit
        # (django-q commits per task; on a busy machine that dominated the run time)
        "OPTIONS": {"options": "-c synchronous_commit=off"},
    }
}

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# InvenTree's cluster name and ORM broker; timings shrunk so that a failed task
# is retried within seconds. retry must exceed timeout (django-q warns otherwise).
Q_CLUSTER = {
    "name": "InvenTree",
    "workers": 2,
    "timeout": 2,
    "retry": 3,
    "max_attempts": 3,
    # small prefetch: a task waiting in the internal queue longer than `retry` gets
    # dequeued a second time (duplicate runs, attempt_count past max_attempts)
    "queue_limit": 4,
    "bulk": 2,
    "poll": 0.1,
    "catch_up": False,
    "orm": "default",
    "cache": "default",
    "save_limit": 0,
    "daemonize_workers": True,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "loggers": {"django-q": {"handlers": ["stderr"], "level": os.environ.get("INTEROP_Q_LOG", "WARNING")}},
}
