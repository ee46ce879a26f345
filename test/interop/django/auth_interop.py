#!/usr/bin/python3
"""Authentication interop: real Django 3.2 users, sessions and CSRF tokens, and
API tokens written the way InvenTree writes them, for test/interop/auth.test.ts.

Usage (/usr/bin/python3, the database must exist):
  auth_interop.py migrate DB            migrate contenttypes, auth, sessions only
                                        (the TS side then runs our `migrate`, which
                                        adds django_q_* and users_apitoken)
  auth_interop.py produce DB < req.json users (every hasher available), sessions,
                                        CSRF cookies/tokens, users_apitoken rows;
                                        prints them plus Django's own verdicts
  auth_interop.py verify DB < req.json  reverse direction: reads what our code wrote
                                        (auth_user rows and their hashes, token rows)
                                        and logs our users in (a session for the TS side)

Everything the TS side needs goes to stdout as one JSON document; progress to stderr.
Django's verdicts (authenticate(), get_user(), the CSRF middleware) are computed
inside rolled-back transactions so that they never change the rows the TS side
reads (Django would rehash on login and flush sessions whose hash is stale).
"""
import json
import os
import re
import secrets
import sys
from datetime import date, timedelta

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

if len(sys.argv) < 3 or sys.argv[1] not in ("migrate", "produce", "verify"):
    print(__doc__, file=sys.stderr)
    sys.exit(2)

COMMAND, DBNAME = sys.argv[1], sys.argv[2]
os.environ["INTEROP_DB_NAME"] = DBNAME
os.environ.pop("INTEROP_DATABASE_URL", None)

REQUEST = {}
if COMMAND != "migrate":
    REQUEST = json.loads(sys.stdin.read() or "{}")

# A real Django SECRET_KEY (50 chars incl. punctuation), fresh per run unless given.
if REQUEST.get("secret_key"):
    os.environ["INTEROP_SECRET_KEY"] = REQUEST["secret_key"]
elif COMMAND == "produce":
    from django.core.management.utils import get_random_secret_key

    os.environ["INTEROP_SECRET_KEY"] = get_random_secret_key()

import interop_common as common  # noqa: E402

common.setup()

import django  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import authenticate, get_user  # noqa: E402
from django.contrib.auth import hashers  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.exceptions import ValidationError  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.validators import MaxLengthValidator, MinLengthValidator  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.middleware import csrf  # noqa: E402
from django.test import Client, RequestFactory, override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

BACKEND = "django.contrib.auth.backends.ModelBackend"
# A wrong password costs a full hash on both sides: tried once per hasher (and the password-change user).
WRONG_PASSWORD_FOR = {"staff", "pwchanged", "pbkdf2_sha1", "argon2", "bcrypt_sha256"}
FAILED_URL = "/api/background-task/failed/"


def out(doc):
    json.dump(doc, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


# --------------------------------------------------------------------------- verdicts


def django_authenticate(username, password):
    """DRF BasicAuthentication's view of authenticate(): the user, or None. Rolled back."""
    with transaction.atomic():
        user = authenticate(None, username=username, password=password)
        result = None
        if user is not None and user.is_active:
            result = {"username": user.username, "is_staff": user.is_staff}
        transaction.set_rollback(True)
    return result


def django_session_user(session_key):
    """DRF SessionAuthentication's view: get_user() on this session, None if anonymous/inactive.

    get_user() flushes (deletes) a session whose _auth_user_hash is stale, so this
    runs in a transaction that is rolled back: the row stays for the TS side.
    """
    with transaction.atomic():
        request = HttpRequest()
        request.session = SessionStore(session_key=session_key)
        user = get_user(request)
        result = None
        if user is not None and user.is_authenticated and user.is_active:
            result = {"username": user.username, "is_staff": user.is_staff}
        transaction.set_rollback(True)
    return result


class CSRFCheck(csrf.CsrfViewMiddleware):
    """rest_framework.authentication.CSRFCheck (DRF 3.14): the reason instead of a response."""

    def _reject(self, request, reason):
        return reason


def drf_enforce_csrf(cookie, header):
    """SessionAuthentication.enforce_csrf on DELETE /api/background-task/failed/: None or Django's reason."""
    extra = {}
    if cookie is not None:
        extra["HTTP_COOKIE"] = f"{settings.CSRF_COOKIE_NAME}={cookie}"
    if header is not None:
        extra["HTTP_X_CSRFTOKEN"] = header
    request = RequestFactory().generic(
        "DELETE", FAILED_URL, data=json.dumps({"items": ["0" * 32]}), content_type="application/json", **extra
    )
    check = CSRFCheck(lambda r: None)
    check.process_request(request)
    return check.process_view(request, None, (), {})


def new_csrf_pair():
    """A csrftoken cookie as CsrfViewMiddleware sets it, and the token get_token() gives the page."""
    seen = {}

    def view(request):
        seen["token"] = csrf.get_token(request)
        return HttpResponse("ok")

    response = csrf.CsrfViewMiddleware(view)(RequestFactory().get("/"))
    return response.cookies[settings.CSRF_COOKIE_NAME].value, seen["token"]


# --------------------------------------------------------------------------- commands


def cmd_migrate():
    for app in ("contenttypes", "auth", "sessions"):
        call_command("migrate", app, verbosity=0, interactive=False)
    with connection.cursor() as cur:
        cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1")
        tables = [r[0] for r in cur.fetchall()]
    out({"django": django.get_version(), "tables": tables})


def hasher_unavailable(algorithm):
    try:
        hashers.get_hasher(algorithm)._load_library()
    except ValueError as e:  # Django: "Couldn't load 'Argon2PasswordHasher' algorithm library: ..."
        return str(e)
    except Exception as e:  # noqa: BLE001
        return f"{e.__class__.__name__}: {e}"
    return None


def insert_token(user, *, name, expiry, revoked=False, last_seen=None):
    """A users_apitoken row the InvenTree way (users.models.ApiToken.generate_key / default_expiry)."""
    key = "inv-" + secrets.token_hex(20) + "-" + date.today().strftime("%Y%m%d")
    with connection.cursor() as cur:
        cur.execute(
            "INSERT INTO users_apitoken (created, key, name, expiry, revoked, user_id, last_seen, metadata)"
            " VALUES (now(), %s, %s, %s, %s, %s, %s, NULL) RETURNING id",
            [key, name, expiry, revoked, user.pk, last_seen],
        )
        token_id = cur.fetchone()[0]
    return {
        "id": token_id,
        "key": key,
        "username": user.username,
        "expiry": expiry.isoformat(),
        "revoked": revoked,
        "last_seen": last_seen.isoformat() if last_seen else None,
    }


def cmd_produce():
    t0 = timezone.now()
    wrong = "not-the-password"
    users = {}
    passwords = {}
    skipped = {}

    def make(label, username, password, *, staff=True, active=True, hasher=None, encoded=None):
        user = User.objects.create_user(username, email=f"{label}@example.com", password=password if hasher is None else None)
        user.is_staff = staff
        user.is_active = active
        if hasher is not None:
            user.password = encoded if encoded is not None else hashers.make_password(password, hasher=hasher)
        user.save()
        users[label] = user
        passwords[label] = password
        return user

    # Django 3.2's default hasher (pbkdf2_sha256, 260000 iterations) via create_user.
    make("staff", "interop-staff", "correct horse battery staple")
    make("nonstaff", "interop-nonstaff", "nonstaff-password-1", staff=False)
    make("inactive", "interop-inactive", "inactive-password-1", active=False)
    make("pwchanged", "interop-pwchanged", "old-password-1")
    make("deactivated", "interop-deactivated", "deactivated-password-1")
    make("unicode", "stäff-ünïcödé", "pässwörd:€:✓:日本")  # ':' too: DRF splits at the first one
    make("empty", "interop-empty-password", "")  # '' is a usable password for Django (None is not)
    # Other hashers from Django 3.2's default PASSWORD_HASHERS (what InvenTree keeps).
    make("pbkdf2_600k", "interop-pbkdf2-600k", "django-4.2-iterations",
         hasher="pbkdf2_sha256",
         encoded=hashers.PBKDF2PasswordHasher().encode("django-4.2-iterations", hashers.PBKDF2PasswordHasher().salt(), 600000))
    make("pbkdf2_sha1", "interop-pbkdf2-sha1", "sha1-password-1", hasher="pbkdf2_sha1")
    for label, algorithm in (("argon2", "argon2"), ("bcrypt_sha256", "bcrypt_sha256")):
        why = hasher_unavailable(algorithm)
        if why:
            skipped[label] = why
            common.log(f"skipping {label}: {why}")
        else:
            make(label, f"interop-{label.replace('_', '-')}", f"{label}-password-1", hasher=algorithm)
    # Not in PASSWORD_HASHERS: Django refuses it (InvenTree's test settings use md5, production does not).
    md5 = hashers.MD5PasswordHasher()
    make("md5", "interop-md5", "md5-password-1", hasher="md5", encoded=md5.encode("md5-password-1", md5.salt()))
    unusable = User.objects.create_user("interop-unusable", email="", password=None)
    unusable.is_staff = True
    unusable.save()
    users["unusable"] = unusable
    passwords["unusable"] = None

    # ---- sessions: Client().login() = authenticate() + login() + SessionStore.save()
    sessions = {}

    def login(label, user_label, *, secret_key=None):
        client = Client()
        if secret_key is None:
            ok = client.login(username=users[user_label].username, password=passwords[user_label])
        else:
            with override_settings(SECRET_KEY=secret_key):
                ok = client.login(username=users[user_label].username, password=passwords[user_label])
        if not ok:
            raise SystemExit(f"Client().login() refused {user_label}")
        key = client.cookies[settings.SESSION_COOKIE_NAME].value
        sessions[label] = {"key": key, "user": user_label}
        return client, key

    login("staff", "staff")
    login("nonstaff", "nonstaff")
    login("unicode", "unicode")
    login("pwchanged", "pwchanged")
    login("deactivated", "deactivated")
    logged_out_client, _ = login("logged_out", "staff")
    _, expired_key = login("expired", "staff")
    login("other_secret", "staff", secret_key="a-different-secret-key-" + secrets.token_hex(8))

    # A session with the user id and backend but no _auth_user_hash.
    s = SessionStore()
    s["_auth_user_id"] = str(users["staff"].pk)
    s["_auth_user_backend"] = BACKEND
    s.create()
    sessions["no_hash"] = {"key": s.session_key, "user": "staff"}
    # A session naming a backend that is not in AUTHENTICATION_BACKENDS.
    s = SessionStore()
    s["_auth_user_id"] = str(users["staff"].pk)
    s["_auth_user_backend"] = "interop.backends.NotConfigured"
    s["_auth_user_hash"] = users["staff"].get_session_auth_hash()
    s.create()
    sessions["unknown_backend"] = {"key": s.session_key, "user": "staff"}
    # Django 3.2 still accepts what Django <= 3.0 wrote; Django >= 4.0 (InvenTree 0.15) does not:
    # the SHA-1 _auth_user_hash, and the pre-3.1 session_data format base64(hash:json).
    s = SessionStore()
    s["_auth_user_id"] = str(users["staff"].pk)
    s["_auth_user_backend"] = BACKEND
    s["_auth_user_hash"] = users["staff"]._legacy_get_session_auth_hash()
    s.create()
    sessions["legacy_hash"] = {"key": s.session_key, "user": "staff"}
    s = SessionStore()
    s.create()
    legacy = s._legacy_encode({
        "_auth_user_id": str(users["staff"].pk),
        "_auth_user_backend": BACKEND,
        "_auth_user_hash": users["staff"].get_session_auth_hash(),
    })
    with connection.cursor() as cur:
        cur.execute("UPDATE django_session SET session_data = %s WHERE session_key = %s", [legacy, s.session_key])
    sessions["legacy_format"] = {"key": s.session_key, "user": "staff"}

    # What happens after login: password change, deactivation, logout, expiry.
    u = users["pwchanged"]
    u.set_password("new-password-2")
    u.save()
    passwords["pwchanged_new"] = "new-password-2"
    u = users["deactivated"]
    u.is_active = False
    u.save()
    logged_out_client.logout()
    with connection.cursor() as cur:
        cur.execute("UPDATE django_session SET expire_date = now() - interval '1 minute' WHERE session_key = %s", [expired_key])

    for label, sess in sessions.items():
        store = SessionStore(session_key=sess["key"])
        with connection.cursor() as cur:
            cur.execute("SELECT session_data FROM django_session WHERE session_key = %s", [sess["key"]])
            row = cur.fetchone()
        sess["session_data"] = row[0] if row else None
        # SessionStore.decode: signature + zlib + JSON only ({} when corrupted), no expiry check.
        sess["decoded"] = store.decode(row[0]) if row else None
        sess["django_user"] = django_session_user(sess["key"])

    # ---- Basic: Django's authenticate() for each username/password pair
    attempts = []

    def attempt(label, username, password):
        attempts.append({"label": label, "username": username, "password": password,
                         "django_user": django_authenticate(username, password)})

    for label, user in users.items():
        if label == "unusable":
            continue
        if label == "pwchanged":
            attempt("pwchanged: old password", user.username, passwords["pwchanged"])
            attempt("pwchanged: new password", user.username, passwords["pwchanged_new"])
        else:
            attempt(f"{label}: right password", user.username, passwords[label])
        if label in WRONG_PASSWORD_FOR:
            attempt(f"{label}: wrong password", user.username, wrong)
    attempt("unusable: empty password", "interop-unusable", "")
    attempt("unusable: the stored '!…' string as password", "interop-unusable", users["unusable"].password)
    attempt("unknown user", "interop-nobody", "whatever")
    attempt("staff: password with a trailing space", users["staff"].username, passwords["staff"] + " ")
    attempt("staff: username in upper case (ModelBackend is exact)", users["staff"].username.upper(), passwords["staff"])

    # ---- CSRF: cookies and tokens from Django's middleware, verdicts of DRF's CSRFCheck
    cookie, token = new_csrf_pair()
    other_cookie, other_token = new_csrf_pair()
    values = {
        "cookie": cookie,
        "token": token,
        "secret": csrf._unmask_cipher_token(cookie),
        "other_cookie": other_cookie,
        "other_token": other_token,
        "short": token[:40],
        "badchars": token[:63] + "!",
        "short_cookie": cookie[:40],
        "badchars_cookie": cookie[:63] + "!",
    }
    csrf_cases = []
    for case in REQUEST.get("csrf_cases", []):
        c = None if case["cookie"] is None else values[case["cookie"]]
        h = None if case["header"] is None else values[case["header"]]
        csrf_cases.append({"label": case["label"], "cookie": c, "header": h, "django_reason": drf_enforce_csrf(c, h)})

    # ---- users_apitoken rows, InvenTree's format
    today = timezone.localdate()
    year = today + timedelta(days=365)
    yesterday = today - timedelta(days=1)
    tokens = {
        "valid": insert_token(users["staff"], name="interop valid", expiry=year),
        "seen_yesterday": insert_token(users["staff"], name="interop seen yesterday", expiry=year, last_seen=yesterday),
        "expires_today": insert_token(users["staff"], name="interop expires today", expiry=today),
        "expired": insert_token(users["staff"], name="interop expired", expiry=yesterday),
        "revoked": insert_token(users["staff"], name="interop revoked", expiry=year, revoked=True),
        "revoked_and_expired": insert_token(users["staff"], name="interop revoked+expired", expiry=yesterday, revoked=True),
        "nonstaff": insert_token(users["nonstaff"], name="interop nonstaff", expiry=year),
        "inactive": insert_token(users["inactive"], name="interop inactive", expiry=year),
    }

    users_out = {}
    for label, user in users.items():
        user.refresh_from_db()
        users_out[label] = {
            "id": user.pk,
            "username": user.username,
            "password": passwords.get(label),
            "encoded": user.password,
            "algorithm": algorithm_of(user.password),
            "is_staff": user.is_staff,
            "is_active": user.is_active,
            "session_auth_hash": user.get_session_auth_hash(),
        }

    out({
        "meta": {
            "django": django.get_version(),
            "python": sys.version.split()[0],
            "secret_key": settings.SECRET_KEY,
            "today": today.isoformat(),
            "os_today": date.today().isoformat(),
            "pbkdf2_iterations": hashers.PBKDF2PasswordHasher.iterations,
            "seconds": round((timezone.now() - t0).total_seconds(), 2),
        },
        "users": users_out,
        "skipped_hashers": skipped,
        "sessions": sessions,
        "basic": attempts,
        "csrf": {"values": values, "cases": csrf_cases},
        "tokens": tokens,
    })


def algorithm_of(encoded):
    try:
        return hashers.identify_hasher(encoded).algorithm
    except ValueError:
        return None


def must_update(encoded):
    try:
        return hashers.identify_hasher(encoded).must_update(encoded)
    except ValueError:
        return None


def run_validators(value, validators):
    try:
        for validator in validators:
            validator(value)
    except ValidationError:
        return False
    return True


def cmd_verify():
    """Reverse direction: Django reads the hashes, users and tokens our TypeScript wrote."""
    result = {"users": {}, "tokens": {}, "sessions": {}}
    for item in REQUEST.get("users", []):
        user = User.objects.get(username=item["username"])
        problems = None
        try:
            user.full_clean()
        except Exception as e:  # noqa: BLE001 - ValidationError; report it
            problems = getattr(e, "message_dict", str(e))
        entry = {
            "id": user.pk,
            "is_staff": user.is_staff,
            "is_active": user.is_active,
            "is_superuser": user.is_superuser,
            "has_usable_password": user.has_usable_password(),
            "algorithm": algorithm_of(user.password),
            "must_update": must_update(user.password),
            # a right password is checked by authenticate() below (one hash each: ours are 1M iterations)
            "check_wrong_password": hashers.check_password((item.get("password") or "") + "x", user.password),
            "full_clean": problems,
            "date_joined_aware": timezone.is_aware(user.date_joined),
        }
        if item.get("password"):
            entry["authenticate"] = django_authenticate(item["username"], item["password"])
        if item.get("session"):
            # force_login (no password check: Client.login would rehash our 1M-iteration hash).
            client = Client()
            client.force_login(user, backend=BACKEND)
            key = client.cookies[settings.SESSION_COOKIE_NAME].value
            result["sessions"][item["username"]] = {"key": key, "django_user": django_session_user(key)}
        result["users"][item["username"]] = entry

    today = timezone.localdate()
    key_re = re.compile(r"^inv-[0-9a-f]{40}-(\d{8})$")
    for key in REQUEST.get("tokens", []):
        with connection.cursor() as cur:
            cur.execute(
                "SELECT t.key, t.name, t.expiry, t.revoked, t.last_seen, t.metadata, t.created, u.username"
                " FROM users_apitoken t JOIN auth_user u ON u.id = t.user_id WHERE t.key = %s",
                [key],
            )
            row = cur.fetchone()
        if row is None:
            result["tokens"][key] = None
            continue
        m = key_re.match(row[0])
        result["tokens"][key] = {
            "format_ok": bool(m),
            "length": len(row[0]),
            "suffix_is_today": bool(m) and m.group(1) == date.today().strftime("%Y%m%d"),
            "expiry_days_from_today": (row[2] - today).days,
            "revoked": row[3],
            "last_seen": row[4].isoformat() if row[4] else None,
            "created_aware": timezone.is_aware(row[6]),
            "username": row[7],
            "name": row[1],
            # InvenTree's ApiToken.key: MinLengthValidator(50), max_length=100; name max_length=100.
            "key_valid": run_validators(row[0], [MinLengthValidator(50), MaxLengthValidator(100)])
            and run_validators(row[1], [MaxLengthValidator(100)]),
            "metadata": row[5] if not isinstance(row[5], str) else json.loads(row[5]),
        }
    out(result)


{"migrate": cmd_migrate, "produce": cmd_produce, "verify": cmd_verify}[COMMAND]()
