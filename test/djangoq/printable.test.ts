// The str.isprintable() table behind repr() must be CPython's. When
// /usr/bin/python3 is available, regenerate it and compare with the committed
// file; always spot-check code points against values CPython 3.11 gives.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { isPrintableCodePoint } from '../../src/djangoq/printable.js';

const PYTHON = process.env.PYTHON ?? '/usr/bin/python3';
const GEN = fileURLToPath(new URL('./fixtures/gen_printable.py', import.meta.url));
const TABLE = fileURLToPath(new URL('../../src/djangoq/unicode-printable.ts', import.meta.url));

t.test('spot checks (CPython 3.11 / Unicode 14)', async (t) => {
  const printable = [0x20, 0x41, 0x7e, 0xa1, 0xe9, 0x3a9, 0x2713, 0x65e5, 0x1f600, 0x1d518, 0x1f9ea, 0x301, 0x5e9];
  const not = [0x0, 0x1f, 0x7f, 0x80, 0x9f, 0xa0, 0xad, 0x378, 0x200b, 0x200d, 0x2028, 0x2029, 0x3000, 0xd800, 0xdfff, 0xe000, 0xfeff, 0xffff, 0xe0001, 0xf0000, 0x1fae8, 0x11f00];
  for (const cp of printable) t.ok(isPrintableCodePoint(cp), `U+${cp.toString(16)} printable`);
  for (const cp of not) t.notOk(isPrintableCodePoint(cp), `U+${cp.toString(16)} not printable`);
});

const r = existsSync(PYTHON) ? spawnSync(PYTHON, [GEN], { encoding: 'utf8' }) : null;
if (r === null || r.status !== 0) {
  t.comment(`SKIPPED table regeneration: ${r === null ? `${PYTHON} not found` : r.stderr}`);
} else {
  t.test('committed table == regenerated from python3', async (t) => {
    const body = (s: string) => s.split('\n').filter((l) => !l.startsWith('// GENERATED')).join('\n');
    t.equal(body(r.stdout), body(readFileSync(TABLE, 'utf8')), 'same toggles (only the generator version line may differ)');
  });
}
