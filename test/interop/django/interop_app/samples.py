"""Python values of every type django-q payloads / picklefield columns carry.

Each entry is (name, value). Names are stable identifiers used by produce.py to
label tasks; the TypeScript test never needs to know the values themselves: it
compares its own renderings against what Python prints for the real rows.
"""
import collections
import datetime
import decimal
import uuid
import zoneinfo

import pytz

from .objects import TaskError, Thing

UTC_PYTZ = pytz.utc  # what Django 3.2's timezone.now() carries
UTC_STD = datetime.timezone.utc  # what Django >= 4.0 carries
BERLIN_PYTZ = pytz.timezone("Europe/Berlin")  # Django 3.2 localtime() with TIME_ZONE set
BERLIN_ZI = zoneinfo.ZoneInfo("Europe/Berlin")  # Django >= 4.0 localtime()
IST = datetime.timezone(datetime.timedelta(hours=5, minutes=30))
WEST = datetime.timezone(datetime.timedelta(hours=-3), "BRT")

_shared = ["shared", 1]
_many = [f"item-{i:03d}" for i in range(300)]  # > 256 memo entries -> LONG_BINGET

SAMPLES = [
    # --- str -------------------------------------------------------------
    ("str_plain", "hello world"),
    ("str_empty", ""),
    ("str_single_quote", "it's"),
    ("str_double_quote", 'say "hi"'),
    ("str_both_quotes", "it's \"both\""),
    ("str_backslash", "C:\\path\\to\\file"),
    ("str_controls", "tab\tnl\ncr\rnul\x00bell\x07esc\x1bdel\x7f"),
    ("str_c1", "c1:\x80\x85\x9f nbsp:\xa0 shy:\xad"),
    ("str_unicode", "äöü ß ✓ 日本語 Ωμέγα"),
    ("str_astral", "emoji 😀 and 𝔘𝔫𝔦 and \U0001f9ea"),
    ("str_format_chars", "zwj\u200dzwsp\u200bbom\ufeffls\u2028ps\u2029"),
    ("str_spaces", "ideo\u3000thin\u2009en\u2002"),
    ("str_unassigned", "unassigned:\u0378 private:\ue000 nonchar:\uffff"),
    ("str_lone_surrogate", "lone:\ud800!"),
    ("str_long", "x" * 300 + "ü"),
    # --- numbers ---------------------------------------------------------
    ("int_small", 7),
    ("int_zero", 0),
    ("int_negative", -1),
    ("int_bininint2", 65535),
    ("int_negative_big", -2147483649),
    ("int_int32_max", 2147483647),
    ("int_int64", 9223372036854775807),
    ("int_huge", 2 ** 70),
    ("int_negative_huge", -(10 ** 30)),
    ("int_long4", 3 ** 1500),
    ("bool_true", True),
    ("bool_false", False),
    ("none", None),
    ("float_simple", 0.1),
    ("float_third", 1 / 3),
    ("float_small", 1e-05),
    ("float_big", 1e16),
    ("float_int_valued", 2.0),
    ("float_negative_zero", -0.0),
    ("float_inf", float("inf")),
    ("float_neg_inf", float("-inf")),
    ("float_nan", float("nan")),
    ("float_max", 1.7976931348623157e308),
    ("float_min_sub", 5e-324),
    ("float_1e15", 123456789012345.6),
    # --- bytes -----------------------------------------------------------
    ("bytes_plain", b"raw bytes"),
    ("bytes_binary", b"\x00\x01\x7f\x80\xff'\"\\\n\t"),
    ("bytes_long", bytes(range(256)) * 2),
    ("bytes_empty", b""),
    ("bytearray", bytearray(b"ba\x00\xff")),
    # --- containers --------------------------------------------------------
    ("tuple_empty", ()),
    ("tuple_one", ("one",)),
    ("tuple_nested", ("x", ("nested", ("tuple",)), [1, 2], {"k": "v"})),
    ("tuple_large", tuple(range(20))),
    ("list_empty", []),
    ("list_mixed", [1, "two", 3.0, None, True, b"six", (7,), [8], {"nine": 9}]),
    ("dict_empty", {}),
    ("dict_keys", {1: "int", "s": "str", (1, 2): "tuple", None: "none", 2.5: "float", b"b": "bytes", False: "bool"}),
    ("dict_nested", {"a": {"b": {"c": [1, {"d": ("e",)}]}}}),
    ("set_ints", {3, 1, 2, 100, -5}),
    ("set_empty", set()),
    ("set_str", {"alpha"}),
    ("frozenset_ints", frozenset({1, 2, 3})),
    ("frozenset_empty", frozenset()),
    ("set_of_frozensets", {frozenset({1}), frozenset()}),
    ("shared_refs", [_shared, _shared, {"again": _shared}]),
    ("many_strings", {"items": _many, "again": _many[:3]}),
    # --- dates and times ---------------------------------------------------
    ("datetime_naive", datetime.datetime(2024, 1, 1, 0, 0)),
    ("datetime_naive_seconds", datetime.datetime(2024, 2, 29, 13, 45, 7)),
    ("datetime_naive_micro", datetime.datetime(1999, 12, 31, 23, 59, 59, 999999)),
    ("datetime_naive_micro_only", datetime.datetime(2020, 5, 17, 8, 5, 0, 120)),
    ("datetime_pytz_utc", datetime.datetime(2025, 6, 30, 23, 59, 59, tzinfo=UTC_PYTZ)),
    ("datetime_std_utc", datetime.datetime(2025, 1, 2, 3, 4, 5, 678901, tzinfo=UTC_STD)),
    ("datetime_fixed_offset", datetime.datetime(2023, 3, 4, 5, 6, tzinfo=IST)),
    ("datetime_named_offset", datetime.datetime(2023, 3, 4, 5, 6, 7, tzinfo=WEST)),
    ("datetime_pytz_berlin", BERLIN_PYTZ.localize(datetime.datetime(2024, 7, 1, 12, 0))),
    ("datetime_pytz_berlin_winter", BERLIN_PYTZ.localize(datetime.datetime(2024, 1, 15, 8, 30, 15))),
    ("datetime_zoneinfo", datetime.datetime(2024, 7, 1, 12, 0, tzinfo=BERLIN_ZI)),
    ("datetime_fold", datetime.datetime(2024, 10, 27, 2, 30, fold=1)),
    ("datetime_year_1", datetime.datetime(1, 1, 1)),
    ("date", datetime.date(2020, 2, 29)),
    ("date_min", datetime.date(1, 1, 1)),
    ("date_max", datetime.date(9999, 12, 31)),
    ("time", datetime.time(13, 45)),
    ("time_seconds", datetime.time(0, 0, 1)),
    ("time_micro", datetime.time(23, 59, 59, 500)),
    ("time_aware", datetime.time(8, 30, tzinfo=UTC_STD)),
    ("timedelta_seconds", datetime.timedelta(seconds=18000)),
    ("timedelta_zero", datetime.timedelta(0)),
    ("timedelta_full", datetime.timedelta(days=1, hours=2, minutes=3, seconds=4, microseconds=5)),
    ("timedelta_negative", datetime.timedelta(seconds=-1)),
    ("timedelta_micro", datetime.timedelta(microseconds=1)),
    ("timedelta_days", datetime.timedelta(days=-3)),
    ("timedelta_big", datetime.timedelta(days=999999999)),
    # --- Decimal / UUID ----------------------------------------------------
    ("decimal", decimal.Decimal("12.3400")),
    ("decimal_negative", decimal.Decimal("-0.001")),
    ("decimal_exp", decimal.Decimal("1E+3")),
    ("decimal_small_exp", decimal.Decimal("1.5E-10")),
    ("decimal_neg_zero", decimal.Decimal("-0")),
    ("decimal_nan", decimal.Decimal("NaN")),
    ("decimal_inf", decimal.Decimal("-Infinity")),
    ("decimal_long", decimal.Decimal("123456789012345678901234567890.123456789")),
    ("uuid", uuid.UUID("12345678-1234-5678-1234-567812345678")),
    ("uuid_zero", uuid.UUID(int=0)),
    ("uuid_max", uuid.UUID(int=2 ** 128 - 1)),
]



def _tuple_cycle():
    t = ([],)
    t[0].append(t)
    return t


def _self_list():
    lst = []
    lst.append(lst)
    return lst


def _self_dict():
    d = {}
    d["self"] = d
    return d


def _deep(n):
    v = "bottom"
    for _ in range(n):
        v = [v]
    return v


def _extended():
    return [
        # more ints / floats at encoding boundaries
        ("int_128", 128),
        ("int_minus_128", -128),
        ("int_2_31", 2 ** 31),
        ("int_2_63", 2 ** 63),
        ("int_minus_2_63", -(2 ** 63)),
        ("int_2_64_minus_1", 2 ** 64 - 1),
        ("float_1e22", 1e22),
        ("float_1e15", 1e15),
        ("float_1e_7", 1e-07),
        ("float_sum", 0.1 + 0.2),
        ("float_123456789", 123456789.0),
        ("complex", complex(1, -2.5)),
        ("range", range(2, 20, 3)),
        # astral non-printables use the 8-digit escape
        ("str_astral_nonprintable", "tag:\U000e0001 unassigned:\U0003ffff nonchar:\U0010ffff"),
        ("bytes_double_quote_only", b'say "x"'),
        ("bytes_single_quote_only", b"it's"),
        # large (multi-frame) and deep values
        ("str_huge", "abcdefghij" * 20000),
        ("list_20000_ints", list(range(20000))),
        ("deep_nesting", _deep(150)),
        # cycles
        ("self_list", _self_list()),
        ("self_dict", _self_dict()),
        ("tuple_cycle", _tuple_cycle()),
        ("set_big_ints", {2 ** 40, 5, 1000}),
        # collections
        ("ordered_dict", collections.OrderedDict([("b", 1), ("a", 2)])),
        ("ordered_dict_empty", collections.OrderedDict()),
        ("defaultdict", collections.defaultdict(list, {"k": [1]})),
        ("counter", collections.Counter("abracadabra")),
        ("deque", collections.deque([1, "two", 3.0])),
        ("deque_maxlen", collections.deque([1, 2], maxlen=5)),
        # tz objects themselves, odd offsets
        ("tz_pytz_berlin_lmt", BERLIN_PYTZ),
        ("tz_zoneinfo", BERLIN_ZI),
        ("tz_pytz_utc", UTC_PYTZ),
        ("datetime_offset_seconds", datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone(datetime.timedelta(seconds=3661)))),
        ("time_fold", datetime.time(1, 2, fold=1)),
        # decimals
        ("decimal_snan", decimal.Decimal("sNaN")),
        ("decimal_nan_payload", decimal.Decimal("NaN123")),
        ("decimal_huge_exp", decimal.Decimal("1E+999999")),
        ("decimal_trailing", decimal.Decimal("-1.000E-10")),
        # exceptions and objects as values (e.g. a task returning them)
        ("exc_value_error", ValueError("bad value", 3)),
        ("exc_key_error", KeyError("missing")),
        ("exc_no_args", RuntimeError()),
        ("exc_os_error", OSError(2, "No such file or directory", "/tmp/x")),
        ("exc_custom", TaskError("custom failure")),
        ("object_plain", Thing("label")),
    ]


SAMPLES = SAMPLES + _extended()
SAMPLE_DICT = dict(SAMPLES)


def sample(name):
    return SAMPLE_DICT[name]


def all_args():
    """Every sample as one positional tuple (the 'args' of a big task)."""
    return tuple(v for _, v in SAMPLES)


def all_kwargs():
    """Every sample as keyword arguments (the 'kwargs' of a big task)."""
    return {k: v for k, v in SAMPLES}
