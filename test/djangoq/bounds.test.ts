// Issue #12 item 10: the unpickler's remaining unbounded work.
//  - text INT/LONG opcodes in a power-of-two base (0x…, 0o…, 0b…) have no
//    4300-digit rule in Python; they are capped here at the LONG1/LONG4 size
//    limit (maxLongBytes), so they cannot build a bigger int than binary LONGs;
//  - Decimal(int) prints the int in decimal, superlinear in its size: capped
//    and charged to the element budget before printing;
//  - iterate() (set(), frozenset(), list(), Counter(), …) charges the
//    element budget before it builds the array of elements.

import t from 'tap';
import { PickleLimitError, type PyValue, unpickle } from '../../src/djangoq/index.js';
import { iterate, Reconstructor } from '../../src/djangoq/reconstruct.js';
import { MAX_DECIMAL_INT_DIGITS } from '../../src/djangoq/decimal.js';

const bin = (...parts: (string | Uint8Array)[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

t.test('text INT/LONG in hex, octal and binary are capped like LONG1/LONG4', async (t) => {
  const max = 65_536; // default maxLongBytes
  for (const [op, suffix] of [
    ['I', ''],
    ['L', 'L'],
  ] as const) {
    // Exactly the limit is accepted: max bytes = 2*max hex digits.
    const atLimit = unpickle(bin(op, `0x${'f'.repeat(2 * max)}${suffix}\n.`));
    t.equal(typeof atLimit, 'bigint', `${op}: ${2 * max} hex digits decode`);
    t.equal((atLimit as bigint).toString(16).length, 2 * max);
    for (const body of [`0x${'f'.repeat(2 * max + 1)}`, `0o${'7'.repeat(Math.ceil((8 * max) / 3) + 1)}`, `0b${'1'.repeat(8 * max + 1)}`, `-0x1${'0'.repeat(2 * max)}`]) {
      t.throws(() => unpickle(bin(op, `${body}${suffix}\n.`)), PickleLimitError, `${op} ${body.slice(0, 4)}… of ${body.length} chars`);
    }
    // Underscores are allowed (PEP 515) and do not count as digits, but they do not hide digits either.
    t.throws(() => unpickle(bin(op, `0x${'f_'.repeat(2 * max)}f${suffix}\n.`)), PickleLimitError, `${op}: underscores do not hide digits`);
    t.throws(() => unpickle(bin(op, `0x${'f'.repeat(4 * max)}${suffix}\n.`), { maxLongBytes: 2 * max - 1 }), PickleLimitError, 'follows maxLongBytes');
    t.equal(typeof unpickle(bin(op, `0x${'f'.repeat(4 * max)}${suffix}\n.`), { maxLongBytes: 2 * max }), 'bigint', 'follows maxLongBytes');
  }
  // Decimal text keeps Python's own 4300-digit rule (a ValueError, not a limit error).
  t.throws(() => unpickle(bin('I', '9'.repeat(4301), '\n.')), { name: 'PythonError' });
  t.equal(unpickle(bin('I', '9'.repeat(4300), '\n.')), 10n ** 4300n - 1n);
});

/** Protocol 2: GLOBAL decimal.Decimal, the arg, TUPLE1, REDUCE. */
function decimalOf(arg: Uint8Array): Uint8Array {
  return bin('\x80\x02cdecimal\nDecimal\n', arg, '\x85R.');
}
function long4(value: bigint): Uint8Array {
  const bytes: number[] = [];
  let v = value;
  while (v > 0n) {
    bytes.push(Number(v & 0xffn));
    v >>= 8n;
  }
  if ((bytes[bytes.length - 1] ?? 0) & 0x80) bytes.push(0);
  const head = Buffer.alloc(5);
  head[0] = 0x8b; // LONG4
  head.writeInt32LE(bytes.length, 1);
  return bin(head, Uint8Array.from(bytes));
}

t.test('Decimal(int) is bounded', async (t) => {
  const ok = 10n ** BigInt(MAX_DECIMAL_INT_DIGITS) - 1n;
  t.same(unpickle(decimalOf(long4(ok))), { kind: 'decimal', value: ok.toString() }, `${MAX_DECIMAL_INT_DIGITS} digits: exact`);
  t.throws(() => unpickle(decimalOf(long4(ok + 1n))), PickleLimitError, 'one digit more: a limit error');
  // The largest LONG4 the unpickler accepts (157,826 digits) is refused without printing it.
  t.throws(() => unpickle(decimalOf(long4(2n ** (8n * 65_535n) - 1n))), PickleLimitError);
  // The same int memoised once and converted many times is charged every time.
  const memoised = bin('\x80\x02cdecimal\nDecimal\nq\x00', long4(ok), 'q\x01(', Buffer.from('h\x00h\x01\x85R'.repeat(400), 'latin1'), 'l.');
  t.throws(() => unpickle(memoised, { maxNodes: 100_000 }), PickleLimitError, 'repeated conversions exhaust the element budget');
  t.equal((unpickle(memoised) as { items: PyValue[] }).items.length, 400, 'within the default budget');
});

t.test('iterate() charges the element budget before building the elements', async (t) => {
  const events: string[] = [];
  const budget = 1_000;
  let used = 0;
  const r = new Reconstructor((n) => {
    events.push(`charge ${n}`);
    used += n;
    if (used > budget) throw new PickleLimitError('budget');
  });
  // A bytes object whose iteration is observable.
  const data = new Uint8Array(10_000);
  Object.defineProperty(data, Symbol.iterator, {
    value: function* () {
      events.push('iterated');
      for (let i = 0; i < 10_000; i++) yield 0;
    },
  });
  t.throws(() => iterate({ kind: 'bytes', data }, r), PickleLimitError, 'bytes');
  t.same(events, ['charge 10000'], 'bytes: refused before a single element was built');

  events.length = 0;
  used = 0;
  const entries: [PyValue, PyValue][] = Array.from({ length: 5_000 }, (_, i) => [BigInt(i), null]);
  Object.defineProperty(entries, 'map', {
    value: (...args: Parameters<typeof Array.prototype.map>) => {
      events.push('iterated');
      return Array.prototype.map.apply(entries, args);
    },
  });
  t.throws(() => iterate({ kind: 'dict', entries } as PyValue, r), PickleLimitError, 'dict');
  t.same(events, ['charge 5000'], 'dict keys: refused before the key array was built');

  events.length = 0;
  used = 0;
  t.throws(() => iterate('x'.repeat(5_000), r), PickleLimitError, 'str');
  t.same(events, ['charge 5000'], 'str: charged before splitting into characters');

  events.length = 0;
  used = 0;
  t.same(iterate('abc', r), ['a', 'b', 'c']);
  t.same(events, ['charge 3']);
  // Through the unpickler: set(bytearray of 50,000 bytes) with a budget of 10,000.
  const big = bin('\x80\x04\x95\x00\x00\x00\x00\x00\x00\x00\x00cbuiltins\nset\n\x96', Buffer.from(Uint32Array.of(50_000).buffer), Buffer.alloc(4), Buffer.alloc(50_000, 1), '\x85R.');
  t.throws(() => unpickle(big, { maxNodes: 10_000 }), PickleLimitError);
});
