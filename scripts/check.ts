/**
 * `npm run check`: what CI demands before tests run.
 *   1. generated/ matches openapi/background-task.yaml (regenerated into a
 *      temporary folder and compared file by file);
 *   2. the whole repository type-checks (tsc, strict);
 *   3. biome lint passes.
 * Exits non-zero on the first failure with one line saying what to do.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name: string) => join(root, 'node_modules/.bin', name);

function run(step: string, cmd: string, args: string[]): void {
  process.stdout.write(`check: ${step}\n`);
  try {
    execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });
  } catch {
    console.error(`check: ${step} failed`);
    process.exit(1);
  }
}

const tmp = mkdtempSync(join(tmpdir(), 'bgtasks-generated-'));
try {
  run('regenerate into a temporary folder', bin('tsx'), [join(root, 'scripts/generate.ts'), '--out', tmp]);
  const committed = readdirSync(join(root, 'generated')).sort();
  const fresh = readdirSync(tmp).sort();
  const stale = fresh.filter(
    (f) => !committed.includes(f) || readFileSync(join(tmp, f), 'utf8') !== readFileSync(join(root, 'generated', f), 'utf8'),
  );
  const extra = committed.filter((f) => !fresh.includes(f));
  if (stale.length || extra.length) {
    console.error(`check: generated/ is out of date (${[...stale, ...extra].join(', ')}): run \`npm run generate\` and commit the result`);
    process.exit(1);
  }
  process.stdout.write('check: generated/ is up to date\n');
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
run('type-check', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
run('lint', bin('biome'), ['lint', '.']);
process.stdout.write('check: ok\n');
