// Fuzzing: 20,000+ mutated and random pickles and signed strings, each
// must end in a value or a typed error within a (generous) time bound, with
// Object.prototype untouched. Plus a fast-check property: any value of the
// model survives pickle -> unpickle with the same repr and the same bytes.

import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import t from 'tap';
import {
  BadSignature,
  decodeTaskPayload,
  PickleError,
  PicklingError,
  PyReprError,
  pickle,
  type PyValue,
  pyComplex,
  pyCounter,
  pyDate,
  pyDateTime,
  pyDecimal,
  pyDeque,
  pyRange,
  pyRepr,
  pythonErrorName,
  pyStr,
  pyTimedelta,
  pyTimezone,
  pyUuid,
  SignedValueError,
  TIMEZONE_UTC,
  unpickle,
  unsign,
  unsignUnverified,
} from '../../src/djangoq/index.js';
import { pickleFuzz } from '../helpers/pickle-fuzz.js';

// A hang guard, not a benchmark: generous enough for a loaded 2-core machine.
const protoNames = () => Object.getOwnPropertyNames(Object.prototype).sort().join(',');
const PROTO_BEFORE = protoNames();

const SEED = Number(process.env.FUZZ_SEED ?? 20250102);

const OPCODES = [...'(.012FIJKLMNPQRSTUVXabcdeghijlmopqrstu}])GBC'].map((c) => c.charCodeAt(0)).concat(
  Array.from({ length: 0x99 - 0x80 }, (_, i) => 0x80 + i),
);

const fixture = JSON.parse(readFileSync(new URL('./fixtures/python-values.json', import.meta.url), 'utf8')) as {
  entries: { pickle: string }[];
};
const corpus = fixture.entries.map((e) => Buffer.from(e.pickle, 'base64')).filter((b) => b.length > 0 && b.length < 4096);

// Seeded (test/helpers/pickle-fuzz.ts): failures are reproducible.
const { rnd, int, pick, mutate } = pickleFuzz({ seed: SEED, opcodes: OPCODES, corpus, maxRounds: 2, selfCopy: true });

function randomPickle(): Uint8Array {
  const n = int(64);
  const out = Array.from({ length: n }, () => (rnd() < 0.7 ? pick(OPCODES) : int(256)));
  if (rnd() < 0.5) out.unshift(0x80, int(7));
  if (rnd() < 0.5) out.push(0x2e);
  return Uint8Array.from(out);
}

interface Stats {
  n: number;
  ok: number;
  typed: number;
  maxMs: number;
  bad: string[];
}

function note(s: Stats, what: string) {
  if (s.bad.length < 10) s.bad.push(what);
}

/** Unpickle, then exercise repr/str/pickle of whatever came out; every failure must be typed. */
function exercise(s: Stats, data: Uint8Array, label: string) {
  const start = performance.now();
  s.n++;
  let value: PyValue | undefined;
  try {
    value = unpickle(data);
    s.ok++;
  } catch (e) {
    if (e instanceof PickleError) s.typed++;
    else note(s, `${label}: untyped ${(e as Error).constructor.name}: ${(e as Error).message} :: ${Buffer.from(data).toString('hex')}`);
  }
  if (value !== undefined) {
    let repr: string | undefined;
    try {
      repr = pyRepr(value);
      pyStr(value);
    } catch (e) {
      if (!(e instanceof PyReprError)) note(s, `${label}: repr threw ${(e as Error).constructor.name}: ${(e as Error).message}`);
    }
    try {
      const again = unpickle(pickle(value));
      if (repr !== undefined) {
        const r2 = pyRepr(again);
        if (r2 !== repr) note(s, `${label}: re-pickled repr differs: ${repr.slice(0, 80)} vs ${r2.slice(0, 80)} :: ${Buffer.from(data).toString('hex')}`);
      }
    } catch (e) {
      if (!(e instanceof PicklingError) && !(e instanceof PyReprError) && !(e instanceof PickleError)) {
        note(s, `${label}: pickle threw ${(e as Error).constructor.name}: ${(e as Error).message} :: ${Buffer.from(data).toString('hex')}`);
      }
    }
  }
  const ms = performance.now() - start;
  if (ms > s.maxMs) s.maxMs = ms;
}

t.comment(`FUZZ_SEED=${SEED}`);

t.test('15,000 mutated and 5,000 random pickles', async (t) => {
  const s: Stats = { n: 0, ok: 0, typed: 0, maxMs: 0, bad: [] };
  for (let i = 0; i < 15_000; i++) exercise(s, mutate(pick(corpus)), `mutant #${i}`);
  for (let i = 0; i < 5_000; i++) exercise(s, randomPickle(), `random #${i}`);
  t.equal(s.n, 20_000);
  t.same(s.bad, [], 'every failure is a typed PickleError; re-pickling keeps the repr');
  t.ok(s.ok > 500 && s.typed > 1000, `${s.ok} decoded, ${s.typed} rejected with typed errors`);
  t.comment(`${s.ok} decoded, ${s.typed} typed errors, slowest ${s.maxMs.toFixed(1)} ms`);
});

const SECRET = 'oracle-insecure-secret-key-for-testing-only-0123456789abcdef';
const VALID =
  'gAWV6gAAAAAAAAB9lCiMAmlklIwgMDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWaUjARuYW1llIwZYWxwaGEtYnJhdm8tY2hhcmxpZS1kZWx0YZSMBGZ1bmOUjBhiZ3Rhc2tzLnNhbXBsZV90YXNrcy5hZGSUjARhcmdzlEsBSwKGlIwGa3dhcmdzlH2UjAdzdGFydGVklIwIZGF0ZXRpbWWUjAhkYXRldGltZZSTlEMKB-kBAgMEBQpb9ZRoDIwIdGltZXpvbmWUk5RoDIwJdGltZWRlbHRhlJOUSwBLAEsAh5RSlIWUUpSGlFKUdS4:1tTBVF:1mMSqy6VjtNy4hVZdC_pHTY4ph2kqA3SdiuAy7HCeJ8';
const CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_:.=+/ \u00e9\u{1F600}';

function mutateText(s: string): string {
  const a = Array.from(s);
  for (let r = 0; r < 1 + int(3); r++) {
    const at = int(a.length + 1);
    const op = int(4);
    if (op === 0 && a.length) a[at % a.length] = pick([...CHARS]);
    else if (op === 1) a.splice(at, 0, pick([...CHARS]));
    else if (op === 2) a.splice(at, 1 + int(10));
    else a.length = int(a.length + 1);
  }
  return a.join('');
}

t.test('6,000 mutated and random signed strings', async (t) => {
  let maxMs = 0;
  const bad: string[] = [];
  let accepted = 0;
  for (let i = 0; i < 6_000; i++) {
    const input = i % 3 === 2 ? Array.from({ length: int(80) }, () => pick([...CHARS])).join('') : mutateText(VALID);
    const start = performance.now();
    for (const verify of [true, false]) {
      const r = decodeTaskPayload(input, { keys: [SECRET], salt: 'InvenTree', verify });
      if (!r.ok && (r.errorName === '' || r.errorName === 'Exception')) bad.push(`${verify}: untyped failure for ${input}`);
      if (r.ok && verify) accepted++;
    }
    for (const fn of [() => unsign(input, { keys: [SECRET, 'other'], salt: 'InvenTree', allowLegacySha1: true }), () => unsignUnverified(input)]) {
      try {
        fn();
      } catch (e) {
        if (!(e instanceof BadSignature) && !(e instanceof SignedValueError)) bad.push(`unsign: ${(e as Error).constructor.name} for ${input}`);
      }
    }
    maxMs = Math.max(maxMs, performance.now() - start);
  }
  t.same(bad.slice(0, 10), [], 'typed failures only');
  t.comment(`slowest ${maxMs.toFixed(1)} ms`);
  t.ok(accepted < 100, `a mutated signature almost never verifies (${accepted} of 6000 kept a valid HMAC)`);
});

// -- property: pickle / unpickle round trip of generated values ----------------

const leaf: fc.Arbitrary<PyValue> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.bigInt({ min: -(2n ** 200n), max: 2n ** 200n }),
  fc.double(),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.uint8Array({ maxLength: 20 }).map((data): PyValue => ({ kind: 'bytes', data })),
  fc
    .record({ y: fc.integer({ min: 1, max: 9999 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }), us: fc.integer({ min: 0, max: 999_999 }), utc: fc.boolean() })
    .map(({ y, m, d, us, utc }) => pyDateTime({ year: y, month: m, day: d, hour: d % 24, minute: m, second: d, microsecond: us, tzinfo: utc ? TIMEZONE_UTC : null })),
  fc.record({ y: fc.integer({ min: 1, max: 9999 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) }).map(({ y, m, d }) => pyDate(y, m, d)),
  fc.tuple(fc.integer({ min: -999_999_999, max: 999_999_999 }), fc.integer({ min: 0, max: 86_399 }), fc.integer({ min: 0, max: 999_999 })).map(([d, s, us]) => pyTimedelta(d, s, us)),
  fc.integer({ min: -86_399, max: 86_399 }).map((s) => pyTimezone(pyTimedelta(0, s))),
  fc.bigInt({ min: 0n, max: 2n ** 128n - 1n }).map((n) => pyUuid(n)),
  fc.constantFrom('0', '12.3400', '-0.001', '1E+3', 'NaN', '-Infinity').map((s) => pyDecimal(s)),
  fc.tuple(fc.double(), fc.double()).map(([re, im]) => pyComplex(re, im)),
  fc
    .tuple(fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }), fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }), fc.bigInt({ min: -5n, max: 5n }))
    .map(([a, b, step]) => pyRange(a, b, step === 0n ? 1n : step)),
);

const value: fc.Arbitrary<PyValue> = fc.letrec<{ v: PyValue }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('v'), { maxLength: 5 }).map((items): PyValue => ({ kind: 'list', items })),
    fc.array(tie('v'), { maxLength: 5 }).map((items): PyValue => ({ kind: 'tuple', items })),
    fc
      .uniqueArray(fc.tuple(fc.string({ maxLength: 6 }), tie('v')), { selector: (e) => e[0], maxLength: 5 })
      .map((entries): PyValue => ({ kind: 'dict', entries })),
    fc.uniqueArray(fc.bigInt({ min: -1000n, max: 1000n }), { maxLength: 5 }).map((items): PyValue => ({ kind: 'set', items })),
    fc
      .tuple(fc.array(tie('v'), { maxLength: 5 }), fc.option(fc.integer({ min: 0, max: 6 })))
      .map(([items, maxlen]) => pyDeque(items, maxlen)),
    fc
      .uniqueArray(fc.tuple(fc.string({ maxLength: 6 }), fc.oneof(fc.bigInt({ min: -3n, max: 3n }), fc.double(), tie('v'))), {
        selector: (e) => e[0],
        maxLength: 5,
      })
      .map((entries) => pyCounter(entries)),
  ),
})).v;

/** repr, or the Python exception repr raises (a Counter with Decimal NaN counts raises InvalidOperation). */
function reprOrError(v: PyValue): string {
  try {
    return pyRepr(v);
  } catch (e) {
    return `<${pythonErrorName(e)}>`;
  }
}

t.test('property: unpickle(pickle(v)) has the same repr and re-pickles to the same bytes', async (t) => {
  fc.assert(
    fc.property(value, (v) => {
      const bytes = pickle(v);
      const back = unpickle(bytes);
      return reprOrError(back) === reprOrError(v) && Buffer.compare(Buffer.from(pickle(back)), Buffer.from(bytes)) === 0;
    }),
    { numRuns: 2000, seed: SEED },
  );
  t.pass('2000 generated values round-trip');
});

t.test('Object.prototype untouched', async (t) => {
  t.equal(protoNames(), PROTO_BEFORE);
  t.equal(({} as Record<string, unknown>).polluted, undefined);
});
