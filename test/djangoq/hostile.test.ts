// Explicit hostile inputs: each ends in a value or a typed error, quickly,
// without touching Object.prototype, without executing anything.

import { deflateSync } from 'node:zlib';
import t from 'tap';
import {
  decodeTaskPayload,
  loadsJson,
  PickleError,
  PickleLimitError,
  pickle,
  type PyValue,
  pyRepr,
  pythonErrorName,
  sign,
  unpickle,
  type UnpickleOptions,
} from '../../src/djangoq/index.js';

const protoNames = () => Object.getOwnPropertyNames(Object.prototype).sort().join(',');
const PROTO_BEFORE = protoNames();

function bytes(...parts: (string | number[] | Uint8Array)[]): Uint8Array {
  const chunks = parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p)));
  return Buffer.concat(chunks);
}

const repeat = (s: string, n: number) => Buffer.from(s.repeat(n), 'latin1');

type Asserts = Pick<typeof t, 'ok' | 'equal'>;

/** The Python exception name `fn` throws ('no error' if it returns). */
function errorOf(fn: () => unknown): string {
  try {
    fn();
    return 'no error';
  } catch (e) {
    return pythonErrorName(e);
  }
}

/** Outcome of unpickling: 'ok' or the Python exception name; asserts the error is typed. A hang is caught by tap's per-file timeout; speed belongs to `npm run bench`. */
function outcome(t: Asserts, data: Uint8Array, what: string, opts?: UnpickleOptions): { result: string; value?: PyValue } {
  let result: string;
  let value: PyValue | undefined;
  try {
    value = unpickle(data, opts);
    result = 'ok';
  } catch (e) {
    t.ok(e instanceof PickleError, `${what}: a PickleError (${(e as Error).constructor.name}: ${(e as Error).message.slice(0, 80)})`);
    result = pythonErrorName(e);
  }
  return value === undefined ? { result } : { result, value };
}

t.test('prototype keys are plain data', async (t) => {
  // {'__proto__': {'polluted': True}, 'constructor': {'prototype': {'x': 1}}}
  const p = bytes(
    '\x80\x05}(',
    '\x8c\x09__proto__}\x8c\x08polluted\x88s',
    '\x8c\x0bconstructor}\x8c\x09prototype}\x8c\x01xK\x01ss',
    'u.',
  );
  const { result, value } = outcome(t, p, '__proto__ dict');
  t.equal(result, 'ok');
  t.equal(pyRepr(value as PyValue), "{'__proto__': {'polluted': True}, 'constructor': {'prototype': {'x': 1}}}");
  t.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype not polluted');
  t.equal(({} as Record<string, unknown>).x, undefined);
  const session = loadsJson(sign(Buffer.from('{"__proto__":{"polluted":1}}').toString('base64url'), { key: 'k', salt: 's' }), { keys: ['k'], salt: 's' });
  t.equal((session as Record<string, unknown>).polluted, undefined, 'JSON sessions: __proto__ stays an own key');
  t.equal(({} as Record<string, unknown>).polluted, undefined);
  // A global named like a prototype key is only a name.
  const g = outcome(t, bytes('c__proto__\nconstructor\n.'), 'global __proto__.constructor');
  t.equal(pyRepr(g.value as PyValue), '<function constructor at 0x…>');
});

t.test('nothing is executed: dangerous globals stay inert references', async (t) => {
  const osSystem = bytes('\x80\x04\x8c\x02os\x8c\x06system\x93\x8c\x0atouch /tmp\x85R.');
  t.equal(pyRepr(outcome(t, osSystem, 'os.system').value as PyValue), '<os.system object at 0x…>');
  const ev = bytes('cbuiltins\neval\n(S\'__import__("os").system("x")\'\ntR.');
  t.equal(pyRepr(outcome(t, ev, 'builtins.eval').value as PyValue), '<eval object at 0x…>');
  const exec = bytes('c__builtin__\nexec\n(Vprint(1)\ntR.');
  t.equal(outcome(t, exec, 'exec').result, 'ok');
  const subprocess = bytes('csubprocess\nPopen\n((S\'ls\'\nltR.');
  t.equal(pyRepr(outcome(t, subprocess, 'subprocess.Popen').value as PyValue), '<subprocess.Popen object at 0x…>');
});

t.test('deep nesting (1e6)', async (t) => {
  const n = 1_000_000;
  // 1e6 nested lists: EMPTY_LIST x n, APPEND x (n - 1)
  const lists = bytes('\x80\x05', repeat(']', n), repeat('a', n - 1), '.');
  const deep = outcome(t, lists, '1e6 nested lists');
  t.equal(deep.result, 'ok', 'decoded iteratively');
  t.equal(errorOf(() => pyRepr(deep.value as PyValue)), 'RecursionError', 'repr: RecursionError like CPython');
  t.equal(errorOf(() => pickle(deep.value as PyValue)), 'RecursionError', 'pickle: RecursionError like CPython');
  // 1e6 nested tuples via TUPLE1
  const tuples = bytes('\x80\x05N', repeat('\x85', n), '.');
  const tup = outcome(t, tuples, '1e6 nested tuples');
  t.equal(tup.result, 'ok');
  // a deep tuple as a dict key: hashing is iterative too
  const key = bytes('\x80\x05}N', repeat('\x85', 200_000), 'Ns.');
  t.equal(outcome(t, key, '200k-deep tuple as dict key').result, 'ok');
  // 1e6 MARKs
  t.equal(outcome(t, bytes(repeat('(', n), '.'), '1e6 MARKs').result, 'UnpicklingError');
  t.equal(outcome(t, bytes(repeat('(', n + 10), '.'), 'MARKs beyond the stack limit').result, 'MemoryError');
  t.equal(outcome(t, bytes('N', repeat('2', 2_000_000), '.'), '2e6 DUPs').result, 'MemoryError');
});

t.test('length fields far beyond the input', async (t) => {
  t.equal(outcome(t, bytes('\x80\x05X\xff\xff\xff\xffabc.'), 'BINUNICODE 4 GB').result, 'UnpicklingError');
  t.equal(outcome(t, bytes('\x80\x05\x8d', [0, 0, 0, 0, 0, 0, 0, 0x40], 'abc.'), 'BINUNICODE8 2^62').result, 'UnpicklingError');
  t.equal(outcome(t, bytes('\x80\x05\x8e', [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], '.'), 'BINBYTES8 2^64-1').result, 'UnpicklingError');
  t.equal(outcome(t, bytes('\x80\x05\x96', [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f], '.'), 'BYTEARRAY8 huge').result, 'UnpicklingError');
  t.equal(outcome(t, bytes('\x80\x05\x95', [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], 'N.'), 'FRAME 2^64-1').result, 'UnpicklingError');
  t.equal(outcome(t, bytes('\x8b\xff\xff\xff\x7f.'), 'LONG4 2 GB').result, 'UnpicklingError');
  const bigLong = bytes('\x8b', [0, 0, 2, 0], new Uint8Array(131072).fill(0x11), '.');
  t.equal(outcome(t, bigLong, 'LONG4 of 128 KiB (limit 64 KiB)').result, 'MemoryError');
  t.equal(outcome(t, bigLong, 'LONG4 with a raised limit', { maxLongBytes: 1 << 20 }).result, 'ok');
  t.equal(outcome(t, bytes('T\xff\xff\xff\x7fab.'), 'BINSTRING 2 GB').result, 'UnpicklingError');
  t.equal(outcome(t, new Uint8Array(17 * 1024 * 1024), 'input over 16 MiB').result, 'MemoryError');
});

t.test('memo bombs', async (t) => {
  t.equal(outcome(t, bytes('Nr\xff\xff\xff\xffj\xff\xff\xff\xff.'), 'LONG_BINPUT at index 2^32-1').result, 'ok', 'sparse memo: no giant array');
  t.equal(outcome(t, bytes('N', repeat('\x94', 1_100_000), '.'), '1.1e6 MEMOIZE').result, 'MemoryError');
  t.equal(outcome(t, bytes('N', repeat('\x94', 200), '.'), 'memo limit option', { maxMemo: 100 }).result, 'MemoryError');
  const puts = Buffer.alloc(1 + 5 * 300_000 + 1);
  puts[0] = 0x4e;
  for (let i = 0; i < 300_000; i++) {
    puts[1 + 5 * i] = 0x72;
    puts.writeUInt32LE(i * 7919, 2 + 5 * i);
  }
  puts[puts.length - 1] = 0x2e;
  t.equal(outcome(t, puts, '300k scattered LONG_BINPUTs').result, 'ok');
});

t.test('quadratic work is charged to the element budget', async (t) => {
  // set(L) again and again on one memoised 100k-element list of equal items.
  const list = bytes('cbuiltins\nset\nq\x00](', repeat('K\x01', 100_000), 'eq\x01');
  const loop = repeat('h\x00h\x01\x85R0', 200_000);
  t.equal(outcome(t, bytes(list, loop, 'N.'), 'REDUCE(set, (L,)) x 200k').result, 'MemoryError');
  // a 1 MiB str re-encoded by _codecs.encode again and again
  const big = bytes('c_codecs\nencode\nq\x00X', [0, 0, 0x10, 0], repeat('a', 1 << 20), 'q\x01');
  const enc = repeat('h\x00h\x01\x8c\x06latin1\x86R0', 100_000);
  t.equal(outcome(t, bytes(big, enc, 'N.'), '_codecs.encode(1 MiB) x 100k').result, 'MemoryError');
  // the same dict key set again and again
  const sets = bytes('}X', [0, 0, 1, 0], repeat('k', 65536), 'q\x000', repeat('h\x00Ns', 1_000_000), '.');
  t.equal(outcome(t, sets, 'SETITEM of one 64 KiB key x 1e6').result, 'ok');
});

t.test('range, deque and Counter: work is charged too', async (t) => {
  // set(range(10**18)): the range is charged before anything is built.
  const huge = bytes('cbuiltins\nset\ncbuiltins\nrange\n\x8a\x08', [0, 0, 0x64, 0xa7, 0xb3, 0xb6, 0xe0, 0x0d], '\x85R\x85R.');
  t.equal(outcome(t, huge, 'set(range(10**18))').result, 'MemoryError');
  t.equal(outcome(t, bytes('cbuiltins\nrange\n\x8a\x08', [0, 0, 0x64, 0xa7, 0xb3, 0xb6, 0xe0, 0x0d], '\x85R.'), 'range(10**18) itself').result, 'ok');
  // deque(L, 1) / Counter(L) again and again on one memoised 100k-element list.
  const list = bytes('ccollections\ndeque\nq\x00ccollections\nCounter\nq\x01](', repeat('K\x01', 100_000), 'eq\x02');
  const deques = repeat('h\x00h\x02K\x01\x86R0', 200_000);
  t.equal(outcome(t, bytes(list, deques, 'N.'), 'REDUCE(deque, (L, 1)) x 200k').result, 'MemoryError');
  const counters = repeat('h\x01h\x02\x85R0', 200_000);
  t.equal(outcome(t, bytes(list, counters, 'N.'), 'REDUCE(Counter, (L,)) x 200k').result, 'MemoryError');
  // APPENDS to a deque with maxlen 1 keep one item, but every appended item is charged.
  const batch = bytes('(', repeat('N', 800_000), 'e');
  const appends = bytes('ccollections\ndeque\n)K\x01\x86R', batch, batch, batch, '.');
  const r = outcome(t, appends, 'APPENDS 3 x 800k items to deque(maxlen=1)');
  t.equal(r.result, 'MemoryError');
});

t.test("Counter repr sorts large counts quickly (CPython's sort, NaN included)", async (t) => {
  const entries: [PyValue, PyValue][] = [];
  for (let i = 0; i < 200_000; i++) entries.push([BigInt(i), i % 11 === 0 ? Number.NaN : BigInt((i * 7919) % 1000)]);
  const start = performance.now();
  const text = pyRepr({ kind: 'dict', entries, subclass: 'Counter' });
  t.ok(text.startsWith('Counter({'), 'printed');
  t.comment(`200k counts in ${(performance.now() - start).toFixed(0)} ms`);
  // One big Counter referenced many times: the output limit stops it.
  const big: PyValue = { kind: 'dict', entries: entries.slice(0, 20_000), subclass: 'Counter' };
  const many: PyValue = { kind: 'list', items: Array.from({ length: 10_000 }, () => big) };
  t.equal(errorOf(() => pyRepr(many)), 'MemoryError');
});

t.test('output explosion through shared references stops in repr', async (t) => {
  // L0 = ['x'], L(i+1) = [Li, Li]: 2^40 leaves from a few hundred bytes.
  let p = '\x80\x05]\x8c\x01xa\x94';
  for (let i = 0; i < 40; i++) p += `(h${String.fromCharCode(i)}h${String.fromCharCode(i)}l\x94`;
  p += '.';
  const { result, value } = outcome(t, bytes(p), 'doubling lists');
  t.equal(result, 'ok');
  t.equal(errorOf(() => pyRepr(value as PyValue)), 'MemoryError');
});

t.test('zip bomb inside a validly signed payload', async (t) => {
  const bomb = `.${deflateSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 }).toString('base64url')}`;
  const payload = sign(bomb, { key: 'k', salt: 'InvenTree' });
  t.same(decodeTaskPayload(payload, { keys: ['k'], salt: 'InvenTree', verify: true }), { ok: false, errorName: 'MemoryError' });
});

t.test('limit errors are PickleLimitError', async (t) => {
  t.throws(() => unpickle(bytes('N', repeat('\x94', 20), '.'), { maxMemo: 5 }), PickleLimitError);
  t.throws(() => unpickle(bytes(']', repeat('K\x01a', 50), '.'), { maxNodes: 10 }), PickleLimitError);
});

t.test('Object.prototype untouched after all of the above', async (t) => {
  t.equal(protoNames(), PROTO_BEFORE);
});
