// complex, range, collections.Counter and collections.deque: constructors,
// repr()/str() edge cases, Python equality of keys, the pickled shapes CPython
// writes, and the pieces Counter's repr rests on (CPython's sort, `<`).
// The CPython fixtures (python-values.json) cover the same types end to end;
// the expected texts here were printed by CPython 3.11.

import t from 'tap';
import { compareDecimal, pyLt } from '../../src/djangoq/compare.js';
import {
  pickle,
  type PyValue,
  pyBytes,
  pyComplex,
  pyCounter,
  pyDateTimeFromDate,
  pyDecimal,
  pyDeque,
  pyDict,
  pyList,
  pyRange,
  pyRepr,
  pyStr,
  pythonErrorName,
  pyTimezone,
  pyTimedelta,
  pyTruthy,
  pyTuple,
  pyTypeName,
  rangeLength,
  TIMEZONE_UTC,
  unpickle,
} from '../../src/djangoq/index.js';
import { pySorted } from '../../src/djangoq/sort.js';

function errorOf(fn: () => unknown): string {
  try {
    fn();
    return 'no error';
  } catch (e) {
    return pythonErrorName(e);
  }
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const NAN = Number.NaN;
const INF = Number.POSITIVE_INFINITY;

t.test('complex: repr follows complex_repr (signed zeros, nan, inf, no .0)', async (t) => {
  const cases: [number, number, string][] = [
    [1, -2.5, '(1-2.5j)'],
    [0, 0, '0j'],
    [0, -0, '-0j'],
    [-0, 0, '(-0+0j)'],
    [-0, -0, '(-0-0j)'],
    [0, 1, '1j'],
    [-0, -1, '(-0-1j)'],
    [NAN, INF, '(nan+infj)'],
    [-NAN, -NAN, '(nan+nanj)'],
    [0, NAN, 'nanj'],
    [INF, -INF, '(inf-infj)'],
    [1, 0, '(1+0j)'],
    [1e16, 1e-5, '(1e+16+1e-05j)'],
    [1e15, -3, '(1000000000000000-3j)'],
    [0.1, 0.2, '(0.1+0.2j)'],
    [1.2345678901234568e17, 5e-324, '(1.2345678901234568e+17+5e-324j)'],
    [0, -1e-7, '-1e-07j'],
  ];
  for (const [re, im, want] of cases) {
    t.equal(pyRepr(pyComplex(re, im)), want, `complex(${re}, ${im})`);
    t.equal(pyStr(pyComplex(re, im)), want, `str(complex(${re}, ${im}))`);
  }
  t.equal(pyRepr(pyList(pyComplex(1, 2), pyTuple(pyComplex(0, 3)))), '[(1+2j), (3j,)]');
  t.equal(pyTypeName(pyComplex(1, 2)), 'complex');
  t.equal(pyTruthy(pyComplex(0, -0)), false);
  t.equal(pyTruthy(pyComplex(0, NAN)), true);
});

t.test('range: repr omits step 1, keeps the arguments as given', async (t) => {
  t.equal(pyRepr(pyRange(2, 20, 3)), 'range(2, 20, 3)');
  t.equal(pyRepr(pyRange(0, 5)), 'range(0, 5)');
  t.equal(pyRepr(pyRange(5, 2)), 'range(5, 2)');
  t.equal(pyRepr(pyRange(10, -10, -3)), 'range(10, -10, -3)');
  t.equal(pyRepr(pyRange(10n ** 20n, 10n ** 21n, 7n)), 'range(100000000000000000000, 1000000000000000000000, 7)');
  t.equal(pyStr(pyRange(1, 2)), 'range(1, 2)');
  t.equal(errorOf(() => pyRepr(pyRange(0, 10n ** 4300n))), 'ValueError', 'int repr limit applies to the bounds');
  t.throws(() => pyRange(0, 1, 0), RangeError);
  t.equal(rangeLength(pyRange(0, 10, 3)), 4n);
  t.equal(rangeLength(pyRange(10, -10, -3)), 7n);
  t.equal(rangeLength(pyRange(5, 2)), 0n);
  t.equal(pyTruthy(pyRange(5, 2)), false);
  t.equal(pyTruthy(pyRange(0, 1)), true);
});

t.test('deque: repr, maxlen, recursion', async (t) => {
  t.equal(pyRepr(pyDeque([1n, 'two', 3.0])), "deque([1, 'two', 3.0])");
  t.equal(pyRepr(pyDeque([1n, 2n], 5)), 'deque([1, 2], maxlen=5)');
  t.equal(pyRepr(pyDeque()), 'deque([])');
  t.equal(pyRepr(pyDeque([], 0)), 'deque([], maxlen=0)');
  t.equal(pyStr(pyDeque(['x'])), "deque(['x'])");
  const full = pyDeque([0n, 1n, 2n, 3n], 2);
  t.same(full.items, [2n, 3n], 'only the last maxlen items are kept');
  t.equal(pyRepr(full), 'deque([2, 3], maxlen=2)');
  t.equal(pyRepr(pyDeque([pyDeque([1n]), pyList(pyDeque())])), 'deque([deque([1]), [deque([])]])');
  const self = pyDeque();
  self.items.push(self);
  t.equal(pyRepr(self), 'deque([[...]])', 'Py_ReprEnter marker of deque_repr');
  t.throws(() => pyDeque([], -1), RangeError);
  t.equal(pyTypeName(pyDeque()), 'deque');
  t.equal(pyTruthy(pyDeque()), false);
});

t.test('deque nesting costs two recursion levels, Counter three (CPython 3.11)', async (t) => {
  const nest = (depth: number, wrap: (v: PyValue) => PyValue): PyValue => {
    let v: PyValue = 0n;
    for (let i = 0; i < depth; i++) v = wrap(v);
    return v;
  };
  // CPython 3.11: repr of 498 nested deques works, 499 fail (332 / 333 Counters).
  t.equal(errorOf(() => pyRepr(nest(498, (v) => pyDeque([v])))), 'no error');
  t.equal(errorOf(() => pyRepr(nest(501, (v) => pyDeque([v])))), 'RecursionError');
  t.equal(errorOf(() => pyRepr(nest(332, (v) => pyCounter([['a', v]])))), 'no error');
  t.equal(errorOf(() => pyRepr(nest(334, (v) => pyCounter([['a', v]])))), 'RecursionError');
});

t.test('Counter: repr ordered like most_common()', async (t) => {
  t.equal(pyRepr(pyCounter()), 'Counter()');
  t.equal(pyRepr(pyCounter([['c', 1n], ['a', 5n], ['b', 2n], ['r', 2n], ['d', 1n]])), "Counter({'a': 5, 'b': 2, 'r': 2, 'c': 1, 'd': 1})");
  t.equal(pyRepr(pyCounter({ z: 1n, y: 2n, x: 1n, w: 2n, v: 3n })), "Counter({'v': 3, 'y': 2, 'w': 2, 'z': 1, 'x': 1})", 'ties keep insertion order');
  t.equal(pyRepr(pyCounter({ a: 0n, b: -1n, c: 2n, d: -1n })), "Counter({'c': 2, 'a': 0, 'b': -1, 'd': -1})");
  t.equal(
    pyRepr(pyCounter({ a: 1.5, b: 2n, c: true, d: pyDecimal('1.7'), e: false })),
    "Counter({'b': 2, 'd': Decimal('1.7'), 'a': 1.5, 'c': True, 'e': False})",
    'int, float, bool and Decimal compare exactly with each other',
  );
  t.equal(
    pyRepr(pyCounter({ f: 2 ** 53, i: 2n ** 53n + 1n, j: 2n ** 53n, g: 0.5, h: 0n })),
    "Counter({'i': 9007199254740993, 'f': 9007199254740992.0, 'j': 9007199254740992, 'g': 0.5, 'h': 0})",
  );
  t.equal(pyRepr(pyCounter({ a: NAN, b: 1n, c: 3n, d: NAN, e: 2n })), "Counter({'a': nan, 'c': 3, 'b': 1, 'd': nan, 'e': 2})", 'NaN where CPython sort leaves it');
  t.equal(pyRepr(pyCounter({ a: 'x', b: 2n, c: 1n })), "Counter({'a': 'x', 'b': 2, 'c': 1})", 'unorderable counts: insertion order');
  t.equal(pyRepr(pyCounter({ a: null, b: null })), "Counter({'a': None, 'b': None})");
  t.equal(pyRepr(pyCounter({ a: null })), "Counter({'a': None})", 'one entry: nothing compared');
  t.equal(errorOf(() => pyRepr(pyCounter({ a: pyDecimal('NaN'), b: 1n }))), 'InvalidOperation', 'Decimal NaN signals when ordered');
  t.equal(errorOf(() => pyRepr(pyCounter({ a: NAN, b: pyDecimal('1') }))), 'InvalidOperation');
  t.equal(pyRepr(pyCounter([[3n, 3n], [1n, 2n], [2n, 1n]])), 'Counter({3: 3, 1: 2, 2: 1})');
  t.equal(pyStr(pyCounter({ a: 1n })), "Counter({'a': 1})", 'str == repr');
  t.equal(pyTypeName(pyCounter()), 'Counter');

  const self = pyCounter();
  self.entries.push(['self', self]);
  t.equal(errorOf(() => pyRepr(self)), 'RecursionError', 'no recursion guard in Counter.__repr__');
  const inList = pyCounter();
  inList.entries.push(['x', pyList(inList)]);
  t.equal(pyRepr(inList), "Counter({'x': [Counter({'x': [...]})]})", 'the list guard stops it');
});

t.test('Python equality of the new types as keys', async (t) => {
  // setitems with equal keys keep one entry (first key, last value), like CPython.
  const withKeys = (...keys: PyValue[]): string => {
    const d = pyDict(keys.map((k, i) => [k, BigInt(i)] as [PyValue, PyValue]));
    return pyRepr(unpickle(pickle(d)));
  };
  t.equal(withKeys(1n, pyComplex(1, 0), 1.0), '{1: 2}', 'complex(1, 0) == 1 == 1.0');
  t.equal(withKeys(pyComplex(1, 2), pyComplex(1, -2)), '{(1+2j): 0, (1-2j): 1}');
  t.equal(withKeys(pyComplex(0, 0), pyComplex(-0, -0), 0n), '{0j: 2}');
  t.equal(withKeys(pyComplex(NAN, 1), pyComplex(NAN, 1)), '{(nan+1j): 0, (nan+1j): 1}', 'NaN never equal');
  t.equal(withKeys(pyRange(0, 0), pyRange(5, 2), pyRange(3, 1, 2)), '{range(0, 0): 2}', 'empty ranges are equal');
  t.equal(withKeys(pyRange(7, 8, 5), pyRange(7, 9, 5), pyRange(7, 8)), '{range(7, 8, 5): 2}', 'one-element ranges compare start only');
  t.equal(withKeys(pyRange(0, 10, 2), pyRange(0, 9, 2), pyRange(0, 10, 3)), '{range(0, 10, 2): 1, range(0, 10, 3): 2}');
  t.equal(errorOf(() => withKeys(pyDeque())), 'TypeError', "unhashable type: 'collections.deque'");
  t.equal(errorOf(() => withKeys(pyCounter())), 'TypeError', "unhashable type: 'Counter'");
});

t.test('pickler writes what CPython writes (protocol 5, bytes from pickle.dumps)', async (t) => {
  // python3 -c "import pickle, collections; print(pickle.dumps(<value>, 5).hex())"
  const cases: [string, PyValue, string][] = [
    ['complex(1, -2.5)', pyComplex(1, -2.5), '8005952e000000000000008c086275696c74696e73948c07636f6d706c6578949394473ff000000000000047c004000000000000869452942e'],
    ['range(2, 20, 3)', pyRange(2, 20, 3), '80059520000000000000008c086275696c74696e73948c0572616e67659493944b024b144b03879452942e'],
    [
      "Counter('abracadabra')",
      pyCounter({ a: 5n, b: 2n, r: 2n, c: 1n, d: 1n }),
      '80059541000000000000008c0b636f6c6c656374696f6e73948c07436f756e7465729493947d94288c0161944b058c0162944b028c0172944b028c0163944b018c0164944b0175859452942e',
    ],
    ["deque([1, 'two', 3.0])", pyDeque([1n, 'two', 3.0]), '8005952f000000000000008c0b636f6c6c656374696f6e73948c056465717565949394295294284b018c0374776f94474008000000000000652e'],
    ['deque([1, 2], maxlen=5)', pyDeque([1n, 2n], 5), '80059526000000000000008c0b636f6c6c656374696f6e73948c056465717565949394294b0586945294284b014b02652e'],
    ['deque([7])', pyDeque([7n]), '8005951f000000000000008c0b636f6c6c656374696f6e73948c0564657175659493942952944b07612e'],
  ];
  for (const [name, v, want] of cases) t.equal(hex(pickle(v)), want, name);
  const back = unpickle(pickle(pyList(pyComplex(-0, -1), pyRange(0, 5), pyDeque([1n], 3), pyCounter({ x: 2n }))));
  t.equal(pyRepr(back), "[(-0-1j), range(0, 5), deque([1], maxlen=3), Counter({'x': 2})]");
});

t.test('pySorted is CPython list.sort (stable, reverse keeps ties in order)', async (t) => {
  const lt = (a: number, b: number) => a < b;
  t.same(pySorted([3, 1, 2], lt), [1, 2, 3]);
  t.same(pySorted([], lt), []);
  t.same(pySorted([1], lt, true), [1]);
  const pairs: [string, number][] = [['a', 1], ['b', 2], ['c', 1], ['d', 2]];
  t.same(
    pySorted(pairs, (x, y) => x[1] < y[1], true).map((p) => p[0]),
    ['b', 'd', 'a', 'c'],
  );
  // sorted([nan, 1, 3, nan, 2], reverse=True) in CPython 3.11
  t.same(pySorted([NAN, 1, 3, NAN, 2], lt, true), [NAN, 3, 1, NAN, 2]);
  // Larger inputs (runs, galloping, merges) are checked against CPython by the
  // counter_nan_* fixtures; here: a total order gives the obvious result.
  const xs = Array.from({ length: 5000 }, (_, i) => (i * 7919) % 5003);
  t.same(pySorted(xs, lt), [...xs].sort((a, b) => a - b));
  t.same(pySorted(xs, lt, true), [...xs].sort((a, b) => b - a));
  const input = [2, 1];
  pySorted(input, lt);
  t.same(input, [2, 1], 'input untouched');
});

t.test('pyLt: Python `<` for counts', async (t) => {
  t.equal(pyLt(1n, 1.5), true);
  t.equal(pyLt(2n ** 53n + 1n, 2 ** 53), false, 'ints compare exactly with floats');
  t.equal(pyLt(2 ** 53, 2n ** 53n + 1n), true);
  t.equal(pyLt(-3n, -2.5), true);
  t.equal(pyLt(-2n, -2.5), false);
  t.equal(pyLt(10n ** 400n, INF), true);
  t.equal(pyLt(NAN, 1n), false);
  t.equal(pyLt(1n, NAN), false);
  t.equal(pyLt(true, 2n), true);
  t.equal(pyLt(pyDecimal('0.1'), 0.1), true, 'float 0.1 is a little more than 1/10');
  t.equal(pyLt(pyDecimal('-Infinity'), -1e308), true);
  t.equal(pyLt(pyDecimal('1E+400'), INF), true);
  t.equal(pyLt(pyDecimal('1E+400'), 1e308), false);
  t.equal(pyLt(pyDecimal('2'), 3n), true);
  t.equal(errorOf(() => pyLt(pyDecimal('sNaN'), 1n)), 'InvalidOperation');
  t.equal(pyLt('\ue000', '\u{1F600}'), true, 'code point order, not UTF-16');
  t.equal(pyLt('a', 'ab'), true);
  t.equal(pyLt(pyBytes('b'), pyBytes('ab')), false);
  t.equal(errorOf(() => pyLt('a', 1n)), 'TypeError');
  t.equal(errorOf(() => pyLt(null, null)), 'TypeError');
  t.equal(errorOf(() => pyLt(pyComplex(1, 0), pyComplex(2, 0))), 'TypeError');
  t.equal(compareDecimal('1.0', '1'), 0);
  t.equal(compareDecimal('-0', '0'), 0);
  t.equal(compareDecimal('1.5E-10', '1.4999E-10'), 1);
  t.equal(compareDecimal('-5', '-40'), 1);
  t.equal(compareDecimal('1E+999999999', '2'), 1, 'huge exponents without huge powers');
});

t.test('pyDateTimeFromDate', async (t) => {
  const d = new Date('2025-01-02T03:04:05.678Z');
  t.equal(pyRepr(pyDateTimeFromDate(d)), 'datetime.datetime(2025, 1, 2, 3, 4, 5, 678000, tzinfo=datetime.timezone.utc)');
  t.equal(pyRepr(pyDateTimeFromDate(d, null)), 'datetime.datetime(2025, 1, 2, 3, 4, 5, 678000)');
  const ist = pyTimezone(pyTimedelta(0, 19800));
  t.equal(pyStr(pyDateTimeFromDate(new Date(Date.UTC(1999, 11, 31)), ist)), '1999-12-31 00:00:00+05:30', 'UTC fields, given tzinfo');
  t.equal(pyDateTimeFromDate(d).tzinfo, TIMEZONE_UTC);
  t.throws(() => pyDateTimeFromDate(new Date(Number.NaN)), RangeError);
});
