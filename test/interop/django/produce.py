#!/usr/bin/python3
"""Fill a fresh PostgreSQL database with real django-q rows and print Python's renderings.

Usage:  /usr/bin/python3 produce.py DBNAME   (the database must exist and be empty)

Steps (all with django-q 1.3.9's own API, Django 3.2):
  1. migrate contenttypes, auth, sessions, django_q;
  2. phase A: create schedules and run django-q's scheduler once, enqueue a task
     that fails until max_attempts is exhausted, one that fails once and then
     succeeds on retry, and one failure with ack_failure; start a real Cluster
     and wait until the retries are done;
  3. phase B (cluster still running): enqueue successes returning every value
     type and failures raising exceptions; wait until every one of them has a
     django_q_task row, then stop the cluster at once, so that failed tasks stay
     in django_q_ormq (attempts left) and are listed both pending and failed;
  4. phase C (cluster stopped): enqueue tasks that stay pending, plus payloads
     Python cannot read (wrong key, other cluster, garbage, missing module, ...);
  5. print one JSON document (stdout) with, for every django_q_ormq row, what
     InvenTree's pending serializer shows (django-q2's OrmQ.task / get_func_repr
     logic) and, for every django_q_task row, repr()/str() of the decoded
     picklefield values.  Progress goes to stderr.
"""
import json
import os
import pickle
import shutil
import sys
import tempfile
import time
import types
import uuid as uuidlib
import zlib
from datetime import timedelta

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

if len(sys.argv) > 1:
    os.environ["INTEROP_DB_NAME"] = sys.argv[1]
    os.environ.pop("INTEROP_DATABASE_URL", None)

import interop_common as common  # noqa: E402

common.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.core.signing import b64_decode, b64_encode  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_q import VERSION as DQ_VERSION  # noqa: E402
from django_q import core_signing  # noqa: E402
from django_q.brokers import get_broker  # noqa: E402
from django_q.cluster import scheduler  # noqa: E402
from django_q.conf import Conf  # noqa: E402
from django_q.models import OrmQ, Schedule, Task  # noqa: E402
from django_q.signing import PickleSerializer, SignedPackage  # noqa: E402
from django_q.tasks import async_task, schedule  # noqa: E402

import django  # noqa: E402
from interop_app import tasks  # noqa: E402
from interop_app.samples import SAMPLES, all_args, all_kwargs  # noqa: E402

T0 = time.monotonic()
labels = {}  # task id or "ormq:<pk>" -> human label (for test messages)


def enqueue(label, func, *args, **kwargs):
    tid = async_task(func, *args, **kwargs)
    labels[tid] = label
    return tid


def task_dict(func, *args, **kwargs):
    """A task package exactly like async_task builds it (for hand-made payloads)."""
    return {
        "id": uuidlib.uuid4().hex,
        "name": kwargs.pop("task_name", "hand-made"),
        "func": func,
        "args": args,
        "kwargs": kwargs,
        "started": timezone.now(),
    }


def raw_enqueue(label, payload, key=None):
    row = OrmQ.objects.create(
        key=key or Conf.PREFIX, payload=payload, lock=timezone.now() - timedelta(seconds=Conf.RETRY)
    )
    labels[f"ormq:{row.pk}"] = label
    return row.pk


def decode_unverified(payload):
    """Decode a payload ignoring its signature (what `verify: false` must give)."""
    value = payload.rsplit(":", 2)[0]
    compressed = value.startswith(".")
    data = b64_decode(value.lstrip(".").encode())
    if compressed:
        data = zlib.decompress(data)
    task = pickle.loads(data)
    return {
        "task_id": task.get("id"),
        "name": task.get("name"),
        "func": common.get_func_repr(task.get("func")),
        "args": str(task.get("args")),
        "kwargs": str(task.get("kwargs")),
    }


# ---------------------------------------------------------------------------
common.log(f"django {django.get_version()}, django-q {'.'.join(map(str, DQ_VERSION))}, db {os.environ.get('INTEROP_DB_NAME')}")
call_command("migrate", verbosity=0, interactive=False)
common.log(f"migrated in {time.monotonic() - T0:.1f}s")
broker = get_broker()
now = timezone.now()

# --- phase A: schedules, retries ---------------------------------------------
schedule("interop_app.tasks.add", 2, 3, name="once-due", schedule_type=Schedule.ONCE,
         next_run=now - timedelta(minutes=1))
schedule("interop_app.tasks.echo", "x", sep="_", name="minutes-due", schedule_type=Schedule.MINUTES,
         minutes=5, repeats=-1, next_run=now - timedelta(seconds=10))
schedule("interop_app.tasks.fail_always", "scheduled", q_options={"ack_failure": True},
         schedule_type=Schedule.DAILY, next_run=now - timedelta(seconds=10))
schedule("interop_app.tasks.heartbeat", name="hourly", schedule_type=Schedule.HOURLY,
         next_run=now + timedelta(hours=1))
schedule("interop_app.tasks.heartbeat", name="weekly", schedule_type=Schedule.WEEKLY, repeats=3,
         next_run=now + timedelta(days=3), hook="interop_app.tasks.heartbeat")
schedule("interop_app.tasks.heartbeat", name="monthly", schedule_type=Schedule.MONTHLY,
         next_run=now + timedelta(days=20))
schedule("interop_app.tasks.heartbeat", name="quarterly", schedule_type=Schedule.QUARTERLY,
         next_run=now + timedelta(days=80))
schedule("interop_app.tasks.heartbeat", name="yearly", schedule_type=Schedule.YEARLY,
         next_run=now + timedelta(days=300))
schedule("interop_app.tasks.heartbeat", name="cron", schedule_type=Schedule.CRON,
         cron="*/5 * * * *", next_run=now + timedelta(minutes=5))
scheduler(broker=broker)  # django-q's own scheduler: turns the due schedules into tasks
for row in OrmQ.objects.all():
    t = SignedPackage.loads(row.payload)
    labels[t["id"]] = f"schedule:{t.get('group')}"

marker = os.path.join(tempfile.mkdtemp(prefix="interop-flaky-"), "attempted")
exhaust_id = enqueue("fail:exhausts-max-attempts", "interop_app.tasks.fail_always", "exhaust")
flaky_id = enqueue("flaky:succeeds-on-retry", tasks.flaky, marker)
enqueue("fail:ack_failure", "interop_app.tasks.fail_always", "acked", ack_failure=True)


def ormq_task_ids():
    ids = set()
    for row in OrmQ.objects.all():
        try:
            ids.add(SignedPackage.loads(row.payload)["id"])
        except Exception:  # noqa: BLE001
            pass
    return ids


# successes (and a few odd funcs) run while the cluster waits for phase A's retries.
# One task per sample whose str() differs from its repr() (so str(result) is
# checked for it at top level); every sample also travels in echo-all's args,
# kwargs and result, and in its own pending row (phase C).
success_ids = []
for name, value in SAMPLES:
    if str(value) != repr(value):
        success_ids.append(enqueue(f"value:{name}", "interop_app.tasks.echo_value", name, value, value=value))
success_ids += [
    enqueue("echo:all-args-and-kwargs", tasks.echo, *all_args(), **all_kwargs()),
    enqueue("callable:add", tasks.add, 40, 2),
    enqueue("classmethod:Reporter.summary", tasks.Reporter.summary, "a", "b", verbose=True),
    enqueue("staticmethod:Reporter.static_summary", tasks.Reporter.static_summary, 21),
    enqueue("result:function", "interop_app.tasks.returns_function"),
    enqueue("result:none", "interop_app.tasks.heartbeat", task_name="heartbeat ✓"),
    enqueue("group+hook", "interop_app.tasks.add", 3, 4, group="grp", hook="interop_app.tasks.heartbeat"),
]


def phase_a_done():
    exhausted = Task.objects.filter(id=exhaust_id, attempt_count__gte=Conf.MAX_ATTEMPTS).exists()
    recovered = Task.objects.filter(id=flaky_id, success=True).exists()
    done = Task.objects.filter(id__in=success_ids).count() == len(success_ids)
    return exhausted and recovered and done and exhaust_id not in ormq_task_ids()


# --- phase B: failures that must still be queued when the cluster stops ----------
def phase_b():
    return [
        enqueue("fail:value-error", "interop_app.tasks.fail_value_error", "R-10K", 50, available=3),
        enqueue("fail:unicode", tasks.fail_unicode, "ü", {"k": ("v",)}, when=now),
        enqueue("fail:key-error", "interop_app.tasks.fail_key_error"),
        enqueue("fail:chained", "interop_app.tasks.fail_nested", q_options={"task_name": "chained failure"}),
    ]


with common.RunningCluster():
    common.wait_until(phase_a_done, 90, "phase A (successes, max_attempts exhaustion, a successful retry)")
    common.log(f"phase A done at {time.monotonic() - T0:.1f}s")
    b_ids = phase_b()
    # stop as soon as each failure ran once: with retry = 3 s they are still queued
    common.wait_until(lambda: Task.objects.filter(id__in=b_ids).count() == len(b_ids), 60,
                      "phase B failures to be executed")
    common.log(f"phase B done at {time.monotonic() - T0:.1f}s")

# --- phase C: pending only ------------------------------------------------------
def phase_c():
    for name, value in SAMPLES:
        enqueue(f"pending-value:{name}", "interop_app.tasks.echo_value", name, value, value=value)
    enqueue("pending:all-args", "interop_app.tasks.echo", *all_args())
    enqueue("pending:all-kwargs", "interop_app.tasks.echo", **all_kwargs())
    enqueue("pending:callable", tasks.add, 1, 2)
    enqueue("pending:classmethod", tasks.Reporter.summary, "a", "b", verbose=True)
    enqueue("pending:staticmethod", tasks.Reporter.static_summary, 21)
    enqueue("pending:task_name", "interop_app.tasks.add", 1, 2, task_name="named task ✓ 'q'")
    enqueue("pending:group+hook", "interop_app.tasks.add", 3, 4, group="grp", hook="interop_app.tasks.heartbeat")
    enqueue("pending:q_options", "interop_app.tasks.add", 5, 6,
            q_options={"task_name": "via-q-options", "group": 7, "timeout": 30})
    raw_enqueue("pending:compressed", SignedPackage.dumps(
        task_dict("interop_app.tasks.echo", "z" * 500, task_name="compressed"), True))

    # payloads Python itself cannot read: InvenTree shows task_id "*<ExceptionClass>"
    good = task_dict("interop_app.tasks.add", 1, 2, task_name="unreadable")
    raw_enqueue("bad:wrong-key", core_signing.dumps(
        good, key="not-the-secret-key", salt=Conf.PREFIX, serializer=PickleSerializer))
    raw_enqueue("bad:other-cluster", core_signing.dumps(
        good, key=Conf.SECRET_KEY, salt="OtherCluster", serializer=PickleSerializer), key="OtherCluster")
    genuine = SignedPackage.dumps(good)
    value, ts, sig = genuine.rsplit(":", 2)
    raw_enqueue("bad:tampered-signature", f"{value}:{ts}:{sig[:-2]}{'AA' if sig[-2:] != 'AA' else 'BB'}")
    raw_enqueue("bad:garbage", "this is not a signed payload")
    raw_enqueue("bad:no-separator", "gAV9lC4")
    signer = core_signing.TimestampSigner(Conf.SECRET_KEY, salt=Conf.PREFIX)
    raw_enqueue("bad:signed-not-pickle", signer.sign(b64_encode(b"\x80\x05this is no pickle").decode()))
    raw_enqueue("bad:signed-truncated-pickle", signer.sign(
        b64_encode(pickle.dumps(good, protocol=5)[:40]).decode()))

    # a pickled global whose module / attribute no longer exists
    ghost_mod = types.ModuleType("interop_missing_module")

    def _ghost():
        return None

    _ghost.__module__ = "interop_missing_module"
    _ghost.__qualname__ = _ghost.__name__ = "gone"
    ghost_mod.gone = _ghost
    sys.modules["interop_missing_module"] = ghost_mod
    raw_enqueue("bad:missing-module", SignedPackage.dumps(task_dict(_ghost, task_name="ghost module")))
    del sys.modules["interop_missing_module"]

    def _vanished():
        return None

    _vanished.__module__ = "interop_app.tasks"
    _vanished.__qualname__ = _vanished.__name__ = "vanished"
    tasks.vanished = _vanished
    raw_enqueue("bad:missing-attribute", SignedPackage.dumps(task_dict(_vanished, task_name="ghost attr")))
    del tasks.vanished


with transaction.atomic():  # one commit for all of them
    phase_c()
common.log(f"phase C (pending rows) done at {time.monotonic() - T0:.1f}s")

# --- output ------------------------------------------------------------------------
ormq = []
for row in OrmQ.objects.order_by("id"):
    r = common.render_ormq(row)
    r["label"] = labels.get(f"ormq:{row.pk}") or labels.get(r.get("task_id")) or "?"
    if r["label"] in ("bad:wrong-key", "bad:other-cluster", "bad:tampered-signature"):
        try:
            r["unverified"] = decode_unverified(row.payload)
        except Exception as e:  # noqa: BLE001
            r["unverified"] = {"error": e.__class__.__name__}
    ormq.append(r)

task_rows = []
for t in Task.objects.order_by("id"):
    r = common.render_task(t)
    r["label"] = labels.get(t.id, "?")
    task_rows.append(r)

pending_ids = {r["task_id"] for r in ormq if r["ok"]}
doc = {
    "meta": {
        "django": django.get_version(),
        "django_q": ".".join(map(str, DQ_VERSION)),
        "python": sys.version.split()[0],
        "secret_key": Conf.SECRET_KEY,
        "salt": Conf.PREFIX,
        "max_attempts": Conf.MAX_ATTEMPTS,
        "seconds": round(time.monotonic() - T0, 2),
    },
    "ormq": ormq,
    "tasks": task_rows,
    "pending_and_failed": sorted(t["id"] for t in task_rows if not t["success"] and t["id"] in pending_ids),
    "schedules": [
        {"id": s.id, "name": s.name, "func": s.func, "args": s.args, "kwargs": s.kwargs,
         "schedule_type": s.schedule_type, "repeats": s.repeats, "task": s.task}
        for s in Schedule.objects.order_by("id")
    ],
}
shutil.rmtree(os.path.dirname(marker), ignore_errors=True)
json.dump(doc, sys.stdout, ensure_ascii=True, indent=1)
sys.stdout.write("\n")
common.log(f"done in {time.monotonic() - T0:.1f}s: {len(ormq)} ormq rows, {len(task_rows)} task rows")
