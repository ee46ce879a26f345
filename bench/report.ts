/**
 * The results as a Markdown document: machine facts, one table of load
 * cases (ours next to the raw-SQL ceiling), the streamed lists, SQL probes,
 * PGlite start times, and each target of the performance issue checked
 * against the numbers of this run.
 */
import type { LoadResult, StreamResult } from './load.js';

export interface LoadRow {
  scale: string;
  indexes: boolean;
  caseId: string;
  label: string;
  http: LoadResult;
  /** Absent for the /healthz reference (no SQL). */
  ceiling?: LoadResult;
  peakRssBytes: number;
  /** Server process CPU (user + system) per request during the measured run. */
  cpuMsPerRequest: number;
  statements: number;
}

export interface StreamRow {
  scale: string;
  indexes: boolean;
  label: string;
  rows: number;
  http: StreamResult;
  ceiling: { firstBatchMs: number; totalMs: number };
  peakRssBytes: number;
}

export interface ProbeRow {
  scale: string;
  indexes: boolean;
  what: string;
  ms: number;
  note?: string;
}

export interface PgliteRow {
  what: string;
  ms: number;
  rssBytes: number;
}

export interface Facts {
  date: string;
  cpus: string;
  cores: number;
  memory: string;
  node: string;
  postgres: string;
  postgresSettings: string;
  commit: string;
  loadBefore: string;
  loadAfter?: string;
  connections: number;
  duration: number;
  warmup: number;
  poolMax: number;
  countsTtl: number;
  seeding: string[];
  indexBuilds: string[];
  /** Visibility map state per phase (after VACUUM ANALYZE). */
  visibility: string[];
  mode: string;
}

export interface Results {
  facts: Facts;
  load: LoadRow[];
  streams: StreamRow[];
  probes: ProbeRow[];
  pglite: PgliteRow[];
}

const f0 = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en') : '–');
const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '–');
const mb = (bytes: number) => (Number.isFinite(bytes) && bytes > 0 ? `${Math.round(bytes / 1048576)}` : '–');
const idx = (on: boolean) => (on ? 'bgtasks_*' : 'none');

function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

export function loadTable(rows: LoadRow[], duration: number): string {
  return table(
    ['scale', 'indexes', 'case', 'req/s', 'p50 ms', 'p99 ms', 'SQL ceiling req/s', 'ceiling p99 ms', 'ours / ceiling', 'server CPU ms/req', 'peak RSS MB', 'SQL/req', 'failed reqs'],
    rows.map((r) => [
      r.scale,
      idx(r.indexes),
      r.label,
      r.http.requests ? f0(r.http.rps) : `0 (none within ${duration} s)`,
      r.http.requests ? f1(r.http.p50) : `> ${duration * 1000}`,
      r.http.requests ? f1(r.http.p99) : `> ${duration * 1000}`,
      r.ceiling ? f0(r.ceiling.rps) : '–',
      r.ceiling ? f1(r.ceiling.p99) : '–',
      r.ceiling ? `${Math.round((r.http.rps / r.ceiling.rps) * 100)} %` : '–',
      Number.isFinite(r.cpuMsPerRequest) ? r.cpuMsPerRequest.toFixed(2) : '–',
      mb(r.peakRssBytes),
      String(r.statements),
      String(r.http.failures + (r.ceiling?.failures ?? 0)),
    ]),
  );
}

export function streamTable(rows: StreamRow[]): string {
  return table(
    ['scale', 'indexes', 'case', 'rows', 'first byte ms', 'total s', 'MB sent', 'rows/s', 'SQL first batch ms', 'SQL total s', 'peak RSS MB', 'status'],
    rows.map((r) => [
      r.scale,
      idx(r.indexes),
      r.label,
      f0(r.rows),
      f0(r.http.firstByteMs),
      Number.isFinite(r.http.totalMs) ? f1(r.http.totalMs / 1000) : 'first byte only',
      mb(r.http.bytes),
      Number.isFinite(r.http.totalMs) ? f0(r.rows / (r.http.totalMs / 1000)) : '–',
      f0(r.ceiling.firstBatchMs),
      f1(r.ceiling.totalMs / 1000),
      mb(r.peakRssBytes),
      String(r.http.status),
    ]),
  );
}

interface Verdict {
  target: string;
  result: 'holds' | 'FAILS' | 'not measured';
  detail: string;
}

function find(rows: LoadRow[], scale: string, caseId: string, indexes?: boolean): LoadRow | undefined {
  const matches = rows.filter((r) => r.scale === scale && r.caseId === caseId && (indexes === undefined || r.indexes === indexes));
  return matches[matches.length - 1];
}

export function verdicts(results: Results): Verdict[] {
  const out: Verdict[] = [];
  const { load, streams, pglite } = results;
  const ratio = (r: LoadRow) => (r.ceiling ? r.http.rps / r.ceiling.rps : Number.NaN);
  const judged = (r: LoadRow) => r.scale === '10k' && r.caseId !== 'failed-basic' && r.caseId !== 'failed-all' && r.ceiling !== undefined;
  const plain = load.filter((r) => judged(r) && !r.indexes);
  // With the indexes: the cases measured in that phase, the others (which do not use them) from the plain run.
  const indexedIds = new Set(load.filter((r) => judged(r) && r.indexes).map((r) => r.caseId));
  const indexed = indexedIds.size ? [...load.filter((r) => judged(r) && r.indexes), ...plain.filter((r) => !indexedIds.has(r.caseId))] : [];
  for (const [name, ten] of [
    ['no extra indexes', plain],
    ['with bgtasks_* indexes', indexed],
  ] as const) {
    if (!ten.length) continue;
    out.push({
      target: `10k (${name}): every paginated list and the overview ≥ 60 % of the raw-SQL ceiling`,
      result: ten.some((r) => ratio(r) < 0.6) ? 'FAILS' : 'holds',
      detail: ten.map((r) => `${r.caseId} ${Math.round(ratio(r) * 100)} %`).join(', '),
    });
    out.push({
      target: `10k (${name}): p99 < 50 ms at ${results.facts.connections} connections`,
      result: ten.some((r) => r.http.p99 >= 50) ? 'FAILS' : 'holds',
      detail: ten.map((r) => `${r.caseId} ${f1(r.http.p99)}`).join(', '),
    });
  }
  if (!plain.length && !indexed.length) out.push({ target: '10k targets', result: 'not measured', detail: '' });

  const overview1m = find(load, '1m', 'overview', true) ?? find(load, '1m', 'overview');
  out.push(
    overview1m
      ? {
          target: '1M: overview p99 < 50 ms while polled',
          result: overview1m.http.p99 < 50 ? 'holds' : 'FAILS',
          detail: load
            .filter((r) => r.scale === '1m' && r.caseId === 'overview')
            .map((r) => `${idx(r.indexes)}: p99 ${f1(r.http.p99)} ms`)
            .join(', '),
        }
      : { target: '1M: overview p99 < 50 ms', result: 'not measured', detail: '' },
  );
  const failed1m = find(load, '1m', 'failed', true);
  out.push(
    failed1m
      ? {
          target: '1M: failed ?limit=25&ordering=-stopped p99 < 50 ms with the indexes',
          result: failed1m.http.p99 < 50 ? 'holds' : 'FAILS',
          detail: load
            .filter((r) => r.scale === '1m' && r.caseId === 'failed')
            .map((r) => (r.http.requests ? `${idx(r.indexes)}: p99 ${f1(r.http.p99)} ms, ${f0(r.http.rps)} req/s` : `${idx(r.indexes)}: no request finished within ${results.facts.duration} s`))
            .join('; '),
        }
      : { target: '1M: failed page p99 < 50 ms', result: 'not measured', detail: '' },
  );
  const deep = load.filter((r) => r.caseId === 'failed-deep');
  if (deep.length)
    out.push({
      target: 'deep offsets degrade gracefully (measured)',
      result: deep.every((r) => r.http.failures === 0) ? 'holds' : 'FAILS',
      detail: deep.map((r) => `${r.scale}/${idx(r.indexes)}: p50 ${f1(r.http.p50)} ms, p99 ${f1(r.http.p99)} ms`).join('; '),
    });
  const stream1m = streams.filter((s) => s.scale === '1m');
  if (stream1m.length) {
    // Judged with the indexes when measured (without them the stream first sorts every row).
    const indexed = stream1m.filter((s) => s.indexes);
    const judged = indexed.length ? indexed : stream1m;
    const worst = judged.reduce((a, b) => (b.peakRssBytes > a.peakRssBytes ? b : a));
    const slowest = judged.reduce((a, b) => (b.http.firstByteMs > a.http.firstByteMs ? b : a));
    out.push({
      target: '1M: unpaginated failed list streamed, peak RSS < 250 MB (with the indexes)',
      result: worst.peakRssBytes < 250 * 1048576 && worst.http.status === 200 ? 'holds' : 'FAILS',
      detail: stream1m.map((s) => `${idx(s.indexes)}: ${mb(s.peakRssBytes)} MB`).join(', '),
    });
    out.push({
      target: '1M: unpaginated first byte within 300 ms (with the indexes)',
      result: slowest.http.firstByteMs < 300 ? 'holds' : 'FAILS',
      detail: stream1m.map((s) => `${idx(s.indexes)}: ${f0(s.http.firstByteMs)} ms`).join(', '),
    });
  } else out.push({ target: '1M: unpaginated stream', result: 'not measured', detail: '' });

  // Judged where the server, not the database, is the bottleneck (the highest
  // token req/s): a per-request password hash would show there most.
  const pairs = load
    .filter((r) => r.caseId === 'failed-basic')
    .map((basic) => ({ basic, token: find(load, basic.scale, 'failed', basic.indexes) }))
    .filter((p): p is { basic: LoadRow; token: LoadRow } => p.token !== undefined);
  if (pairs.length) {
    const decisive = pairs.reduce((a, b) => (b.token.http.rps > a.token.http.rps ? b : a));
    const share = (p: (typeof pairs)[number]) => p.basic.http.rps / p.token.http.rps;
    out.push({
      target: "Basic auth within 10 % of token auth's req/s",
      result: share(decisive) >= 0.9 ? 'holds' : 'FAILS',
      detail: pairs
        .map((p) => `${p.basic.scale}/${idx(p.basic.indexes)}: Basic ${f0(p.basic.http.rps)} vs token ${f0(p.token.http.rps)} req/s (${Math.round(share(p) * 100)} %)${p === decisive ? ' ← judged' : ''}`)
        .join('; '),
    });
  }
  const first = pglite.find((p) => p.what.startsWith('first start'));
  const again = pglite.find((p) => p.what.startsWith('restart'));
  if (first && again) {
    out.push({ target: 'PGlite: first start (initdb + demo seed) < 15 s', result: first.ms < 15_000 ? 'holds' : 'FAILS', detail: `${f1(first.ms / 1000)} s` });
    out.push({ target: 'PGlite: start on an existing data directory < 3 s', result: again.ms < 3_000 ? 'holds' : 'FAILS', detail: `${f1(again.ms / 1000)} s` });
  }
  return out;
}

export function renderMarkdown(results: Results): string {
  const { facts } = results;
  const parts: string[] = [];
  parts.push(`# Benchmark ${facts.date}`);
  parts.push(
    [
      `- Machine: ${facts.cores} cores (${facts.cpus}), ${facts.memory}; load average before ${facts.loadBefore}${facts.loadAfter ? `, after ${facts.loadAfter}` : ''}`,
      `- Node ${facts.node}; ${facts.postgres}`,
      `- PostgreSQL settings: ${facts.postgresSettings}`,
      `- Commit ${facts.commit}; mode: ${facts.mode}`,
      `- Load: ${facts.connections} connections, ${facts.warmup} s warm-up + ${facts.duration} s measured per side; server \`NODE_ENV=production node dist/src/cli.js serve\`, DB_POOL_MAX=${facts.poolMax}, COUNTS_TTL_SECONDS=${facts.countsTtl}; load generator, ceiling and database on the same machine`,
      `- Ceiling: the SQL the endpoint issued for the same request (captured from the app), replayed through \`pg\` with a pool of the same size at the same concurrency, no HTTP, no JSON; cached statements (queue counts) replayed once per TTL`,
      ...facts.seeding.map((s) => `- Seed: ${s}`),
      ...facts.indexBuilds.map((s) => `- Index build: ${s}`),
      ...(facts.visibility.length ? [`- Before each phase: VACUUM ANALYZE; ${facts.visibility.join('; ')}`] : []),
    ].join('\n'),
  );
  if (results.load.length) parts.push(`## Load\n\n${loadTable(results.load, results.facts.duration)}`);
  if (results.streams.length) parts.push(`## Unpaginated (streamed) failed list, one request\n\n${streamTable(results.streams)}`);
  if (results.probes.length)
    parts.push(
      `## Probes (SQL on one connection, and the dashboard in Chromium; median of 5)\n\n${table(
        ['scale', 'indexes', 'statement', 'ms', 'note'],
        results.probes.map((p) => [p.scale, idx(p.indexes), p.what, f1(p.ms), p.note ?? '']),
      )}`,
    );
  if (results.pglite.length)
    parts.push(
      `## Embedded PGlite: start to listening\n\n${table(
        ['what', 's', 'RSS MB'],
        results.pglite.map((p) => [p.what, f1(p.ms / 1000), mb(p.rssBytes)]),
      )}`,
    );
  const v = verdicts(results);
  parts.push(`## Targets\n\n${table(['target', 'result', 'measured'], v.map((x) => [x.target, x.result, x.detail]))}`);
  return `${parts.join('\n\n')}\n`;
}
