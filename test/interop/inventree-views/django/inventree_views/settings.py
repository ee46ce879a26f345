"""A minimal Django 3.2 + DRF 3.14 stand-in for InvenTree 0.15's background-task API.

Written from InvenTree 0.15.x's source (inventree/InvenTree, src/backend/InvenTree/):
the REST_FRAMEWORK block of InvenTree/settings.py, SESSION_ENGINE
'user_sessions.backends.db' (django-user-sessions), Q_CLUSTER name 'InvenTree',
DATETIME_FORMAT, USE_TZ. Only what the six background-task views, their
authentication and the API catch-all need is configured (see ../README.md for
what is not modelled).
"""
import os

SECRET_KEY = os.environ['SECRET_KEY']
DEBUG = False  # production InvenTree: JSONRenderer only, no internals in 500s
ALLOWED_HOSTS = ['*']
USE_TZ = True
TIME_ZONE = os.environ.get('TIME_ZONE', 'UTC')
LANGUAGE_CODE = 'en-us'
USE_I18N = True
DEFAULT_AUTO_FIELD = 'django.db.models.AutoField'

INSTALLED_APPS = [
    'django.contrib.contenttypes',
    'django.contrib.auth',
    'rest_framework',
    'django_filters',
    'django_q',
    'inventree_views',
]

# InvenTree 0.15 settings.py MIDDLEWARE, reduced to what these views depend on
# (session → CSRF → common → authentication, in InvenTree's order).
MIDDLEWARE = [
    'django.contrib.sessions.middleware.SessionMiddleware',
    'django.middleware.csrf.CsrfViewMiddleware',
    'django.middleware.common.CommonMiddleware',
    'django.contrib.auth.middleware.AuthenticationMiddleware',
]
# django-user-sessions' database backend: same data as Django's, table user_sessions_session.
SESSION_ENGINE = 'inventree_views.sessions'
AUTHENTICATION_BACKENDS = ['django.contrib.auth.backends.ModelBackend']

ROOT_URLCONF = 'inventree_views.urls'
WSGI_APPLICATION = 'inventree_views.wsgi.application'

DATABASES = {
    'default': {
        'ENGINE': 'django.db.backends.postgresql',
        'NAME': os.environ['IV_DB_NAME'],
        'HOST': os.environ.get('IV_DB_HOST', '127.0.0.1'),
        'PORT': os.environ.get('IV_DB_PORT', '5432'),
        'USER': os.environ.get('IV_DB_USER', 'postgres'),
        'PASSWORD': os.environ.get('IV_DB_PASSWORD', ''),
        'OPTIONS': {'options': f"-c search_path={os.environ['IV_DB_SCHEMA']}"},
    }
}

# InvenTree/settings.py: Q_CLUSTER (the salt of signed payloads), ORM broker.
Q_CLUSTER = {'name': 'InvenTree', 'orm': 'default', 'workers': 1, 'timeout': 90, 'retry': 120, 'max_attempts': 5}

# InvenTree/settings.py (v198 lines 469-487), DEBUG off.
REST_FRAMEWORK = {
    'EXCEPTION_HANDLER': 'inventree_views.exceptions.exception_handler',
    'DATETIME_FORMAT': '%Y-%m-%d %H:%M',
    'DEFAULT_AUTHENTICATION_CLASSES': (
        'inventree_views.authentication.ApiTokenAuthentication',
        'rest_framework.authentication.BasicAuthentication',
        'rest_framework.authentication.SessionAuthentication',
    ),
    'DEFAULT_PAGINATION_CLASS': 'rest_framework.pagination.LimitOffsetPagination',
    'DEFAULT_PERMISSION_CLASSES': ('rest_framework.permissions.IsAuthenticated',),
    'DEFAULT_RENDERER_CLASSES': ['rest_framework.renderers.JSONRenderer'],
    'TOKEN_MODEL': 'inventree_views.models.ApiToken',
}

LOGGING = {'version': 1, 'disable_existing_loggers': True, 'root': {'level': 'CRITICAL', 'handlers': []}}
