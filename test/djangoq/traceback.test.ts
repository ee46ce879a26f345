// parseFailure against CPython: fixtures/traceback_oracle.py raises real
// exceptions (chained by cause and by context, suppressed context, notes,
// recursion, exec'd code without source, SyntaxError, ExceptionGroup, local
// classes, multi-line and empty messages), stores each as django-q does and
// describes it with traceback.TracebackException; every exception of the
// chain must come out with the same type, message, frames and link. Plus the
// seeder's and the interop suite's failure texts, and arbitrary text (never throws).

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import t from 'tap';
import { parseFailure, type TracebackFrame } from '../../src/djangoq/index.js';
import { failureText } from '../../src/seed/catalogue.js';

const PYTHON = process.env.PYTHON ?? '/usr/bin/python3';
const ORACLE = fileURLToPath(new URL('./fixtures/traceback_oracle.py', import.meta.url));
const SKIP = existsSync(PYTHON) ? false : `${PYTHON} not found`;
if (SKIP && process.env.INTEROP_REQUIRED === '1') {
  t.fail(`Python oracle unavailable (INTEROP_REQUIRED=1): ${SKIP}`);
}

interface PyException {
  type: string;
  message: string;
  frames: { file: string; line: number; function: string; source: string | null }[];
  link: 'cause' | 'context' | null;
}
interface Scenario {
  name: string;
  text: string;
  summary: string;
  chain: PyException[];
  group: boolean;
}

function expand(frames: TracebackFrame[]) {
  const out: { file: string; line: number | null; function: string | null; source: string | null }[] = [];
  for (const f of frames) {
    const plain = { file: f.file, line: f.line, function: f.function, source: f.source };
    out.push(plain);
    for (let i = 0; i < (f.repeated ?? 0); i++) out.push(plain);
  }
  return out;
}

t.test('parseFailure agrees with traceback.TracebackException', { skip: SKIP }, async (t) => {
  const r = spawnSync(PYTHON, [ORACLE], { encoding: 'utf8', maxBuffer: 1 << 26 });
  t.equal(r.status, 0, r.stderr);
  const scenarios = JSON.parse(r.stdout) as Scenario[];
  t.ok(scenarios.length >= 20);
  for (const s of scenarios) {
    const p = parseFailure(s.text);
    t.equal(p.summary, s.summary, `${s.name}: summary`);
    const expected = s.group ? s.chain.map((c) => ({ ...c })) : s.chain;
    t.same(
      p.exceptions.map((e) => ({ type: e.type, message: e.message, frames: expand(e.frames), link: e.link })),
      expected,
      `${s.name}: chain`,
    );
    const last = p.exceptions[p.exceptions.length - 1];
    t.equal(p.type, last?.type ?? null, `${s.name}: shortcut`);
  }
  const notes = parseFailure(scenarios.find((s) => s.name === 'notes')?.text ?? '');
  t.same(notes.exceptions[0]?.notes, ['first note', 'second', 'note'], 'notes split off the last message');
  const syntax = parseFailure(scenarios.find((s) => s.name === 'syntax')?.text ?? '');
  t.same(syntax.exceptions[0]?.location, { file: '<schedule>', line: 1, source: '1 +' }, 'SyntaxError location');
});

t.test('seeder failure texts', async (t) => {
  const text = failureText('part.tasks.check_stale_stock', { exception: 'ValueError', message: 'Part R-10K: need 50, have 3', line: 'raise ValueError(msg)' });
  const p = parseFailure(text);
  t.equal(p.summary, 'Part R-10K: need 50, have 3');
  t.equal(p.type, 'ValueError');
  t.equal(p.message, 'Part R-10K: need 50, have 3');
  t.same(
    p.frames.map((f) => [f.function, f.line, f.source]),
    [
      ['worker', 97, 'res = f(*task["args"], **task["kwargs"])'],
      ['check_stale_stock', 57, 'raise ValueError(msg)'],
    ],
  );
});

t.test('arbitrary text never throws', async (t) => {
  const pieces = ['Traceback (most recent call last):\n', '  File "a.py", line 1, in f\n', '    x()\n', '    ^^^\n', 'ValueError: x\n', ' : ', '\n\nThe above exception was the direct cause of the following exception:\n\n', '  [Previous line repeated 5 more times]\n', '  + Exception Group Traceback (most recent call last):\n', '  | ', '\n', 'x', ': '];
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.array(fc.constantFrom(...pieces), { maxLength: 30 }).map((a) => a.join(''))), (text) => {
      const p = parseFailure(text);
      return typeof p.summary === 'string' && Array.isArray(p.exceptions);
    }),
    { numRuns: 3000, seed: 5 },
  );
  t.same(parseFailure('Task exceeded maximum timeout value (60 seconds)').exceptions, [], 'plain message');
  const big = `x : ${'Traceback (most recent call last):\n'.repeat(2)}${' : '.repeat(100_000)}`;
  t.equal(typeof parseFailure(big).summary, 'string', 'large input');
});
