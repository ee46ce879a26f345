/**
 * `limit`/`offset` parsed exactly as CPython's int(): against a table of
 * CPython 3.11 results (test/fixtures/python-int/cases.json, made once by
 * generate.py with /usr/bin/python3 and committed), plus properties over every
 * decimal digit and whitespace character CPython knows.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import t from 'tap';
import { pageRequest } from '../../src/http/pagination.js';
import { PY_DECIMAL_RANGES, PY_NON_ASCII_SPACES } from '../../src/http/python-digits.js';
import { pythonInt } from '../../src/http/python-query.js';
import { PROJECT_ROOT } from '../../src/paths.js';

interface Table {
  python: string;
  unicode: string;
  decimalRanges: Array<[number, number]>;
  whitespace: number[];
  cases: Array<[string, string | null]>;
}
const table = JSON.parse(readFileSync(join(PROJECT_ROOT, 'test/fixtures/python-int/cases.json'), 'utf8')) as Table;

t.test('the digit and space tables in src are CPython 3.11\'s', async (t) => {
  t.equal(table.unicode, '14.0.0', 'generated with Unicode 14.0 (CPython 3.11, as InvenTree 0.15 runs)');
  t.same(PY_DECIMAL_RANGES, table.decimalRanges);
  t.same([...PY_NON_ASCII_SPACES], table.whitespace.filter((c) => c >= 127));
});

t.test(`pythonInt agrees with CPython ${table.python} on ${table.cases.length} inputs`, async (t) => {
  let same = 0;
  for (const [input, expected] of table.cases) {
    const got = pythonInt(input);
    const text = got === undefined ? null : got.toString();
    if (text === expected) same++;
    else t.fail(`int(${JSON.stringify(input).slice(0, 80)}): CPython ${expected}, ours ${text}`);
  }
  t.equal(same, table.cases.length, 'every case identical');
  t.ok(table.cases.filter(([, v]) => v !== null).length > 200, 'a good share of valid inputs');
  t.ok(table.cases.filter(([, v]) => v === null).length > 200, 'and of invalid ones');
});

const digitsOf = (value: number): string[] => PY_DECIMAL_RANGES.flatMap(([a, b]) => {
  const out: string[] = [];
  for (let cp = a + value; cp <= b; cp += 10) out.push(String.fromCodePoint(cp));
  return out;
});
const ALL_DIGITS = Array.from({ length: 10 }, (_, v) => digitsOf(v));
const SPACES = [' ', '\t', '\n', '\x0b', '\x0c', '\r', ...[...PY_NON_ASCII_SPACES].map((c) => String.fromCodePoint(c))];

/** An ASCII decimal literal with optional single underscores, and the same number written in mixed scripts. */
const literal = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.nat(), fc.boolean()), { minLength: 1, maxLength: 30 })
  .map((parts) => {
    let ascii = '';
    let mixed = '';
    parts.forEach(([digit, pick, underscore], i) => {
      const glyphs = ALL_DIGITS[digit]!;
      ascii += String(digit);
      mixed += glyphs[pick % glyphs.length];
      if (underscore && i < parts.length - 1) mixed += '_';
    });
    return { ascii, mixed };
  });
const padding = fc.array(fc.constantFrom(...SPACES), { maxLength: 3 }).map((a) => a.join(''));

t.test('property: any script\'s digits, underscores, a sign and Python whitespace', async (t) => {
  fc.assert(
    fc.property(literal, fc.constantFrom('', '+', '-'), padding, padding, ({ ascii, mixed }, sign, before, after) => {
      const expected = BigInt(`${sign === '-' ? '-' : ''}${ascii}`);
      return pythonInt(`${before}${sign}${mixed}${after}`) === expected;
    }),
    { numRuns: 2000 },
  );
  t.pass('2000 runs');
});

t.test('property: anything else inside the number makes it invalid', async (t) => {
  const junk = fc.constantFrom('.', 'e', 'x', ',', ' ', '\x1c', '\u200b', '\u00b2', '\u2460', '\u4e00', '__', '+', '-', '\ufeff');
  fc.assert(
    fc.property(literal, junk, fc.nat(), ({ mixed }, bad, at) => {
      const chars = [...mixed];
      if (chars.length < 2) return true;
      const i = 1 + (at % (chars.length - 1));
      return pythonInt([...chars.slice(0, i), bad, ...chars.slice(i)].join('')) === undefined;
    }),
    { numRuns: 1000 },
  );
  t.pass('1000 runs');
});

t.test('limit and offset use it: ?limit=３&offset=\u0661 is a page of 3 from 1', async (t) => {
  t.same(pageRequest({ limit: '３', offset: '\u0661' }), { limitText: '3', limit: 3, limitBig: 3n, offset: 1, offsetBig: 1n });
  t.equal(pageRequest({ limit: '\x1c3' }), undefined, '\\x1c is not int() whitespace: unpaginated');
  t.equal(pageRequest({ limit: '1'.repeat(4301) }), undefined, 'more than 4300 digits: int() refuses, unpaginated');
});
