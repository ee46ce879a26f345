#!/usr/bin/env node
/**
 * `npm test`: runs tap and ends with the plain line CI reads,
 * `N passed, N failed, N skipped`, exiting non-zero on any failure.
 * Extra arguments go to tap (e.g. `npm test -- test/http`).
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tap = spawn(join(root, 'node_modules/.bin/tap'), ['-R', 'tap', '--disable-coverage', ...process.argv.slice(2)], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
});
let output = '';
tap.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  output += chunk;
  if (output.length > 1_000_000) output = output.slice(-100_000);
});
tap.on('close', (code) => {
  const summaries = [...output.matchAll(/^# (\{ total: .*\})$/gm)];
  const last = summaries.at(-1);
  if (!last) {
    console.log('0 passed, 1 failed');
    process.exit(code || 1);
  }
  const counts = JSON.parse(last[1].replace(/(\w+):/g, '"$1":'));
  const skipped = (counts.skip ?? 0) + (counts.todo ?? 0);
  console.log(`${counts.pass ?? 0} passed, ${counts.fail ?? 0} failed, ${skipped} skipped`);
  process.exit(code !== 0 ? code || 1 : counts.fail ? 1 : 0);
});
