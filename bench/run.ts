/**
 * The whole benchmark: seed (or reuse) a database per scale, start the
 * compiled server against it, and for each case measure the server with
 * autocannon and the same SQL through `pg` (the ceiling), without and with
 * the optional indexes; then PGlite start times. Returns the results;
 * scripts/bench.ts prints and writes them.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { dictGet, isTagged, loadTaskPayload, pyStr } from '../src/djangoq/index.js';
import { dropIndexes, ensureIndexes } from '../src/db/indexes.js';
import type { Database } from '../src/db/schema.js';
import { captureSql, type QueryPlan } from './capture.js';
import { dashboardFirstPage } from './dashboard.js';
import type { BenchCase, CaseId, Scale } from './cases.js';
import { QUEUED_TASK_ID } from './cases.js';
import { scales as matrix } from './cases.js';
import { ceilingLoad, httpLoad, streamCeiling, streamOnce } from './load.js';
import type { Facts, PgliteRow, ProbeRow, Results } from './report.js';
import { BENCH_CLUSTER, BENCH_SECRET_KEY, databaseUrl, ensureDatabase, openBenchDb, type SeedInfo, seed } from './seed.js';
import { ROOT, type RunningServer, startServer } from './server.js';

export interface BenchOptions {
  baseUrl: string;
  scales: string[];
  cases?: CaseId[];
  connections: number;
  duration: number;
  warmup: number;
  poolMax: number;
  countsTtl: number;
  pending: number;
  schedules: number;
  successes: number;
  reseed: boolean;
  pglite: boolean;
  /** Directory for --cpu-prof of the server (first scale only); undefined = no profile. */
  profileDir?: string;
  /** The server's LOG_LEVEL. */
  logLevel: string;
  mode: string;
  log: (line: string) => void;
}

function facts(options: BenchOptions, postgres: string, settings: string): Facts {
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' }).trim();
    if (dirty) commit += ' (working tree modified)';
  } catch {
    // not a checkout
  }
  const cpus = os.cpus();
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cpus: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memory: `${Math.round(os.totalmem() / 1073741824)} GB RAM`,
    node: process.version,
    postgres,
    postgresSettings: settings,
    commit,
    loadBefore: os.loadavg().map((n) => n.toFixed(1)).join(' '),
    connections: options.connections,
    duration: options.duration,
    warmup: options.warmup,
    poolMax: options.poolMax,
    countsTtl: options.countsTtl,
    seeding: [],
    indexBuilds: [],
    visibility: [],
    mode: `${options.mode}, LOG_LEVEL=${options.logLevel}`,
  };
}

function headersFor(c: BenchCase, info: SeedInfo): Record<string, string> {
  if (c.auth === 'none') return { accept: 'application/json' };
  const authorization =
    c.auth === 'basic' ? `Basic ${Buffer.from(`${info.username}:${info.password}`).toString('base64')}` : `Token ${info.token}`;
  return { authorization, accept: 'application/json' };
}

async function median(times: number, fn: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

/** Plain SQL timings the documentation quotes: exact counts against the planner's estimate. */
async function probes(url: string, scale: string, indexes: boolean): Promise<ProbeRow[]> {
  const { db } = openBenchDb(url, 1);
  const rows: ProbeRow[] = [];
  try {
    const time = async (what: string, statement: { execute(db: Kysely<Database>): Promise<unknown> }, note?: string) => {
      const ms = await median(5, () => statement.execute(db));
      rows.push({ scale, indexes, what, ms, ...(note ? { note } : {}) });
    };
    await time('SELECT count(*) FROM django_q_task WHERE NOT success', sql`SELECT count(*) FROM django_q_task WHERE NOT success`);
    await time(
      "SELECT count(*) … WHERE NOT success AND UPPER(func) LIKE '%STOCK%'",
      sql`SELECT count(*) FROM django_q_task WHERE NOT success AND UPPER(func::text) LIKE UPPER('%stock%')`,
    );
    await time(
      'is_running: EXISTS (success AND started ≥ now() − 10 min)',
      sql`SELECT EXISTS (SELECT 1 FROM django_q_task WHERE success AND started >= now() - interval '10 minutes')`,
    );
    const explain = sql<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }>`EXPLAIN (FORMAT JSON) SELECT 1 FROM django_q_task WHERE NOT success`;
    const estimate = (await explain.execute(db)).rows[0]?.['QUERY PLAN'][0]?.Plan['Plan Rows'];
    await time('EXPLAIN SELECT 1 FROM django_q_task WHERE NOT success (planner estimate)', explain, `estimates ${estimate ?? '?'} rows`);
  } finally {
    await db.destroy();
  }
  return rows;
}

async function setIndexes(url: string, on: boolean, log: (line: string) => void, builds: string[], visibility: string[], scale: string): Promise<void> {
  const { db } = openBenchDb(url, 1);
  try {
    if (!on) {
      const dropped = await dropIndexes(db);
      if (dropped.length) log(`dropped ${dropped.join(', ')}`);
    } else {
      const results = await ensureIndexes(db, { log: (line) => log(`index ${line}`) });
      for (const r of results) if (r.outcome !== 'exists') builds.push(`${scale}: ${r.name} ${r.outcome}${r.reason ? ` (${r.reason})` : ` in ${(r.ms / 1000).toFixed(1)} s`}`);
    }
    // As autovacuum keeps a live table: statistics current and the visibility
    // map set (index-only scans depend on it). A transaction open elsewhere on
    // the server can keep VACUUM from marking pages: reported.
    await sql`VACUUM ANALYZE django_q_task, django_q_ormq, django_q_schedule`.execute(db);
    const { rows } = await sql<{ visible: number | null }>`
      SELECT round(100.0 * relallvisible / nullif(relpages, 0))::int AS visible FROM pg_class WHERE oid = 'django_q_task'::regclass
    `.execute(db);
    visibility.push(`${scale}/${on ? 'indexes' : 'no indexes'}: ${rows[0]?.visible ?? '?'} % of django_q_task pages all-visible`);
  } finally {
    await db.destroy();
  }
}

/** Captured plans of the streamed list, by path (see benchScale). */
const streamPlans = new Map<string, QueryPlan>();

async function benchScale(
  scale: Scale,
  options: BenchOptions,
  results: Results,
  profile: boolean,
): Promise<void> {
  const { log } = options;
  const database = `${new URL(options.baseUrl).pathname.slice(1) || 'bgtasks_bench'}_${scale.name}`;
  await ensureDatabase(options.baseUrl, database);
  const url = databaseUrl(options.baseUrl, database);
  const info = await seed(
    url,
    { failed: scale.failed, pending: options.pending, schedules: options.schedules, successes: options.successes },
    (line) => log(`[${scale.name}] ${line}`),
    options.reseed,
  );
  results.facts.seeding.push(
    `${scale.name}: ${scale.failed.toLocaleString('en')} failed + ${options.successes} successful tasks, ${options.pending.toLocaleString('en')} pending, ${options.schedules} schedules in database ${database} — ${info.reused ? 'reused (marker matched)' : `seeded in ${info.seconds.toFixed(0)} s`}`,
  );
  const env = {
    DATABASE_URL: url,
    SECRET_KEY: BENCH_SECRET_KEY,
    Q_CLUSTER_NAME: BENCH_CLUSTER,
    DB_POOL_MAX: String(options.poolMax),
    COUNTS_TTL_SECONDS: String(options.countsTtl),
    // Failed Basic attempts are limited per client; the benchmark makes none, but keep it out of the way.
    AUTH_RATE_LIMIT: '0',
    LOG_LEVEL: options.logLevel,
  };
  const queuedId = await firstQueuedTaskId(url);
  for (const declared of scale.phases) {
    const phase = { ...declared, cases: declared.cases.map((c) => ({ ...c, path: c.path.replace(QUEUED_TASK_ID, queuedId) })) };
    if (phase.cases.length === 0) continue;
    await setIndexes(url, phase.indexes, (line) => log(`[${scale.name}] ${line}`), results.facts.indexBuilds, results.facts.visibility, scale.name);
    const tag = `[${scale.name}/${phase.indexes ? 'indexes' : 'no indexes'}]`;
    // A streamed list issues the same statements at every scale (the FETCH
    // is replayed until the cursor is exhausted): capture it once, where it
    // is small, instead of streaming a million rows through the capture.
    const toCapture = phase.cases.filter((c) => !(c.id === 'failed-all' && streamPlans.has(c.path)));
    log(`${tag} capturing the SQL of ${toCapture.length} requests`);
    const captured = await captureSql(
      env,
      toCapture.map((c) => ({
        url: c.path,
        headers: headersFor(c, info),
        ...(c.id === 'failed-all' ? { prime: '/api/background-task/failed/?limit=1' } : {}),
      })),
    );
    for (const [i, c] of toCapture.entries()) if (c.id === 'failed-all') streamPlans.set(c.path, captured[i]!);
    const plans = phase.cases.map((c) => (c.id === 'failed-all' ? streamPlans.get(c.path)! : captured[toCapture.indexOf(c)]!));
    let server: RunningServer | undefined;
    try {
      server = await startServer({
        env,
        ...(profile && options.profileDir ? { nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] } : {}),
      });
      log(`${tag} server listening in ${Math.round(server.startMs)} ms (pid ${server.pid})`);
      for (const [i, c] of phase.cases.entries()) {
        const plan = plans[i]!;
        if (plan.status !== 200) throw new Error(`${c.label}: the app answered ${plan.status} while capturing its SQL`);
        await measure(c, plan, server, url, info, options, scale, phase.indexes, results, tag);
      }
      const dashboard = await dashboardFirstPage(server.url, info.token);
      if (dashboard) results.probes.push({ scale: scale.name, indexes: phase.indexes, what: 'dashboard: failed tasks, first page', ...dashboard });
      else log(`${tag} dashboard probe skipped: no Chromium`);
    } finally {
      await server?.stop();
    }
    results.probes.push(...(await probes(url, scale.name, phase.indexes)));
  }
}

/** The id inside the first queued payload (the seeder's ids are random). */
async function firstQueuedTaskId(url: string): Promise<string> {
  const { db } = openBenchDb(url, 1);
  try {
    const row = await db.selectFrom('django_q_ormq').select('payload').orderBy('id').limit(1).executeTakeFirst();
    if (!row) return 'no-queued-task';
    const task = loadTaskPayload(row.payload, { keys: [BENCH_SECRET_KEY], salt: BENCH_CLUSTER, verify: true });
    const id = isTagged(task) && task.kind === 'dict' ? dictGet(task, 'id') : undefined;
    return id === undefined || id === null ? 'no-queued-task' : pyStr(id);
  } finally {
    await db.destroy();
  }
}

async function measure(
  c: BenchCase,
  plan: QueryPlan,
  server: RunningServer,
  url: string,
  info: SeedInfo,
  options: BenchOptions,
  scale: Scale,
  indexes: boolean,
  results: Results,
  tag: string,
): Promise<void> {
  const { log } = options;
  const headers = headersFor(c, info);
  if (c.mode === 'stream') {
    // Without the indexes a large stream sorts every row before its first
    // byte: measure that wait, not the whole minute-long transfer.
    const firstByteOnly = !indexes && scale.failed >= 1_000_000;
    server.resetPeak();
    const http = await streamOnce(`${server.url}${c.path}`, headers, firstByteOnly);
    const peakRssBytes = server.peak();
    const ceiling = await streamCeiling(url, plan, firstByteOnly);
    results.streams.push({ scale: scale.name, indexes, label: c.label, rows: scale.failed, http, ceiling, peakRssBytes });
    log(
      `${tag} ${c.label}: first byte ${Math.round(http.firstByteMs)} ms, ${(http.totalMs / 1000).toFixed(1)} s, ${Math.round(http.bytes / 1048576)} MB, peak RSS ${Math.round(peakRssBytes / 1048576)} MB | SQL first batch ${Math.round(ceiling.firstBatchMs)} ms, ${(ceiling.totalMs / 1000).toFixed(1)} s`,
    );
    return;
  }
  const load = { connections: options.connections, duration: options.duration, warmup: options.warmup };
  server.resetPeak();
  if (load.warmup > 0) await httpLoad(`${server.url}${c.path}`, headers, { ...load, duration: load.warmup, warmup: 0 });
  const cpuBefore = server.cpuMs();
  const http = await httpLoad(`${server.url}${c.path}`, headers, { ...load, warmup: 0 });
  const cpuMsPerRequest = (server.cpuMs() - cpuBefore) / Math.max(1, http.requests);
  const peakRssBytes = server.peak();
  const ceiling = plan.stages.length ? await ceilingLoad(url, plan, options.poolMax, options.countsTtl * 1000, load) : undefined;
  results.load.push({
    scale: scale.name,
    indexes,
    caseId: c.id,
    label: c.label,
    http,
    ...(ceiling ? { ceiling } : {}),
    peakRssBytes,
    cpuMsPerRequest,
    statements: plan.statements,
  });
  log(
    `${tag} ${c.label}: ${Math.round(http.rps)} req/s p50 ${http.p50} p99 ${http.p99} ms, ${cpuMsPerRequest.toFixed(2)} ms CPU/req | ${ceiling ? `SQL ${Math.round(ceiling.rps)} req/s p99 ${ceiling.p99.toFixed(1)} ms | ${Math.round((http.rps / ceiling.rps) * 100)} %` : 'no SQL'} | RSS ${Math.round(peakRssBytes / 1048576)} MB${http.failures ? ` | ${http.failures} FAILED` : ''}`,
  );
}

/** Embedded PGlite: first start (initdb, migrate, demo seed) and a restart on the same data directory. */
async function pgliteStarts(log: (line: string) => void): Promise<PgliteRow[]> {
  const dir = mkdtempSync(join(os.tmpdir(), 'bgtasks-bench-pglite-'));
  const rows: PgliteRow[] = [];
  try {
    for (const what of ['first start (initdb, migrate, admin, demo seed)', 'restart on the existing data directory']) {
      const server = await startServer({ env: { DATA_DIR: dir, ADMIN_PASSWORD: 'bench-admin-password' }, timeoutMs: 120_000 });
      const rssBytes = server.peak();
      await server.stop();
      rows.push({ what, ms: server.startMs, rssBytes });
      log(`PGlite ${what}: ${(server.startMs / 1000).toFixed(1)} s, RSS ${Math.round(rssBytes / 1048576)} MB`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

export async function runBench(options: BenchOptions): Promise<Results> {
  const plan = matrix(options.scales, options.cases);
  const { db } = openBenchDb(databaseUrl(options.baseUrl, 'postgres'), 1);
  let version = 'PostgreSQL (unknown version)';
  let settings = '';
  try {
    version = (await sql<{ v: string }>`SELECT version() AS v`.execute(db)).rows[0]?.v.replace(/ on .*/, '') ?? version;
    const { rows } = await sql<{ name: string; setting: string; unit: string | null }>`
      SELECT name, setting, unit FROM pg_settings
      WHERE name IN ('shared_buffers', 'work_mem', 'jit', 'max_parallel_workers_per_gather', 'random_page_cost', 'effective_cache_size')
      ORDER BY name`.execute(db);
    settings = rows.map((r) => `${r.name}=${r.setting}${r.unit ? ` ${r.unit}` : ''}`).join(', ');
  } finally {
    await db.destroy();
  }
  const results: Results = { facts: facts(options, version, settings), load: [], streams: [], probes: [], pglite: [] };
  for (const [i, scale] of plan.entries()) await benchScale(scale, options, results, i === 0 && Boolean(options.profileDir));
  if (options.pglite) results.pglite = await pgliteStarts(options.log);
  results.facts.loadAfter = os.loadavg().map((n) => n.toFixed(1)).join(' ');
  return results;
}
