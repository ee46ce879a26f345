#!/usr/bin/env bash
# Installs the Python side of the django-q interop tests from Debian's archive
# (Django 3.2 + django-q 1.3.9, run with /usr/bin/python3). Idempotent.
set -euo pipefail

# python3-argon2 and python3-bcrypt let the auth interop make Django's argon2
# and bcrypt_sha256 password hashes. python3-djangorestframework serves the
# InvenTree client views (inventree-clients.test.ts) and, with django-filter and
# gunicorn, the InvenTree views of inventree-views/ (the differential suite);
# python3-requests makes inventree-python's calls (test/inventree/python-client.test.ts).
PKGS=(python3-django python3-django-q python3-django-picklefield python3-psycopg2
      python3-arrow python3-blessed python3-croniter python3-argon2 python3-bcrypt
      python3-djangorestframework python3-requests python3-django-filters gunicorn)

if /usr/bin/python3 -c 'import django, django_q, picklefield, psycopg2, arrow, blessed, croniter, argon2, bcrypt, rest_framework, requests, django_filters, gunicorn' 2>/dev/null \
  && [ -x /usr/bin/gunicorn ]; then
  echo "interop: python packages already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends "${PKGS[@]}"
/usr/bin/python3 -c 'import django, django_q; print("interop: django", django.get_version(), "django-q", ".".join(map(str, django_q.VERSION)))'
