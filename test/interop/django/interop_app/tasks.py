"""Sample task functions executed by a real django-q cluster."""
import os

from .samples import sample


def add(a, b):
    return a + b


def echo(*args, **kwargs):
    """Return what it got: args, kwargs and results of every type."""
    return {"args": args, "kwargs": kwargs}


def echo_value(name, *args, **kwargs):
    """Return one sample value (so `result` holds exactly that type)."""
    return sample(name)


def returns_function():
    """The result is a callable: picklefield wraps it in _ObjectWrapper."""
    return add


def fail_value_error(part, needed, available=0):
    raise ValueError(f"Part {part}: need {needed}, have {available}")


def fail_unicode(*args, **kwargs):
    raise RuntimeError("Ünïcödé failure ✗ 'quoted' \"double\"")


def fail_key_error():
    return {}["missing"]


def fail_nested():
    try:
        1 / 0
    except ZeroDivisionError as exc:
        raise LookupError("wrapped") from exc


def fail_always(label):
    raise Exception(f"always fails: {label}")


def flaky(marker):
    """Fails on the first attempt, succeeds on the retry."""
    if not os.path.exists(marker):
        with open(marker, "w") as fh:
            fh.write("x")
        raise RuntimeError("flaky: first attempt fails")
    return "recovered on retry"


def heartbeat():
    return None


class Reporter:
    @classmethod
    def summary(cls, *items, **options):
        return f"{cls.__name__}: {len(items)} items, {sorted(options)}"

    @staticmethod
    def static_summary(n):
        return n * 2

