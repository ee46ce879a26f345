"""Shared helpers for produce.py and verify.py (Django setup, renderings, cluster)."""
import inspect
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "interop_project.settings")


def log(*parts):
    print("[interop]", *parts, file=sys.stderr, flush=True)


def setup():
    import django

    django.setup()


def get_func_repr(func):
    """django-q2's django_q.utils.get_func_repr (the API's pending `func`).

    django-q 1.3.9's OrmQ.func() would render a pickled callable as
    "<function add at 0x…>", django-q2 (InvenTree) uses this logic instead.
    """
    if inspect.isfunction(func):
        return f"{func.__module__}.{func.__name__}"
    elif inspect.ismethod(func) and hasattr(func.__self__, "__name__"):
        return f"{func.__self__.__module__}.{func.__self__.__name__}.{func.__name__}"
    else:
        return str(func)


def render_ormq(row):
    """What InvenTree's PendingTaskSerializer shows for one django_q_ormq row.

    Mirrors django-q2's OrmQ.task: on any exception while unsigning/unpickling,
    the task is {"id": "*" + ExceptionClassName}.
    """
    from django_q.humanhash import humanize
    from django_q.signing import SignedPackage

    out = {"id": row.id, "key": row.key}
    try:
        task = SignedPackage.loads(row.payload)
    except Exception as e:  # noqa: BLE001 - same as django-q2
        out.update(
            ok=False,
            task_id="*" + e.__class__.__name__,
            error=f"{e.__class__.__name__}: {e}",
            name=None,
            func=None,
            args=None,
            kwargs=None,
        )
        return out
    tid = task.get("id")
    out.update(
        ok=True,
        task_id=tid,
        name=task.get("name"),
        func=get_func_repr(task.get("func")),
        args=None if task.get("args") is None else str(task.get("args")),
        kwargs=None if task.get("kwargs") is None else str(task.get("kwargs")),
        group=None if task.get("group") is None else str(task.get("group")),
        repr_task=repr(task),
        keys=list(task.keys()),
        humanized=humanize(tid) if isinstance(tid, str) and len(tid) == 32 else None,
    )
    return out


def render_task(t):
    """Python's renderings of one django_q_task row (values decoded by picklefield)."""
    from django_q.humanhash import humanize

    return {
        "id": t.id,
        "name": t.name,
        "func": t.func,
        "group": t.group,
        "success": t.success,
        "attempt_count": t.attempt_count,
        "repr_args": repr(t.args),
        "repr_kwargs": repr(t.kwargs),
        "str_args": None if t.args is None else str(t.args),
        "str_kwargs": None if t.kwargs is None else str(t.kwargs),
        "str_result": None if t.result is None else str(t.result),
        "repr_result": repr(t.result),
        "humanized": humanize(t.id),
        # what InvenTree's FailedTaskSerializer puts on the wire for args/kwargs:
        # DRF ModelField -> PickledObjectField.value_to_string = a fresh re-pickle
        "wire_args": type(t)._meta.get_field("args").value_to_string(t),
        "wire_kwargs": type(t)._meta.get_field("kwargs").value_to_string(t),
    }


class RunningCluster:
    """A real django-q Cluster (sentinel + workers + monitor + pusher) in child processes."""

    def __enter__(self):
        from django import db
        from django_q.brokers import get_broker
        from django_q.cluster import Cluster

        # never let the forked sentinel inherit (and later close) our DB socket
        db.connections.close_all()
        self.cluster = Cluster(get_broker())
        t0 = time.monotonic()
        self.cluster.start()
        log(f"cluster started in {time.monotonic() - t0:.2f}s")
        return self

    def __exit__(self, *exc):
        from django import db

        t0 = time.monotonic()
        self.cluster.stop()
        db.connections.close_all()
        log(f"cluster stopped in {time.monotonic() - t0:.2f}s")
        return False


def wait_until(predicate, timeout, what, interval=0.1):
    deadline = time.monotonic() + timeout
    while True:
        if predicate():
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(interval)
