// Reverse direction: pickles written by OUR pickler are read by CPython
// (fixtures/roundtrip.py via /usr/bin/python3). Python's repr must be the
// repr Python printed for the original value, and pickle.dumps(loaded, 5)
// must give back exactly our bytes. Skipped (with the reason printed) when
// python3 is not available.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import {
  encodePickledField,
  pickle,
  type PyValue,
  pyByteArray,
  pyBytes,
  pyComplex,
  pyCounter,
  pyDateTime,
  pyDecimal,
  pyDeque,
  pyDict,
  pyFrozenSet,
  pyGlobal,
  pyList,
  pyOrderedDict,
  pyRange,
  pyRepr,
  pySet,
  pyTimedelta,
  pyTimezone,
  pyTuple,
  pyUuid,
  TIMEZONE_UTC,
  unpickle,
} from '../../src/djangoq/index.js';

const PYTHON = process.env.PYTHON ?? '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./fixtures/roundtrip.py', import.meta.url));

interface Entry {
  name: string;
  protocol?: number;
  pickle: string;
  repr?: string;
  error?: string;
  repr_error?: string;
}
interface PyResult {
  name: string;
  repr?: string;
  str?: string;
  repickle?: string;
  error?: string;
  message?: string;
}

function pythonAvailable(): string | null {
  if (!existsSync(PYTHON)) return `${PYTHON} not found`;
  const r = spawnSync(PYTHON, ['-c', 'import sys; assert sys.version_info >= (3, 8); print(sys.version)'], { encoding: 'utf8' });
  return r.status === 0 ? null : `${PYTHON} unusable: ${r.stderr || r.error?.message}`;
}

function runPython(items: { name: string; pickle: string }[]): Map<string, PyResult> {
  const r = spawnSync(PYTHON, [SCRIPT], { input: JSON.stringify(items), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 120_000 });
  if (r.status !== 0) throw new Error(`roundtrip.py failed: ${r.stderr}`);
  return new Map((JSON.parse(r.stdout) as PyResult[]).map((x) => [x.name, x]));
}

// The same deviations as python-fixtures.test.ts (values we cannot reproduce).
const SKIP = new Set(['str_surrogate_pair_chars', 'reduce_set_from_list', 'reduce_frozenset_bytes']);

function constructed(): { name: string; value: PyValue; repr: string }[] {
  const selfList = pyList();
  selfList.items.push(selfList);
  const shared = pyList('shared', 1n);
  const tupleCycle = pyList();
  const tc = pyTuple(tupleCycle, 1n);
  tupleCycle.items.push(tc);
  const many = Array.from({ length: 2000 }, (_, i) => BigInt(i));
  // 300 lists referenced twice: the second references need LONG_BINGET.
  const lists = Array.from({ length: 300 }, (_, i) => pyList(BigInt(i)));
  const selfDeque = pyDeque();
  selfDeque.items.push(selfDeque);
  const counter = pyCounter([['c', 1n], ['a', 5n], ['b', 2n], ['r', 2n], ['d', 1n]]);
  const z = pyComplex(1, 2);
  return [
    { name: 'ts:complex', value: pyList(pyComplex(1, -2.5), pyComplex(0, 0), pyComplex(-0, -1), pyComplex(Number.NaN, Number.POSITIVE_INFINITY), pyComplex(0, -0)), repr: '[(1-2.5j), 0j, (-0-1j), (nan+infj), -0j]' },
    { name: 'ts:ranges', value: pyTuple(pyRange(0, 5), pyRange(2, 20, 3), pyRange(10n ** 20n, -1n, -7n), pyRange(5, 2)), repr: '(range(0, 5), range(2, 20, 3), range(100000000000000000000, -1, -7), range(5, 2))' },
    { name: 'ts:counter', value: counter, repr: "Counter({'a': 5, 'b': 2, 'r': 2, 'c': 1, 'd': 1})" },
    { name: 'ts:counter_shared_empty', value: pyList(counter, pyCounter(), counter), repr: "[Counter({'a': 5, 'b': 2, 'r': 2, 'c': 1, 'd': 1}), Counter(), Counter({'a': 5, 'b': 2, 'r': 2, 'c': 1, 'd': 1})]" },
    { name: 'ts:counter_1001', value: pyCounter(many.slice(0, 1001).map((i) => [i, i % 3n] as [PyValue, PyValue])), repr: `Counter({${[2n, 1n, 0n].flatMap((r) => many.slice(0, 1001).filter((i) => i % 3n === r).map((i) => `${i}: ${r}`)).join(', ')}})` },
    { name: 'ts:deques', value: pyList(pyDeque([1n, 'two', 3.0]), pyDeque([1n, 2n], 5), pyDeque(), pyDeque([], 0), pyDeque([z]), z), repr: "[deque([1, 'two', 3.0]), deque([1, 2], maxlen=5), deque([]), deque([], maxlen=0), deque([(1+2j)]), (1+2j)]" },
    { name: 'ts:deque_2001', value: pyDeque(many.concat([2000n]), 5000), repr: `deque([${many.concat([2000n]).join(', ')}], maxlen=5000)` },
    { name: 'ts:deque_self', value: selfDeque, repr: 'deque([[...]])' },
    { name: 'ts:task_dict', value: pyDict([['id', 'x'], ['func', pyGlobal('fixture_mod', 'add')], ['args', pyTuple(1n, 2n)], ['kwargs', pyDict()], ['started', pyDateTime({ year: 2025, month: 1, day: 2, tzinfo: TIMEZONE_UTC })]]), repr: "{'id': 'x', 'func': <function add at 0x…>, 'args': (1, 2), 'kwargs': {}, 'started': datetime.datetime(2025, 1, 2, 0, 0, tzinfo=datetime.timezone.utc)}" },
    { name: 'ts:two_utc_datetimes', value: pyList(pyDateTime({ year: 2025, month: 1, day: 2, tzinfo: TIMEZONE_UTC }), pyDateTime({ year: 2026, month: 1, day: 2, tzinfo: TIMEZONE_UTC })), repr: '[datetime.datetime(2025, 1, 2, 0, 0, tzinfo=datetime.timezone.utc), datetime.datetime(2026, 1, 2, 0, 0, tzinfo=datetime.timezone.utc)]' },
    { name: 'ts:offsets', value: pyTuple(pyTimezone(pyTimedelta(0, 3600), 'CET'), pyTimezone(pyTimedelta(0, -1, 5))), repr: "(datetime.timezone(datetime.timedelta(seconds=3600), 'CET'), datetime.timezone(datetime.timedelta(days=-1, seconds=86399, microseconds=5)))" },
    { name: 'ts:classmethod', value: pyGlobal('fixture_mod', 'Reporter.summary', true), repr: "<bound method Reporter.summary of <class 'fixture_mod.Reporter'>>" },
    { name: 'ts:staticmethod', value: pyGlobal('fixture_mod', 'Reporter.helper'), repr: '<function Reporter.helper at 0x…>' },
    { name: 'ts:nested_class', value: pyGlobal('fixture_mod', 'Reporter.Inner'), repr: "<class 'fixture_mod.Reporter.Inner'>" },
    { name: 'ts:globals_same_module', value: pyTuple(pyGlobal('fixture_mod', 'add'), pyGlobal('fixture_mod', 'Point'), pyGlobal('fixture_mod', 'add')), repr: "(<function add at 0x…>, <class 'fixture_mod.Point'>, <function add at 0x…>)" },
    { name: 'ts:self_list', value: selfList, repr: '[[...]]' },
    { name: 'ts:shared', value: pyList(shared, shared, pyDict({ again: shared })), repr: "[['shared', 1], ['shared', 1], {'again': ['shared', 1]}]" },
    { name: 'ts:recursive_tuple', value: tc, repr: '([(...)], 1)' },
    { name: 'ts:list_2000', value: pyList(...many), repr: `[${many.join(', ')}]` },
    { name: 'ts:set_1000', value: pySet(...many.slice(0, 1000)), repr: `{${many.slice(0, 1000).join(', ')}}` },
    { name: 'ts:dict_2000', value: pyDict(many.map((i) => [i, null] as [PyValue, PyValue])), repr: `{${many.map((i) => `${i}: None`).join(', ')}}` },
    { name: 'ts:odict_1001', value: pyOrderedDict(many.slice(0, 1001).map((i) => [i, 0n] as [PyValue, PyValue])), repr: `OrderedDict([${many.slice(0, 1001).map((i) => `(${i}, 0)`).join(', ')}])` },
    { name: 'ts:frozenset', value: pyFrozenSet(pyFrozenSet(3n), 1n, 2n), repr: 'frozenset({frozenset({3}), 1, 2})' },
    { name: 'ts:big_str_frames', value: pyList('a'.repeat(70_000), 'b', 'ü'.repeat(40_000), 'c'), repr: `['${'a'.repeat(70_000)}', 'b', '${'ü'.repeat(40_000)}', 'c']` },
    { name: 'ts:big_bytes', value: pyTuple(pyBytes('x'.repeat(70_000)), pyByteArray('y'.repeat(70_000))), repr: `(b'${'x'.repeat(70_000)}', bytearray(b'${'y'.repeat(70_000)}'))` },
    { name: 'ts:many_strings_frames', value: pyList(...Array.from({ length: 400 }, (_, i) => `${'s'.repeat(300)}${i}`)), repr: `[${Array.from({ length: 400 }, (_, i) => `'${'s'.repeat(300)}${i}'`).join(', ')}]` },
    { name: 'ts:uuids', value: pyList(pyUuid(1n), pyUuid(2n), pyUuid('12345678123456781234567812345678')), repr: "[UUID('00000000-0000-0000-0000-000000000001'), UUID('00000000-0000-0000-0000-000000000002'), UUID('12345678-1234-5678-1234-567812345678')]" },
    { name: 'ts:decimals', value: pyTuple(pyDecimal('12.3400'), pyDecimal('-Infinity'), pyDecimal('1E+3')), repr: "(Decimal('12.3400'), Decimal('-Infinity'), Decimal('1E+3'))" },
    { name: 'ts:memo_over_255', value: pyTuple(...lists, ...lists), repr: `(${[...lists, ...lists].map((l) => `[${(l as { items: bigint[] }).items[0]}]`).join(', ')})` },
    { name: 'ts:ints', value: pyTuple(0n, 255n, 256n, 65535n, 65536n, -1n, 2n ** 31n - 1n, -(2n ** 31n), 2n ** 31n, -(2n ** 31n) - 1n, 2n ** 64n, -(2n ** 64n), -(2n ** 63n), 2n ** 2100n, -(3n ** 1500n)), repr: `(0, 255, 256, 65535, 65536, -1, 2147483647, -2147483648, 2147483648, -2147483649, 18446744073709551616, -18446744073709551616, -9223372036854775808, ${2n ** 2100n}, ${-(3n ** 1500n)})` },
  ];
}

function main(): void {
  const fixture = JSON.parse(readFileSync(new URL('./fixtures/python-values.json', import.meta.url), 'utf8')) as { entries: Entry[] };
  // sameBytes: only where our re-pickle has the shape CPython itself writes (protocol 4/5
  // input and values built here); protocol 0-3 shapes (copyreg, getattr for nested
  // names, exceptions module renames) are re-written in their protocol 5 form.
  const items: { name: string; pickle: string; repr: string; sameBytes: boolean }[] = [];
  for (const e of fixture.entries) {
    if (e.error !== undefined || e.repr === undefined || SKIP.has(e.name)) continue;
    const key = `${e.name}/${e.protocol ?? 'handmade'}`;
    items.push({
      name: key,
      pickle: Buffer.from(pickle(unpickle(Buffer.from(e.pickle, 'base64')))).toString('base64'),
      repr: e.repr,
      sameBytes: e.protocol === 4 || e.protocol === 5,
    });
  }
  for (const c of constructed()) {
    items.push({ name: c.name, pickle: Buffer.from(pickle(c.value)).toString('base64'), repr: c.repr, sameBytes: true });
    t.equal(pyRepr(c.value), c.repr, `${c.name}: our own repr`);
  }
  items.push({
    name: 'ts:picklefield_wrapped_function',
    pickle: encodePickledField(pyGlobal('fixture_mod', 'add')),
    repr: '<picklefield.fields._ObjectWrapper object at 0x…>',
    sameBytes: true,
  });

  const started = performance.now();
  const results = runPython(items.map(({ name, pickle }) => ({ name, pickle })));
  t.comment(`python read ${items.length} of our pickles in ${Math.round(performance.now() - started)} ms`);
  for (const it of items) {
    const py = results.get(it.name);
    if (it.name === 'ts:picklefield_wrapped_function' && py?.error !== undefined) {
      // Without django-picklefield installed CPython must fail on exactly that import.
      t.equal(py.error, 'ModuleNotFoundError', `${it.name}: only the picklefield import is missing`);
      continue;
    }
    if (py === undefined || py.error !== undefined) {
      t.fail(`${it.name}: Python could not load our pickle: ${py?.error}: ${py?.message}`);
      continue;
    }
    t.equal(py.repr, it.repr, `${it.name}: Python's repr of our pickle`);
    if (it.sameBytes) t.equal(py.repickle, it.pickle, `${it.name}: pickle.dumps(pickle.loads(ours), 5) == ours`);
  }
}

const reason = pythonAvailable();
if (reason !== null) {
  t.comment(`SKIPPED python round trip: ${reason}`);
  t.plan(0, `python round trip skipped: ${reason}`);
} else {
  main();
}
