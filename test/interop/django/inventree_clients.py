#!/usr/bin/python3
"""InvenTree 0.15's InfoView, MeUserDetail and GetAuthToken on real Django 3.2
+ DRF 3.14, for test/interop/inventree-clients.test.ts: the same requests go to
these views and to our service over one PostgreSQL database, and the answers
are compared (status, Content-Type, Allow, WWW-Authenticate, body bytes).

The views are transcriptions of InvenTree's (InvenTree/api.py InfoView with
check_auth_header; users/api.py MeUserDetail, GetAuthToken; ExendedUserSerializer
and GroupSerializer; users/authentication.py ApiTokenAuthentication), over the
real `users_apitoken` table through SQL where InvenTree uses its ApiToken
model. The values InfoView reads from InvenTree's settings and version module
come in with the request (`info`), as does the database name.

Usage: inventree_clients.py run DB < {"secret_key", "info": {...}, "requests": [...]}
Each request: {"label", "method", "path", "headers": {name: value}}.
Prints {"answers": {label: {"status", "headers", "body"}}}.
Not transcribed: GetAuthToken's login(request, user) (a session and Set-Cookie).
"""
import binascii
import datetime
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

if len(sys.argv) < 3 or sys.argv[1] != "run":
    print(__doc__, file=sys.stderr)
    sys.exit(2)

os.environ["INTEROP_DB_NAME"] = sys.argv[2]
os.environ.pop("INTEROP_DATABASE_URL", None)
REQUEST = json.loads(sys.stdin.read() or "{}")
os.environ["INTEROP_SECRET_KEY"] = REQUEST["secret_key"]

import interop_common as common  # noqa: E402

common.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group, User  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import JsonResponse  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import path  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.views import View  # noqa: E402
from django_q.models import OrmQ, Success  # noqa: E402
from rest_framework import exceptions, permissions, serializers  # noqa: E402
from rest_framework.authentication import BasicAuthentication, SessionAuthentication, TokenAuthentication  # noqa: E402
from rest_framework.generics import RetrieveAPIView  # noqa: E402
from rest_framework.renderers import JSONRenderer  # noqa: E402
from rest_framework.response import Response  # noqa: E402
from rest_framework.views import APIView  # noqa: E402

INFO = REQUEST["info"]


def fetch_token(**where):
    cols = ", ".join(where)
    with connection.cursor() as cur:
        cur.execute(
            "SELECT id, key, name, expiry, revoked, user_id, metadata FROM users_apitoken WHERE "
            + " AND ".join(f"{c} = %s" for c in where) + " ORDER BY id LIMIT 1",
            list(where.values()),
        )
        row = cur.fetchone()
    del cols
    if row is None:
        return None
    return {"id": row[0], "key": row[1], "name": row[2], "expiry": row[3], "revoked": row[4], "user_id": row[5], "metadata": row[6]}


def token_active(token):
    # ApiToken.active: not revoked and not expired (expiry < current_date()).
    return not token["revoked"] and not (token["expiry"] is not None and token["expiry"] < datetime.date.today())


class ApiTokenAuthentication(TokenAuthentication):
    """users/authentication.py: DRF's TokenAuthentication over ApiToken, plus revoked/expired and last_seen."""

    def authenticate_credentials(self, key):
        token = fetch_token(key=key)
        if token is None:
            raise exceptions.AuthenticationFailed("Invalid token.")
        user = User.objects.filter(pk=token["user_id"]).first()
        if user is None or not user.is_active:
            raise exceptions.AuthenticationFailed("User inactive or deleted.")
        if token["revoked"]:
            raise exceptions.AuthenticationFailed("Token has been revoked")
        if not token_active(token):
            raise exceptions.AuthenticationFailed("Token has expired")
        with connection.cursor() as cur:
            cur.execute("UPDATE users_apitoken SET last_seen = %s WHERE id = %s", [datetime.date.today(), token["id"]])
        return (user, token)


class InvenTreeDefaults:
    """InvenTree's REST_FRAMEWORK defaults (set on the views: DRF reads its settings at import)."""

    authentication_classes = [ApiTokenAuthentication, BasicAuthentication, SessionAuthentication]
    renderer_classes = [JSONRenderer]


class InfoView(View):
    """InvenTree/api.py InfoView (an AjaxView: a plain Django view)."""

    def get(self, request, *args, **kwargs):
        is_staff = request.user.is_staff
        if not is_staff and request.user.is_anonymous:
            is_staff = self.check_auth_header(request)
        past = timezone.now() - datetime.timedelta(minutes=10)
        worker_running = Success.objects.filter(started__gte=past).exists()
        data = {
            "server": "InvenTree",
            "version": INFO["version"],
            "instance": INFO["instance"],
            "apiVersion": INFO["apiVersion"],
            "worker_running": worker_running,
            "worker_pending_tasks": OrmQ.objects.count(),
            "plugins_enabled": False,
            "plugins_install_disabled": True,
            "active_plugins": False,  # plugins_info() with PLUGINS_ENABLED = False
            "email_configured": False,
            "debug_mode": settings.DEBUG,
            "docker_mode": INFO["docker"],
            "default_locale": "en-us",
            "system_health": (worker_running and False) if is_staff else None,  # check_system_health: e-mail not configured
            "database": settings.DATABASES["default"]["ENGINE"].replace("django.db.backends.", "") if is_staff else None,
            "platform": INFO["platform"] if is_staff else None,
            "installer": None,
            "target": None,
        }
        return JsonResponse(data)

    def check_auth_header(self, request):
        headers = request.headers.get("Authorization", request.headers.get("authorization"))
        if not headers:
            return False
        auth = headers.strip()
        if not (auth.lower().startswith("token") and len(auth.split()) == 2):
            return False
        token = fetch_token(key=auth.split()[1])
        if token is None:
            return False
        user = User.objects.filter(pk=token["user_id"]).first()
        return bool(token_active(token) and user and user.is_staff)


class GroupSerializer(serializers.ModelSerializer):
    class Meta:
        model = Group
        fields = ["pk", "name"]


class ExendedUserSerializer(serializers.ModelSerializer):
    groups = GroupSerializer(read_only=True, many=True)

    class Meta:
        model = User
        fields = ["pk", "username", "first_name", "last_name", "email", "groups", "is_staff", "is_superuser", "is_active"]
        read_only_fields = ["username", "groups"]


class MeUserDetail(InvenTreeDefaults, RetrieveAPIView):
    """Detail endpoint for current user."""

    queryset = User.objects.all()
    serializer_class = ExendedUserSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_object(self):
        return self.request.user


def sanitize_name(name):
    # ApiToken.sanitize_name for the names sent here (no HTML, no control characters).
    return str(name).strip().replace(" ", "-")[:100]


class GetAuthToken(InvenTreeDefaults, APIView):
    """Return authentication token for an authenticated user."""

    permission_classes = [permissions.IsAuthenticated]

    def get(self, request, *args, **kwargs):
        user = request.user
        name = sanitize_name(request.query_params.get("name", ""))
        today = datetime.date.today()
        with connection.cursor() as cur:
            cur.execute(
                "SELECT id FROM users_apitoken WHERE user_id = %s AND name = %s AND NOT revoked AND expiry >= %s ORDER BY id LIMIT 1",
                [user.pk, name, today],
            )
            found = cur.fetchone()
            if found is None:
                key = "inv-" + binascii.hexlify(os.urandom(20)).decode() + "-" + datetime.datetime.now().date().isoformat().replace("-", "")
                cur.execute(
                    "INSERT INTO users_apitoken (key, name, expiry, revoked, user_id, created, last_seen, metadata)"
                    " VALUES (%s, %s, %s, false, %s, %s, NULL, NULL) RETURNING id",
                    [key, name, today + datetime.timedelta(days=365), user.pk, timezone.now()],
                )
                found = cur.fetchone()
            metadata = {
                "user_agent": request.headers.get("user-agent", ""),
                "remote_addr": request.META.get("REMOTE_ADDR", ""),
                "remote_host": request.META.get("REMOTE_HOST", ""),
                "remote_user": request.META.get("REMOTE_USER", ""),
                "server_name": request.META.get("SERVER_NAME", ""),
                "server_port": request.META.get("SERVER_PORT", ""),
            }
            cur.execute(
                "UPDATE users_apitoken SET metadata = (CASE WHEN jsonb_typeof(metadata) = 'object' THEN metadata ELSE '{}'::jsonb END) || %s::jsonb WHERE id = %s",
                [json.dumps(metadata), found[0]],
            )
        token = fetch_token(id=found[0])
        return Response({"token": token["key"], "name": token["name"], "expiry": token["expiry"]})


urlpatterns = [
    path("api/user/token/", GetAuthToken.as_view()),
    path("api/user/me/", MeUserDetail.as_view()),
    path("api/", InfoView.as_view()),
]

sys.modules.setdefault("inventree_clients", sys.modules[__name__])

KEPT_HEADERS = ("content-type", "allow", "www-authenticate")


def main():
    answers = {}
    with override_settings(
        ROOT_URLCONF="inventree_clients",
        MIDDLEWARE=[
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
        ],
        ALLOWED_HOSTS=["*"],
    ):
        client = Client()
        for req in REQUEST["requests"]:
            extra = {}
            for name, value in req.get("headers", {}).items():
                lname = name.lower()
                if lname == "cookie":
                    for part in value.split(";"):
                        k, _, v = part.strip().partition("=")
                        client.cookies[k] = v
                else:
                    extra["HTTP_" + lname.upper().replace("-", "_")] = value
            response = client.generic(req["method"], req["path"], **extra)
            client.cookies.clear()
            answers[req["label"]] = {
                "status": response.status_code,
                "headers": {h: response[h] for h in KEPT_HEADERS if response.has_header(h)},
                "body": response.content.decode("utf-8"),
            }
    json.dump({"answers": answers}, sys.stdout)


main()
