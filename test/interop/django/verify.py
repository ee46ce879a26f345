#!/usr/bin/python3
"""Read rows that the TypeScript side wrote and print how Python/django-q decodes them.

Usage:  /usr/bin/python3 verify.py DBNAME < request.json > answer.json

request.json:
  {"ormq_ids": [int, ...],        django_q_ormq rows whose payload TS signed
   "task_ids": [str, ...],        django_q_task rows whose args/kwargs/result TS pickled
   "run_ormq_ids": [int, ...]}    optionally execute these (TS-enqueued) ormq rows with a
                                  real django-q cluster; ALL OTHER ormq rows are deleted
                                  first, so that the cluster only sees these

answer (stdout, JSON):
  {"ormq":  {"<id>": {ok, task_id, name, func, args, kwargs, group, repr_task,
                      keys, repr_values: {key: repr(value)}, error}},
   "tasks": {"<id>": {repr_args, repr_kwargs, repr_result, str_result, ...,
                      raw: {args, kwargs, result: dbsafe_decode(column) repr}}},
   "executed": {"<task id>": {...same as tasks...}}     only with run_ormq_ids}
"""
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

if len(sys.argv) > 1:
    os.environ["INTEROP_DB_NAME"] = sys.argv[1]
    os.environ.pop("INTEROP_DATABASE_URL", None)

import interop_common as common  # noqa: E402

common.setup()

from django.db import connection  # noqa: E402
from django_q.models import OrmQ, Task  # noqa: E402
from django_q.signing import SignedPackage  # noqa: E402
from picklefield.fields import dbsafe_decode  # noqa: E402

T0 = time.monotonic()
req = json.load(sys.stdin)
answer = {"ormq": {}, "tasks": {}, "executed": {}}


def safe_repr(fn):
    try:
        return repr(fn())
    except Exception as e:  # noqa: BLE001
        return f"!{e.__class__.__name__}: {e}"


run_pks = set(int(x) for x in req.get("run_ormq_ids", []))
run_ids = []
for pk in req.get("ormq_ids", []):
    row = OrmQ.objects.get(pk=pk)
    r = common.render_ormq(row)
    if r["ok"]:
        task = SignedPackage.loads(row.payload)
        r["repr_values"] = {k: repr(v) for k, v in task.items()}
        r["type_started"] = type(task.get("started")).__name__
        if int(pk) in run_pks:
            run_ids.append(task["id"])
    answer["ormq"][str(pk)] = r

# the raw columns (picklefield's dbsafe_decode, no _ObjectWrapper unwrapping) and the ORM view
with connection.cursor() as cur:
    for tid in req.get("task_ids", []):
        t = Task.objects.get(pk=tid)
        r = common.render_task(t)
        cur.execute('SELECT args, kwargs, result FROM django_q_task WHERE id = %s', [tid])
        a, k, res = cur.fetchone()
        r["raw"] = {
            "args": None if a is None else safe_repr(lambda: dbsafe_decode(a)),
            "kwargs": None if k is None else safe_repr(lambda: dbsafe_decode(k)),
            "result": None if res is None else safe_repr(lambda: dbsafe_decode(res)),
        }
        answer["tasks"][tid] = r

if run_ids:
    ours = run_pks
    deleted = OrmQ.objects.exclude(pk__in=ours).delete()[0]
    common.log(f"deleted {deleted} other ormq rows; running a cluster on {len(run_ids)} TS-enqueued tasks")
    with common.RunningCluster():
        # done when every task has a row, or when none of our queue rows is left
        # (a payload the pusher cannot unsign is deleted without a task row)
        common.wait_until(
            lambda: Task.objects.filter(id__in=run_ids).count() == len(run_ids)
            or not OrmQ.objects.filter(pk__in=ours).exists(),
            40, "the cluster to execute the TypeScript-enqueued tasks")
    for t in Task.objects.filter(id__in=run_ids):
        answer["executed"][t.id] = common.render_task(t)
    answer["remaining_ormq_ids"] = sorted(OrmQ.objects.values_list("id", flat=True))

json.dump(answer, sys.stdout, ensure_ascii=True, indent=1)
sys.stdout.write("\n")
common.log(f"verify done in {time.monotonic() - T0:.1f}s")
