// repr() / str() unit cases beyond the CPython fixtures: docs/inventree.md §11.1 examples,
// pytz (not installed for the fixture generator), stand-ins for reprs with
// addresses, limits.

import t from 'tap';
import {
  PYTZ_UTC,
  type PyValue,
  pyByteArray,
  pyBytes,
  pyDate,
  pyDateTime,
  pyDecimal,
  pyDict,
  pyFrozenSet,
  pyGlobal,
  pyList,
  pyObject,
  pyOrderedDict,
  pyRepr,
  pySet,
  pyStr,
  pythonErrorName,
  pyTime,
  pyTimedelta,
  pyTimezone,
  pyTuple,
  pyUuid,
  reprFloat,
  reprStr,
  TIMEZONE_UTC,
} from '../../src/djangoq/index.js';

function reprError(v: PyValue, opts?: { maxDepth?: number; maxLength?: number }): string {
  try {
    return `no error: ${pyRepr(v, opts).slice(0, 40)}`;
  } catch (e) {
    return pythonErrorName(e);
  }
}

t.test('§5.1 examples', async (t) => {
  t.equal(pyStr(pyTuple(1n, 2n)), '(1, 2)');
  t.equal(pyStr(pyTuple(3n)), '(3,)');
  t.equal(pyStr(pyTuple()), '()');
  t.equal(
    pyStr(pyTuple('x', pyTuple('nested', pyTuple('tuple')), pyList(1n, 2n), pyDict({ k: 'v' }))),
    "('x', ('nested', ('tuple',)), [1, 2], {'k': 'v'})",
  );
  t.equal(pyStr(pyTuple(pyDate(2020, 2, 29), pyDate(2021, 2, 28))), '(datetime.date(2020, 2, 29), datetime.date(2021, 2, 28))');
  t.equal(pyStr(pyTuple(pyDecimal('12.3400'))), "(Decimal('12.3400'),)");
  t.equal(pyStr(pyDict({})), '{}');
  t.equal(pyStr(pyDict({ none: null, big: 2n ** 70n })), "{'none': None, 'big': 1180591620717411303424}");
  const dt = { year: 2025, month: 6, day: 30, hour: 23, minute: 59, second: 59 };
  t.equal(pyStr(pyDict({ dt: pyDateTime({ ...dt, tzinfo: TIMEZONE_UTC }) })), "{'dt': datetime.datetime(2025, 6, 30, 23, 59, 59, tzinfo=datetime.timezone.utc)}");
  t.equal(pyStr(pyDict({ dt: pyDateTime({ ...dt, tzinfo: PYTZ_UTC }) })), "{'dt': datetime.datetime(2025, 6, 30, 23, 59, 59, tzinfo=<UTC>)}");
  t.equal(reprStr('✓ äöü \x7f'), "'✓ äöü \\x7f'");
  t.equal(pyRepr(pyBytes(new Uint8Array([0x72, 0x61, 0x77, 0, 0xff]))), "b'raw\\x00\\xff'");
  t.equal(pyRepr(pySet(1n, 2n, 3n)), '{1, 2, 3}', 'sets print in stored order');
  t.equal(pyRepr(pySet()), 'set()');
  t.equal(pyRepr(pyFrozenSet(1n)), 'frozenset({1})');
  t.equal(pyRepr(pyDateTime({ year: 2024, month: 1, day: 1 })), 'datetime.datetime(2024, 1, 1, 0, 0)');
  t.equal(pyRepr(pyTimedelta(0, 18000)), 'datetime.timedelta(seconds=18000)');
  t.equal(pyRepr(pyTime(13, 45)), 'datetime.time(13, 45)');
  t.equal(pyRepr(pyTimedelta(1, 5)), 'datetime.timedelta(days=1, seconds=5)');
  t.equal(pyRepr(pyTimezone(pyTimedelta(0, 3600))), 'datetime.timezone(datetime.timedelta(seconds=3600))');
});

t.test('str quoting and escapes', async (t) => {
  t.equal(reprStr("it's"), '"it\'s"');
  t.equal(reprStr('say "hi"'), `'say "hi"'`);
  t.equal(reprStr(`it's "both"`), `'it\\'s "both"'`);
  t.equal(reprStr('a\\b\n\r\t\x00\x1f'), "'a\\\\b\\n\\r\\t\\x00\\x1f'");
  t.equal(reprStr('\x80\xa0\xad\xe9'), "'\\x80\\xa0\\xad\u00e9'", 'C1 and NBSP / SHY escaped, é kept');
  t.equal(reprStr('\u2028\u200b\ufeff\u0378'), "'\\u2028\\u200b\\ufeff\\u0378'");
  t.equal(reprStr('\u{1F600}\u{E0001}\u{F0000}'), "'\u{1F600}\\U000e0001\\U000f0000'", 'astral: emoji raw, tag and private use escaped');
  t.equal(reprStr('\ud800x\udfff'), "'\\ud800x\\udfff'", 'lone surrogates');
  t.equal(reprStr(''), "''");
});

t.test('floats', async (t) => {
  const cases: [number, string][] = [
    [0.1, '0.1'],
    [1e-5, '1e-05'],
    [1e16, '1e+16'],
    [1e15, '1000000000000000.0'],
    [Number.POSITIVE_INFINITY, 'inf'],
    [Number.NEGATIVE_INFINITY, '-inf'],
    [Number.NaN, 'nan'],
    [-0, '-0.0'],
    [1, '1.0'],
    [1e22, '1e+22'],
    [1.5e-10, '1.5e-10'],
    [123456789012345680, '1.2345678901234568e+17'],
    [5e-324, '5e-324'],
    [0.0001, '0.0001'],
    [1e100, '1e+100'],
  ];
  for (const [x, r] of cases) t.equal(reprFloat(x), r, `${x}`);
});

t.test('datetime family, str()', async (t) => {
  const base = { year: 2025, month: 1, day: 2, hour: 3, minute: 4, second: 5, microsecond: 678901 };
  t.equal(pyStr(pyDateTime({ ...base, tzinfo: TIMEZONE_UTC })), '2025-01-02 03:04:05.678901+00:00');
  t.equal(pyStr(pyDateTime({ ...base, microsecond: 0, tzinfo: PYTZ_UTC })), '2025-01-02 03:04:05+00:00');
  t.equal(pyStr(pyDateTime({ year: 5, month: 1, day: 2 })), '0005-01-02 00:00:00');
  t.equal(pyStr(pyDateTime({ ...base, tzinfo: pyTimezone(pyTimedelta(0, -3723, 5)) })), '2025-01-02 03:04:05.678901-01:02:02.999995');
  const berlinSummer = { kind: 'pytz-zone', zone: 'Europe/Berlin', utcoffset: 7200, dst: 3600, tzname: 'CEST' } as const;
  const newYork = { kind: 'pytz-zone', zone: 'America/New_York', utcoffset: -18000, dst: 0, tzname: 'EST' } as const;
  t.equal(pyRepr(berlinSummer), "<DstTzInfo 'Europe/Berlin' CEST+2:00:00 DST>");
  t.equal(pyRepr(newYork), "<DstTzInfo 'America/New_York' EST-1 day, 19:00:00 STD>");
  t.equal(pyRepr({ kind: 'pytz-zone', zone: 'EST', utcoffset: null, dst: null, tzname: null }), "<StaticTzInfo 'EST'>");
  t.equal(pyStr(pyDateTime({ year: 2024, month: 7, day: 1, hour: 12, tzinfo: berlinSummer })), '2024-07-01 12:00:00+02:00');
  t.equal(pyStr(pyDateTime({ year: 2024, month: 1, day: 1, tzinfo: newYork })), '2024-01-01 00:00:00-05:00');
  t.equal(pyStr(PYTZ_UTC), 'UTC');
  t.equal(pyStr(berlinSummer), 'Europe/Berlin');
  t.equal(pyRepr(PYTZ_UTC), '<UTC>');
  t.equal(pyStr(pyDateTime({ year: 2024, month: 1, day: 1, tzinfo: { kind: 'pytz-zone', zone: 'EST', utcoffset: null, dst: null, tzname: null } })), '2024-01-01 00:00:00-05:00', 'static pytz zone offset from Intl');
  t.equal(pyStr(pyTime(1, 2, 3, 0, PYTZ_UTC)), '01:02:03+00:00');
  t.equal(pyStr(pyTime(1, 2, 3, 0, berlinSummer)), '01:02:03', 'DstTzInfo.utcoffset(None) is None');
  t.equal(pyStr(pyTimedelta(-1, 0, 1)), '-1 day, 0:00:00.000001');
  t.equal(pyStr(pyTimedelta(2)), '2 days, 0:00:00');
  t.equal(pyStr(pyTimezone(pyTimedelta(0, 3600), 'CET')), 'CET');
  t.equal(pyStr(pyTimezone(pyTimedelta(0, -5400))), 'UTC-01:30');
  t.equal(pyStr(TIMEZONE_UTC), 'UTC');
});

t.test('Decimal, UUID, bytes, containers', async (t) => {
  t.equal(pyStr(pyDecimal('12.3400')), '12.3400');
  t.equal(pyRepr(pyDecimal('1E+2')), "Decimal('1E+2')");
  const u = pyUuid('12345678-1234-5678-1234-567812345678');
  t.equal(pyStr(u), '12345678-1234-5678-1234-567812345678');
  t.equal(pyRepr(u), "UUID('12345678-1234-5678-1234-567812345678')");
  t.equal(pyStr(pyUuid(-5n)), '-0000000-0000-0000-0000-000000000005', "'%032x' of a negative int (no range check in CPython)");
  t.equal(pyRepr(pyByteArray('a\x00')), "bytearray(b'a\\x00')");
  t.equal(pyRepr(pyBytes("'")), `b"'"`);
  t.equal(pyRepr(pyOrderedDict()), 'OrderedDict()');
  t.equal(pyRepr(pyOrderedDict([['a', 1n]])), "OrderedDict([('a', 1)])");
  t.equal(pyRepr({ kind: 'dict', entries: [['x', pyList(1n)]], subclass: 'defaultdict', defaultFactory: pyGlobal('builtins', 'list') }), "defaultdict(<class 'list'>, {'x': [1]})");
  t.equal(pyRepr(pyDict([['__proto__', pyDict({ polluted: true })]])), "{'__proto__': {'polluted': True}}");
  t.equal(pyRepr(pyList(true, false, null)), '[True, False, None]');
  const l = pyList();
  l.items.push(l, pyTuple(l));
  t.equal(pyRepr(l), '[[...], ([...],)]', 'recursion markers');
  const od = pyOrderedDict();
  od.entries.push(['me', od]);
  t.equal(pyRepr(od), "OrderedDict([('me', ...)])");
});

t.test('references and opaque objects (address stand-in "0x…")', async (t) => {
  t.equal(pyRepr(pyGlobal('bgtasks.sample_tasks', 'add')), '<function add at 0x…>');
  t.equal(pyRepr(pyGlobal('bgtasks.sample_tasks', 'Reporter.summary', true)), "<bound method Reporter.summary of <class 'bgtasks.sample_tasks.Reporter'>>");
  t.equal(pyRepr(pyGlobal('bgtasks.sample_tasks', 'Reporter')), "<class 'bgtasks.sample_tasks.Reporter'>");
  t.equal(pyRepr(pyGlobal('datetime', 'datetime')), "<class 'datetime.datetime'>");
  t.equal(pyRepr(pyGlobal('builtins', 'len')), '<built-in function len>');
  t.equal(pyRepr(pyGlobal('builtins', 'int')), "<class 'int'>");
  t.equal(pyRepr(pyGlobal('builtins', 'IOError')), "<class 'OSError'>");
  t.equal(pyRepr(pyGlobal('builtins', 'Ellipsis')), 'Ellipsis');
  t.equal(pyRepr(pyObject(pyGlobal('shop.models', 'Part'))), '<shop.models.Part object at 0x…>');
  t.equal(pyRepr(pyObject(pyGlobal('builtins', 'object'))), '<object object at 0x…>');
  t.equal(pyRepr(pyObject(pyGlobal('builtins', 'getattr'), [pyObject(pyGlobal('m', 'Cart')), 'total'])), '<bound method Cart.total of <m.Cart object at 0x…>>');
});

t.test('exceptions: repr and str', async (t) => {
  const e = (name: string, ...args: PyValue[]) => pyObject(pyGlobal('builtins', name), args);
  t.equal(pyRepr(e('ValueError', 'bad')), "ValueError('bad')");
  t.equal(pyStr(e('ValueError', 'bad')), 'bad');
  t.equal(pyRepr(e('Exception')), 'Exception()');
  t.equal(pyStr(e('Exception')), '');
  t.equal(pyRepr(e('Exception', 'a', 1n)), "Exception('a', 1)");
  t.equal(pyStr(e('Exception', 'a', 1n)), "('a', 1)");
  t.equal(pyStr(e('KeyError', 'k')), "'k'");
  t.equal(pyStr(e('OSError', 2n, 'No such file', 'x.txt')), "[Errno 2] No such file: 'x.txt'");
  t.equal(pyRepr(e('OSError', 2n, 'No such file', 'x.txt')), "FileNotFoundError(2, 'No such file')");
  t.equal(pyStr(e('ValueError', e('ValueError', e('KeyError', 'deep')))), "'deep'", 'str(exc) unwraps single args');
  t.equal(pyRepr(pyObject(pyGlobal('shop.errors', 'StockError'), ['Part R-10K: need 50, have 3'])), "StockError('Part R-10K: need 50, have 3')");
  t.equal(pyStr(pyObject(pyGlobal('shop.errors', 'StockError'), ['need 50'])), 'need 50');
});

t.test('limits: RecursionError, ValueError for > 4300 digits, MemoryError for huge output', async (t) => {
  let deep: PyValue = pyList();
  for (let i = 0; i < 100_000; i++) deep = pyList(deep);
  t.equal(reprError(deep), 'RecursionError', '100k nested lists (CPython: RecursionError too)');
  let ok: PyValue = pyList();
  for (let i = 0; i < 900; i++) ok = pyList(ok);
  t.equal(pyRepr(ok).length, 1802, '900 levels are fine');
  t.equal(reprError(10n ** 4300n), 'ValueError', 'int with 4301 digits: CPython 3.11 refuses str()');
  t.equal(pyRepr(10n ** 4300n - 1n).length, 4300, '4300 digits are fine');
  // 2**25 elements printed through shared references: refuse before running out of memory.
  let wide: PyValue = pyList('x'.repeat(10));
  for (let i = 0; i < 25; i++) wide = pyList(wide, wide);
  t.equal(reprError(wide), 'MemoryError', 'exponential expansion through shared references');
  t.equal(reprError(pyList('abc'), { maxLength: 3 }), 'MemoryError', 'configurable');
});
