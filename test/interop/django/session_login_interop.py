#!/usr/bin/python3
"""Dashboard sign-in interop: does real Django accept the sessions our sign-in writes?

Usage (/usr/bin/python3, the database must exist):
  session_login_interop.py migrate DB           migrate contenttypes, auth, sessions only
  session_login_interop.py verify DB < req.json for each session key in the request:
      django_session rows: SessionStore(session_key=key) + auth.get_user() exactly as
        Django's AuthenticationMiddleware and DRF's SessionAuthentication see the request;
      user_sessions_session rows (django-user-sessions is not packaged in Debian): the row
        is read with SQL, its session_data decoded by Django's SessionStore.decode, and the
        decoded dict given to auth.get_user() in a SessionStore — the same checks
        (signature, backend, user, session auth hash) django-user-sessions' store leads to.
  Also reports the session dict as Django decodes it and the user's last_login.

SECRET_KEY comes from the request ("secret_key"). Verdicts run in rolled-back
transactions (get_user() flushes a session whose hash is stale).
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

if len(sys.argv) < 3 or sys.argv[1] not in ("migrate", "verify"):
    print(__doc__, file=sys.stderr)
    sys.exit(2)

COMMAND, DBNAME = sys.argv[1], sys.argv[2]
os.environ["INTEROP_DB_NAME"] = DBNAME
os.environ.pop("INTEROP_DATABASE_URL", None)
REQUEST = json.loads(sys.stdin.read() or "{}") if COMMAND != "migrate" else {}
if REQUEST.get("secret_key"):
    os.environ["INTEROP_SECRET_KEY"] = REQUEST["secret_key"]

import interop_common as common  # noqa: E402

common.setup()

import django  # noqa: E402
from django.contrib.auth import get_user  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.http import HttpRequest  # noqa: E402


def out(doc):
    json.dump(doc, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


def verdict(session):
    with transaction.atomic():
        request = HttpRequest()
        request.session = session
        user = get_user(request)
        result = None
        if user is not None and user.is_authenticated and user.is_active:
            result = {"username": user.username, "is_staff": user.is_staff, "last_login": user.last_login.isoformat() if user.last_login else None}
        transaction.set_rollback(True)
    return result


def cmd_migrate():
    for app in ("contenttypes", "auth", "sessions"):
        call_command("migrate", app, verbosity=0, interactive=False)
    out({"django": django.get_version()})


def cmd_verify():
    result = {"django": django.get_version(), "sessions": {}}
    for item in REQUEST.get("sessions", []):
        key, table = item["key"], item["table"]
        if table == "django_session":
            store = SessionStore(session_key=key)
            decoded = dict(store.items())  # loads from django_session (expired/missing: {})
            result["sessions"][key] = {"decoded": decoded, "user": verdict(SessionStore(session_key=key))}
            continue
        with connection.cursor() as cur:
            cur.execute(
                "SELECT session_data, expire_date > now(), user_id FROM user_sessions_session WHERE session_key = %s",
                [key],
            )
            row = cur.fetchone()
        if row is None:
            result["sessions"][key] = None
            continue
        decoded = SessionStore().decode(row[0])  # {} when the signature does not verify
        store = SessionStore()
        store.update(decoded)
        result["sessions"][key] = {"decoded": decoded, "unexpired": row[1], "user_id": row[2], "user": verdict(store)}
    out(result)


{"migrate": cmd_migrate, "verify": cmd_verify}[COMMAND]()
