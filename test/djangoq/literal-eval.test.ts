// literalEval against CPython's own ast.literal_eval (/usr/bin/python3): a
// generated corpus of literal sources written every way Python allows
// (quotes, prefixes, escapes, number spellings, whitespace, comments,
// concatenation), their mutations (mostly invalid), token soup, and
// hand-picked edge and hostile cases — all sent through ONE python process
// (fixtures/literal_eval.py). Accept/reject must agree, accepted values must
// be identical (sets compared order-free), and where we are certain of the
// exception class it must be Python's.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import t from 'tap';
import {
  LiteralEvalError,
  literalEval,
  type PyValue,
  parseCallKeywords,
  pyBytes,
  pyComplex,
  pyDict,
  pyList,
  pyRepr,
  pySet,
  pyTuple,
} from '../../src/djangoq/index.js';
import { type Canon, canon } from '../helpers/py-canon.js';

const PYTHON = process.env.PYTHON ?? '/usr/bin/python3';
const ORACLE = fileURLToPath(new URL('./fixtures/literal_eval.py', import.meta.url));
const SEED = Number(process.env.LITERAL_EVAL_SEED ?? 20261204);

type Answer = { ok: true; v: Canon } | { ok: false; e: string };

function ours(text: string): Answer & { certain?: boolean } {
  try {
    return { ok: true, v: canon(literalEval(text)) };
  } catch (e) {
    if (e instanceof LiteralEvalError) return { ok: false, e: e.pythonName, certain: e.certain };
    throw e;
  }
}

function python(inputs: string[]): Answer[] {
  const r = spawnSync(PYTHON, ['-W', 'ignore', ORACLE], {
    input: JSON.stringify(inputs),
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  if (r.status !== 0) throw new Error(`oracle failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Answer[];
}

// ---------------------------------------------------------------------------
// Generators: a value tree rendered as Python source in many spellings.

const ws = fc.constantFrom('', '', '', ' ', '  ', '\t', ' \\\n ', ' # c\n', '\n');
const wsIn = fc.constantFrom('', '', ' ', '\n', '\n  ', ' # note\n', '\t');

const intSrc = fc.oneof(
  fc.bigInt({ min: 0n, max: 10n ** 30n }).map((n) => n.toString()),
  fc.bigInt({ min: 0n, max: 1n << 70n }).chain((n) =>
    fc.constantFrom(`0x${n.toString(16)}`, `0X${n.toString(16).toUpperCase()}`, `0o${n.toString(8)}`, `0b${n.toString(2)}`, `0x_${n.toString(16)}`),
  ),
  fc.constantFrom('0', '00', '0_0', '1_000', '1_0_0', '007', '01', '1__0', '1_', '0b102', '0o8', '0x', '0xg', '9' .repeat(4300), '9'.repeat(4301), '0'.repeat(5000)),
);
const floatSrc = fc.oneof(
  fc.double({ noNaN: true }).filter((x) => Number.isFinite(x) && x >= 0).map((x) => String(x)),
  fc.constantFrom('1.', '.5', '1.e5', '1e5', '1E-5', '1_0.5e1_0', '09.5', '0.0', '1e400', '1e-400', '1e', '1.5e+', '1._5', '1e_5', '00.0', '1.2.3'),
);
const imagSrc = fc.oneof(
  floatSrc.map((f) => `${f}j`),
  intSrc.map((i) => `${i}J`),
  fc.constantFrom('0j', '01j', '1_000j', '1e400j', 'j', '1jj'),
);
const strChar = fc.oneof(
  fc.constantFrom('a', 'b', ' ', 'é', '"', "'", '\\', '\n', '\t', '\u2028', '\ud83d\ude00', '{', '}', '#', 'x', 'N', 'u', '0'),
  fc.constantFrom('\\n', '\\t', '\\x41', '\\x4', '\\xZZ', '\\u00e9', '\\u12', '\\U0001F600', '\\U00110000', '\\101', '\\777', '\\0', '\\q', "\\'", '\\"', '\\\\', '\\\n', '\\a', '\\ud800'),
  fc.string({ maxLength: 3 }),
);
const strBody = fc.array(strChar, { maxLength: 8 }).map((a) => a.join(''));
const strSrc = fc
  .tuple(fc.constantFrom('', '', '', 'r', 'u', 'b', 'B', 'R', 'br', 'Rb', 'rB', 'f', 'rf', 'U', 'ur', 'bu'), fc.constantFrom("'", '"', "'''", '"""'), strBody)
  .map(([p, q, b]) => `${p}${q}${b}${q}`);
const strConcat = fc.array(strSrc, { minLength: 1, maxLength: 3 }).chain((parts) => ws.map((w) => parts.join(w === '' ? ' ' : w)));

const scalarSrc = fc.oneof(
  { weight: 3, arbitrary: intSrc },
  { weight: 2, arbitrary: floatSrc },
  { weight: 1, arbitrary: imagSrc },
  { weight: 4, arbitrary: strConcat },
  { weight: 1, arbitrary: fc.constantFrom('True', 'False', 'None', '...', 'set()', 'set( )', 'set([])', 'x', 'true', 'null', 'inf', 'nan', '__import__("os")') },
);

const signed = fc
  .tuple(fc.constantFrom('', '', '-', '+', '--', '- ', '-(', 'not ', '~'), fc.oneof(intSrc, floatSrc, imagSrc, fc.constantFrom('True', '(1)', '(1,)')))
  .map(([s, n]) => (s.endsWith('(') ? `${s}${n})` : `${s}${n}`));
const complexForm = fc
  .tuple(signed, fc.constantFrom('+', '-', ' + ', '*', '+-'), fc.oneof(imagSrc, intSrc, floatSrc, fc.constantFrom('(1j)', '1j+1')))
  .map(([a, op, b]) => `${a}${op}${b}`);

const { src: literalSrc } = fc.letrec<{ src: string; item: string }>((tie) => ({
  item: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 5, arbitrary: scalarSrc },
    { weight: 1, arbitrary: signed },
    { weight: 1, arbitrary: complexForm },
    { weight: 2, arbitrary: tie('src') },
  ),
  src: fc.oneof(
    { depthSize: 'small' },
    tie('item'),
    fc.tuple(fc.array(tie('item'), { maxLength: 4 }), fc.boolean(), wsIn, fc.constantFrom('()', '[]', '{}', '(,)'))
      .map(([items, trailing, w, br]) => {
        const body = items.join(`,${w}`) + (trailing && items.length > 0 ? ',' : '');
        if (br === '(,)') return items.length === 1 && !trailing ? `(${body})` : `(${body}${items.length === 1 ? ',' : ''})`;
        return `${br[0]}${w}${body}${w}${br[1]}`;
      }),
    fc.tuple(fc.array(fc.tuple(tie('item'), tie('item')), { maxLength: 4 }), fc.boolean(), wsIn).map(
      ([pairs, trailing, w]) => `{${pairs.map(([k, v]) => `${k}:${w}${v}`).join(`,${w}`)}${trailing && pairs.length > 0 ? ',' : ''}}`,
    ),
    fc.tuple(tie('item'), tie('item')).map(([a, b]) => `${a}, ${b}`),
  ),
})) as unknown as { src: fc.Arbitrary<string> };

const wrapped = fc.tuple(fc.constantFrom('', ' ', '\t ', '\n', '\n  ', '\f', '# c\n', '\\\n'), literalSrc, ws).map(([a, s, b]) => `${a}${s}${b}`);

const mutated = fc.tuple(wrapped, fc.nat(), fc.constantFrom('', '(', ')', ',', ':', "'", '"', '\\', '\n', ' ', '0', 'x', '*', '{', ']', '#', '_', '.', 'j', 'e')).map(
  ([s, at, ins]) => {
    const i = s.length === 0 ? 0 : at % (s.length + 1);
    return at % 2 === 0 ? s.slice(0, i) + ins + s.slice(i) : s.slice(0, i) + ins + s.slice(i + 1);
  },
);

const soupTokens = ['1', '0x1f', '1.5', '2j', "'a'", 'b"b"', 'f"x"', 'r"\\n"', 'x', 'True', 'None', 'set', '...', '(', ')', '[', ']', '{', '}', ',', ':', '+', '-', '*', '**', '=', '.', ' ', '\n', '#', 'lambda', 'if', 'else', 'not', 'and', 'in', ';', '@', '\\'];
const soup = fc.array(fc.constantFrom(...soupTokens), { minLength: 1, maxLength: 8 }).map((a) => a.join(''));

const FIXED = [
  '', ' ', '\n', '#', '1', '-1', '+1', '--1', '-(1)', '- 1', '-True', '-None', "-'a'", '+1j', '1+2j', '1j+1', '-1-2j', '(1+2j)+3j', 'True+1j',
  '1+1', '1.5-2.5j', '-0.0+1j', '-0j', '1-0j', '0-0j', '-1e400+1j', `${'9'.repeat(400)}+1j`, `-${'9'.repeat(400)}.0-1j`,
  '[1,]', '(1,)', '(1)', '()', '{,}', '{1,}', '{1:2,}', '{}', '{**a}', '{1:2, **a}', '{[1]:2}', '{1, [2]}', '{(1, [2]): 3}', '{(1, 2): 3}',
  '{1: 1, 1.0: 2, True: 3}', '{0: 1, False: 2, 0j: 3, 0.0: 4}', '{-0.0: 1, 0: 2}', "{'a': 1, 'a': 2}", '{1, 1.0, True, 2}', '{frozenset(): 1}',
  '1 if 1 else 2', 'not 1', '~1', '1 2', '1;', '1,', '1,2', '(1,2),', 'x=1', 'a.b', '[1][0]', '(1)(2)', 'set()', 'set(())', 'set ( )', 'set()()',
  '[x for x in y]', 'lambda: 1', '*a', '(*a,)', '1 and 2', 'await x', "'''a\nb'''", "'a\nb'", '"a\\\nb"', '1\\\n+2j', '1\n', '1\n\n', '\n1',
  '\n  1', '  1', '\t1', '\f 1', ' \f1', '(\n1,\n  2)', '[\n]', '1 # c', '1 # c\n', "u'a'", "ur'a'", "rb'\\x'", "b'\\u1234'", "'\\N{BULLET}'",
  "b'é'", "'a' b'b'", "'a' f'b'", "f'{1}'", "'\\x41'", "b'\\777'", "'\\777'", "'\\400'", "'\\ud800'", "'\\U0010ffff'", "'\\U00110000'",
  'é', 'ａ', '\u00a01', '1\u00a0', '1\x00', "'\x00'", '0_0', '09.5', '01j', '0x_1f', '0_x1', '1__0', '1_', '1e', '1.e5', '.5', '1.', '0b102', '0o8',
  '1_000j', '0XAB', '1L', '0777', '1if 1else 2', '[1for x in y]', '1or 2', '0x1for', '10**400', `${'1'.repeat(4300)}`, `${'1'.repeat(4301)}`,
  `0x${'f'.repeat(5000)}`, `${'0'.repeat(5000)}`, `${'1'.repeat(5000)}.0`, `${'('.repeat(199)}1${')'.repeat(199)}`,
  `${'('.repeat(200)}1${')'.repeat(200)}`, `${'('.repeat(201)}1${')'.repeat(201)}`, `${'['.repeat(200)}${']'.repeat(200)}`,
  `${'['.repeat(201)}${']'.repeat(201)}`, `${'-'.repeat(50)}1`, `${'{1:'.repeat(100)}1${'}'.repeat(100)}`, ')', '(', '[1', "'abc", "'''abc",
  '...', '(...)', 'Ellipsis', 'None.x', '1 .real', '1.real', '1 +\n2j', '(1 +\n2j)', '1\r\n', '(1,\r\n2)', "'a\\\r\nb'", "'''a\r\nb'''", "'a\rb'",
  '\u2028', '1\u2028', '"\\\u2028"',
];

// Values of the model written by our own repr(): literal_eval(repr(v)) == v in Python.
const { value: reprValue } = fc.letrec<{ value: PyValue; key: PyValue }>((tie) => ({
  key: fc.oneof(
    fc.bigInt({ min: -(1n << 80n), max: 1n << 80n }),
    fc.string({ unit: 'grapheme', maxLength: 6 }),
    fc.boolean(),
    fc.constant(null),
    fc.double({ noNaN: true }),
  ),
  value: fc.oneof(
    { depthSize: 'small' },
    tie('key'),
    fc.uint8Array({ maxLength: 6 }).map((d) => pyBytes(d)),
    fc.tuple(fc.double(), fc.double()).map(([a, b]) => pyComplex(a, b)),
    fc.array(tie('value'), { maxLength: 4 }).map((items) => pyList(...items)),
    fc.array(tie('value'), { maxLength: 4 }).map((items) => pyTuple(...items)),
    fc.uniqueArray(fc.bigInt({ min: -1000n, max: 1000n }), { minLength: 1, maxLength: 4 }).map((items) => pySet(...items)),
    fc.uniqueArray(fc.tuple(fc.string({ maxLength: 4 }), tie('value')), { maxLength: 4, selector: ([k]) => k }).map((e) => pyDict(e)),
  ),
})) as unknown as { value: fc.Arbitrary<PyValue> };

const SKIP = existsSync(PYTHON) ? false : `${PYTHON} not found`;
if (SKIP && process.env.INTEROP_REQUIRED === '1') {
  t.fail(`Python oracle unavailable (INTEROP_REQUIRED=1): ${SKIP}`);
}

t.test('literalEval agrees with ast.literal_eval', { skip: SKIP }, async (t) => {
  const gen = fc.oneof({ weight: 4, arbitrary: reprValue.map((v) => pyRepr(v)) }, { weight: 5, arbitrary: wrapped }, { weight: 3, arbitrary: mutated }, { weight: 1, arbitrary: soup });
  const corpus = [...FIXED, ...fc.sample(gen, { numRuns: 5000, seed: SEED })];
  const expected = python(corpus);
  let accepted = 0;
  let classChecked = 0;
  let unsupportedNames = 0;
  const mismatches: string[] = [];
  corpus.forEach((text, i) => {
    const py = expected[i] as Answer;
    const ts = ours(text);
    if (py.ok) accepted++;
    if (py.ok && !ts.ok && ts.certain === false && /\\N\{/.test(text)) {
      unsupportedNames++;
      return;
    }
    if (py.ok !== ts.ok) {
      mismatches.push(`${JSON.stringify(text)}: python ${py.ok ? 'accepts' : `raises ${(py as { e: string }).e}`}, we ${ts.ok ? 'accept' : `raise ${(ts as { e: string }).e}`}`);
    } else if (py.ok && ts.ok && JSON.stringify(py.v) !== JSON.stringify(ts.v)) {
      mismatches.push(`${JSON.stringify(text)}: python ${JSON.stringify(py.v)} vs ours ${JSON.stringify(ts.v)}`);
    } else if (!py.ok && !ts.ok && ts.certain) {
      classChecked++;
      const pe = py.e === 'RecursionError' ? 'MemoryError' : py.e;
      if (pe !== ts.e) mismatches.push(`${JSON.stringify(text)}: python raises ${py.e}, we raise ${ts.e} (certain)`);
    }
  });
  if (process.env.LITERAL_EVAL_DUMP) (await import('node:fs')).writeFileSync(process.env.LITERAL_EVAL_DUMP, mismatches.join('\n'));
  t.same(mismatches.slice(0, 40).map((m) => m.slice(0, 400)), [], `${mismatches.length} mismatches of ${corpus.length}`);
  t.comment(`${unsupportedNames} inputs with \\N{...} escapes refused (documented deviation)`);
  t.ok(accepted > corpus.length / 3, `a good share of the corpus is valid (${accepted}/${corpus.length})`);
  t.ok(classChecked > 200, `exception classes compared on ${classChecked} rejections`);
});

t.test('hostile inputs are refused quickly and typed', async (t) => {
  const cases: [string, string][] = [
    ['['.repeat(100_000), 'SyntaxError'],
    ['-'.repeat(100_000) + '1', 'ValueError'],
    ['1'.repeat(1_000_000), 'SyntaxError'],
    ['x'.repeat(2_000_000), 'MemoryError'],
  ];
  for (const [text, name] of cases) {
    try {
      literalEval(text);
      t.fail(`accepted ${text.slice(0, 10)}…`);
    } catch (e) {
      t.ok(e instanceof LiteralEvalError, 'typed error');
      t.equal((e as LiteralEvalError).pythonName, name, `${text.slice(0, 10)}… -> ${name}`);
    }
  }
  // Large but legal: a hex int of 500k digits and a 100k-item list parse.
  t.equal(typeof literalEval(`0x${'f'.repeat(500_000)}`), 'bigint');
  t.equal((literalEval(`[${'1,'.repeat(100_000)}]`) as { items: unknown[] }).items.length, 100_000);
});

t.test('parseCallKeywords (django-q2 kwargs syntax) matches ast.parse(f"f({text})").keywords', { skip: SKIP }, async (t) => {
  const texts = [
    "x=1, y='a'",
    'x=1,',
    'a=[1, 2], b={"k": (1,)}',
    '1, x=2',
    'x=1, 2',
    'x=1, x=2',
    '**{"a": 1}',
    'x=foo',
    'x=foo(), y=1',
    'x=',
    '',
    'q_options={"hook": "m.h", "group": "g"}, n=-1.5+2j',
    '\n x = 1 ,\n y = 2\n',
    'True=1',
    'x=1,,y=2',
    'x=1 y=2',
    'x={[1]: 2}',
    "x=b'a' b'b'",
  ];
  const script = `
import ast, json, sys
out = []
for text in json.load(sys.stdin):
    try:
        kws = ast.parse(f"f({text})").body[0].value.keywords
    except SyntaxError:
        out.append({"syntax": True}); continue
    row = []
    for k in kws:
        try:
            row.append([k.arg, repr(ast.literal_eval(k.value))])
        except Exception as e:
            row.append([k.arg, "!" + type(e).__name__])
    out.append({"kw": row})
print(json.dumps(out))`;
  const r = spawnSync(PYTHON, ['-W', 'ignore', '-c', script], { input: JSON.stringify(texts), encoding: 'utf8' });
  const expected = JSON.parse(r.stdout) as ({ syntax: true } | { kw: [string | null, string][] })[];
  texts.forEach((text, i) => {
    const exp = expected[i];
    let got: unknown;
    try {
      const { keywords } = parseCallKeywords(text);
      got = {
        kw: keywords.map((k) => {
          try {
            return [k.arg, pyRepr(k.value())];
          } catch (e) {
            return [k.arg, `!${(e as LiteralEvalError).pythonName}`];
          }
        }),
      };
    } catch (e) {
      got = (e as LiteralEvalError).pythonName === 'SyntaxError' ? { syntax: true } : { error: String(e) };
    }
    t.same(got, exp, JSON.stringify(text));
  });
});
