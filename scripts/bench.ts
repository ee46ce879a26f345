/**
 * `npm run bench [-- options]`: the performance benchmark (bench/). Builds
 * first (package.json), then seeds or reuses PostgreSQL databases, measures
 * the compiled server against the raw-SQL ceiling, prints a Markdown table
 * and writes it to bench/results/<date>.md. A benchmark, not a test: it
 * asserts nothing about timings.
 *
 *   --quick               10k only, 3 s + 1 s warm-up, no PGlite (env BENCH_QUICK=1)
 *   --scales 10k,100k,1m  which seeded sizes (default all three)
 *   --cases a,b           only these cases (overview, pending, scheduled, failed,
 *                         failed-search, failed-deep, failed-basic, failed-all, task-status,
 *                         stats, failure-groups)
 *   --duration S          measured seconds per side (default 8)
 *   --warmup S            warm-up seconds per side (default 2)
 *   --connections N       concurrent connections (default 16)
 *   --reseed              reseed even when the marker matches
 *   --no-pglite           skip the embedded-database start times
 *   --profile             run the first scale's server under --cpu-prof (bench/results/profiles/)
 *   --log-level LEVEL     the server's LOG_LEVEL (default info, as deployed: two lines per request)
 *   --out FILE            results file (default bench/results/<date>.md); --no-write to skip
 *
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/bgtasks_bench)
 * names the server and the database prefix: one database per scale
 * (bgtasks_bench_10k, …) is created there.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { CASE_IDS, type CaseId } from '../bench/cases.js';
import { renderMarkdown } from '../bench/report.js';
import { runBench } from '../bench/run.js';
import { CLI, ROOT } from '../bench/server.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean' },
    scales: { type: 'string' },
    cases: { type: 'string' },
    duration: { type: 'string' },
    warmup: { type: 'string' },
    connections: { type: 'string' },
    reseed: { type: 'boolean' },
    'no-pglite': { type: 'boolean' },
    profile: { type: 'boolean' },
    'log-level': { type: 'string' },
    out: { type: 'string' },
    'no-write': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
  allowPositionals: false,
  strict: true,
});

if (values.help) {
  const { readFileSync } = await import('node:fs');
  const text = readFileSync(new URL(import.meta.url), 'utf8');
  console.log(/\/\*\*([\s\S]*?)\*\//.exec(text)?.[1]?.replace(/^ \* ?/gm, '').trim());
  process.exit(0);
}

const quick = Boolean(values.quick) || /^(1|true|yes)$/i.test(process.env.BENCH_QUICK ?? '');
const number = (raw: string | undefined, fallback: number) => {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`expected a positive number, got "${raw}"`);
  return n;
};
const cases = values.cases?.split(',').map((c) => c.trim()) as CaseId[] | undefined;
for (const c of cases ?? []) if (!CASE_IDS.includes(c)) throw new Error(`unknown case "${c}" (${CASE_IDS.join(', ')})`);

if (!existsSync(CLI)) {
  console.error(`bench: ${CLI} is missing; run \`npm run build\` (npm run bench does).`);
  process.exit(1);
}

const started = performance.now();
const log = (line: string) => process.stderr.write(`bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)}s  ${line}\n`);
const date = new Date().toISOString().replace(/:\d\d\.\d+Z$/, 'Z').replace(':', '');
const profileDir = values.profile ? join(ROOT, 'bench/results/profiles', date) : undefined;
if (profileDir) mkdirSync(profileDir, { recursive: true });

const results = await runBench({
  baseUrl: process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/bgtasks_bench',
  scales: values.scales ? values.scales.split(',').map((s) => s.trim()) : quick ? ['10k'] : ['10k', '100k', '1m'],
  ...(cases ? { cases } : {}),
  connections: number(values.connections, 16),
  duration: number(values.duration, quick ? 3 : 8),
  warmup: number(values.warmup, quick ? 1 : 2),
  poolMax: 10,
  countsTtl: 2,
  pending: 10_000,
  schedules: 1_000,
  successes: 1_000,
  reseed: Boolean(values.reseed),
  pglite: !values['no-pglite'] && !quick,
  ...(profileDir ? { profileDir } : {}),
  logLevel: values['log-level'] ?? 'info',
  mode: quick ? 'quick' : 'full',
  log,
});

const markdown = renderMarkdown(results);
process.stdout.write(`\n${markdown}`);
if (!values['no-write']) {
  const file = values.out ?? join(ROOT, 'bench/results', `${date}${quick ? '-quick' : ''}.md`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, markdown);
  log(`written to ${file}`);
}
if (profileDir) log(`CPU profile of the server in ${profileDir} (summarise: npx tsx bench/profile.ts ${profileDir})`);
log(`done in ${((performance.now() - started) / 60_000).toFixed(1)} min`);
