#!/usr/bin/python3
"""Print what Python decodes for every row of a django-q database, field by field
of the detail routes (GET /api/background-task/{pending,failed,succeeded,scheduled}/{id}/).

Usage:  /usr/bin/python3 detail.py DBNAME    (a database produce.py filled)

Every value is Python's own: SignedPackage.loads / picklefield for the decoding,
str() / repr() / json.dumps for the renderings, DRF's DateTimeField rendering
(isoformat in UTC, "+00:00" written "Z") for datetimes.
"""
import json
import math
import os
import sys
from datetime import datetime, timedelta, timezone as dt_timezone

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

if len(sys.argv) > 1:
    os.environ["INTEROP_DB_NAME"] = sys.argv[1]
    os.environ.pop("INTEROP_DATABASE_URL", None)

import interop_common as common  # noqa: E402

common.setup()

from django.utils.baseconv import base62  # noqa: E402 - what Django 3.2's TimestampSigner uses
from django.utils import timezone  # noqa: E402
from django_q.conf import Conf  # noqa: E402
from django_q.models import OrmQ, Schedule, Task  # noqa: E402
from django_q.signing import SignedPackage  # noqa: E402

SAFE = 2**53 - 1
OWN_KEYS = {"id", "name", "func", "args", "kwargs", "started", "hook", "group", "timeout", "cluster"}


def drf_datetime(value):
    if value is None:
        return None
    text = value.astimezone(dt_timezone.utc).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def ints_safe(v):
    if isinstance(v, bool) or v is None or isinstance(v, (str, float)):
        return True
    if isinstance(v, int):
        return -SAFE <= v <= SAFE
    if isinstance(v, list):
        return all(ints_safe(x) for x in v)
    if isinstance(v, dict):
        return all(ints_safe(x) for x in v.values())
    return True


def json_value(v):
    """json.loads(json.dumps(v, allow_nan=False)), or None when json.dumps raises or an int is unsafe."""
    try:
        out = json.loads(json.dumps(v, allow_nan=False))
    except (TypeError, ValueError, RecursionError, OverflowError):
        return None
    return out if ints_safe(out) else None


def pending(row):
    out = {"pk": row.id, "key": row.key, "lock": drf_datetime(row.lock)}
    # django-q 1.3.9's ORM broker holds a row while lock > now - retry (Broker.lock_size).
    held = timezone.now() - timedelta(seconds=Conf.RETRY)
    out["lock_state"] = "locked" if row.lock is not None and row.lock > held else "waiting"
    try:
        task = SignedPackage.loads(row.payload)
        value, ts, _sig = row.payload.rsplit(":", 2)
        enqueued = datetime.fromtimestamp(base62.decode(ts), tz=dt_timezone.utc)
    except Exception as e:  # noqa: BLE001 - as django-q2's OrmQ.task
        out.update(ok=False, task_id="*" + e.__class__.__name__)
        return out
    if not isinstance(task, dict):
        out.update(ok=False, task_id="*AttributeError")
        return out

    def s(k):
        v = task.get(k)
        return None if v is None else str(v)

    timeout = task.get("timeout")
    started = task.get("started")
    hook = task.get("hook")
    out.update(
        ok=True,
        task_id=s("id"),
        name=s("name"),
        func=common.get_func_repr(task.get("func")) if task.get("func") else None,
        args=s("args"),
        kwargs=s("kwargs"),
        args_json=None if "args" not in task else json_value(task["args"]),
        kwargs_json=None if "kwargs" not in task else json_value(task["kwargs"]),
        hook=common.get_func_repr(hook) if hook else None,
        group=s("group"),
        timeout=timeout if isinstance(timeout, (int, float)) and not isinstance(timeout, bool) and math.isfinite(timeout) else None,
        cluster=s("cluster"),
        options={k if isinstance(k, str) else repr(k): repr(v) for k, v in task.items() if k not in OWN_KEYS},
        started=drf_datetime(started) if isinstance(started, datetime) and started.tzinfo is not None else None,
        enqueued=drf_datetime(enqueued),
        signature="verified",
    )
    return out


def task_record(t):
    def text(v):
        return None if v is None else str(v)

    return {
        "pk": t.id,
        "name": t.name,
        "func": t.func,
        "hook": t.hook,
        "group": t.group,
        "cluster": None,  # django-q 1.3.9 has no django_q_task.cluster column
        "args": text(t.args),
        "kwargs": text(t.kwargs),
        "args_json": json_value(t.args),
        "kwargs_json": json_value(t.kwargs),
        "result": text(t.result),
        "result_repr": None if t.result is None else repr(t.result),
        "result_json": json_value(t.result),
        "started": drf_datetime(t.started),
        "stopped": drf_datetime(t.stopped),
        "duration": (t.stopped - t.started).total_seconds(),
        "attempt_count": t.attempt_count,
        "success": t.success,
    }


def schedule(s):
    last = Task.objects.filter(id=s.task).first() if s.task else None
    group = str(s.name or s.id)
    runs = Task.objects.filter(group=group, func=s.func).order_by("-started", "id")[:20]
    return {
        "pk": s.id,
        "name": s.name,
        "func": s.func,
        "hook": s.hook,
        "args": s.args,
        "kwargs": s.kwargs,
        "schedule_type": s.schedule_type,
        "schedule_type_display": s.get_schedule_type_display(),
        "minutes": s.minutes,
        "cron": s.cron,
        "repeats": s.repeats,
        "next_run": drf_datetime(s.next_run),
        "cluster": s.cluster,
        "task": s.task,
        "last_run": drf_datetime(last.started) if last else None,
        "success": last.success if last else None,
        "runs": [
            {"pk": r.id, "name": r.name, "started": drf_datetime(r.started), "stopped": drf_datetime(r.stopped), "success": r.success, "attempt_count": r.attempt_count}
            for r in runs
        ],
    }


print(
    json.dumps(
        {
            "pending": [pending(r) for r in OrmQ.objects.all().order_by("id")],
            "tasks": [task_record(t) for t in Task.objects.all().order_by("id")],
            "schedules": [schedule(s) for s in Schedule.objects.all().order_by("id")],
        },
        allow_nan=False,
    )
)
