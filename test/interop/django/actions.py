#!/usr/bin/python3
"""django-q 1.3.9's side of the actions interop test (test/interop/actions.test.ts).

Usage:  /usr/bin/python3 actions.py setup DBNAME MARKER
        /usr/bin/python3 actions.py scheduler DBNAME
        /usr/bin/python3 actions.py execute DBNAME SCHEDULE_ID TASK_ID...

setup      migrate; enqueue interop_app.tasks.flaky(MARKER) with ack_failure
           (it fails once, and the failure is not retried by the cluster); run
           a real Cluster until its failure row exists; create the schedules
           "run-now" (due tomorrow) and "paused" (every minute, next_run 45 s
           ago). Prints their ids.
scheduler  run django-q's own scheduler once (what the cluster's sentinel
           calls every 30 s) and print what is queued and the schedules.
execute    run a real Cluster; whenever the schedule is due, call the
           scheduler (as the sentinel would, without waiting up to 30 s);
           wait (at most 90 s) until every TASK_ID and one task of the
           schedule have a success row. Prints those rows as Python renders them.
"""
import json
import os
import sys
import time
from datetime import timedelta

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ["INTEROP_DB_NAME"] = sys.argv[2]
os.environ.pop("INTEROP_DATABASE_URL", None)

import interop_common as common  # noqa: E402

common.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_q.brokers import get_broker  # noqa: E402
from django_q.cluster import scheduler  # noqa: E402
from django_q.conf import Conf  # noqa: E402
from django_q.models import OrmQ, Schedule, Task  # noqa: E402
from django_q.tasks import async_task  # noqa: E402
from django.conf import settings  # noqa: E402


def schedule_row(s):
    return {"id": s.id, "name": s.name, "repeats": s.repeats, "task": s.task,
            "next_run": s.next_run.isoformat() if s.next_run else None}


def queued():
    out = []
    for q in OrmQ.objects.all().order_by("id"):
        t = q.task()
        out.append({"id": t.get("id"), "group": t.get("group"), "func": t.get("func"), "key": q.key})
    return out


def setup(marker):
    call_command("migrate", verbosity=0)
    task_id = async_task("interop_app.tasks.flaky", marker, ack_failure=True)
    with common.RunningCluster():
        common.wait_until(lambda: Task.objects.filter(id=task_id).exists(), 60, "the flaky task's failure")
    assert not Task.objects.get(id=task_id).success
    now = timezone.now()
    run_now = Schedule.objects.create(
        name="run-now", func="interop_app.tasks.echo", args="'a', 2", kwargs="{'k': [1, 2], 'note': None}",
        schedule_type=Schedule.MINUTES, minutes=60, repeats=-1, next_run=now + timedelta(days=1))
    paused = Schedule.objects.create(
        name="paused", func="interop_app.tasks.echo", args="'p',", kwargs="",
        schedule_type=Schedule.MINUTES, minutes=1, repeats=-1, next_run=now - timedelta(seconds=45))
    return {"failed": task_id, "run_now": schedule_row(run_now), "paused": schedule_row(paused),
            "secret_key": settings.SECRET_KEY, "salt": Conf.PREFIX, "queued": queued()}


def run_scheduler():
    scheduler(broker=get_broker())
    return {"queued": queued(), "schedules": [schedule_row(s) for s in Schedule.objects.all().order_by("id")]}


def execute(schedule_id, task_ids):
    spawned = None
    with common.RunningCluster():
        deadline = time.monotonic() + 90
        while True:
            s = Schedule.objects.get(id=schedule_id)
            if spawned is None and s.repeats != 0 and s.next_run <= timezone.now():
                scheduler(broker=get_broker())
                s.refresh_from_db()
                spawned = s.task
                common.log(f"scheduler spawned {spawned}")
            done = Task.objects.filter(id__in=task_ids, success=True).count() == len(task_ids)
            if done and spawned and Task.objects.filter(id=spawned).exists():
                break
            if time.monotonic() > deadline:
                raise TimeoutError(f"tasks not executed within 90 s: spawned={spawned}")
            time.sleep(0.2)
    rows = {t.id: common.render_task(t) for t in Task.objects.filter(id__in=[*task_ids, spawned])}
    return {"tasks": rows, "spawned": spawned, "schedule": schedule_row(Schedule.objects.get(id=schedule_id)), "queued": queued()}


command = sys.argv[1]
if command == "setup":
    out = setup(sys.argv[3])
elif command == "scheduler":
    out = run_scheduler()
elif command == "execute":
    out = execute(int(sys.argv[3]), sys.argv[4:])
else:
    raise SystemExit(f"unknown command {command}")
print(json.dumps(out))
