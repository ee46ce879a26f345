/**
 * The two load generators, run with the same connections and durations:
 *   http     autocannon against the server under test
 *   ceiling  the captured SQL plan of the same request, replayed through a
 *            `pg` pool of the server's size by as many concurrent loops —
 *            no HTTP, no JSON: the most the database can give this request
 * plus a single streamed request for the unpaginated lists (first byte,
 * total time, bytes).
 */
import http from 'node:http';
import autocannon from 'autocannon';
import pg from 'pg';
import type { QueryPlan, Statement, Unit } from './capture.js';

export interface LoadOptions {
  connections: number;
  /** Seconds measured. */
  duration: number;
  /** Seconds of warm-up before (not measured). */
  warmup: number;
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  /** Non-2xx responses, errors and timeouts. */
  failures: number;
}

export async function httpLoad(url: string, headers: Record<string, string>, options: LoadOptions): Promise<LoadResult> {
  const common = { url, headers, connections: options.connections, pipelining: 1, timeout: 30 };
  if (options.warmup > 0) await autocannon({ ...common, duration: options.warmup });
  const r = await autocannon({ ...common, duration: options.duration });
  const completed = r.latency.totalCount ?? r.requests.total ?? 0;
  return {
    rps: completed / r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    requests: completed,
    failures: r.non2xx + r.errors + r.timeouts,
  };
}

const FETCH = /^\s*FETCH\s+(\d+)\s+FROM\s/i;

async function runUnit(pool: pg.Pool, unit: Unit): Promise<void> {
  if (!unit.transaction && unit.statements.length === 1) {
    const only = unit.statements[0]!;
    await pool.query(only.text, only.values);
    return;
  }
  const client = await pool.connect();
  try {
    let fetched = false;
    for (const statement of unit.statements) {
      const fetch = FETCH.exec(statement.text);
      if (fetch) {
        // A cursor: fetch until it is exhausted, whatever the table size.
        if (fetched) continue;
        fetched = true;
        const batch = Number(fetch[1]);
        for (;;) {
          const { rowCount } = await client.query(statement.text, statement.values);
          if ((rowCount ?? 0) < batch) break;
        }
        continue;
      }
      await client.query(statement.text, statement.values);
    }
  } finally {
    client.release();
  }
}

export async function runPlan(pool: pg.Pool, plan: QueryPlan): Promise<void> {
  for (const stage of plan.stages) await Promise.all(stage.map((unit) => runUnit(pool, unit)));
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function loop(pool: pg.Pool, plan: QueryPlan, connections: number, seconds: number, latencies?: number[]): Promise<{ done: number; failures: number }> {
  const end = performance.now() + seconds * 1000;
  let done = 0;
  let failures = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        try {
          await runPlan(pool, plan);
          // Like autocannon, count only what finished within the window.
          const t1 = performance.now();
          if (t1 <= end) {
            done++;
            latencies?.push(t1 - t0);
          }
        } catch {
          failures++;
        }
      }
    }),
  );
  return { done, failures };
}

/** Replays `plan` at `connections` concurrency through a pool of `poolMax`. */
export async function ceilingLoad(databaseUrl: string, plan: QueryPlan, poolMax: number, periodicMs: number, options: LoadOptions): Promise<LoadResult> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolMax, application_name: 'bgtasks-bench-ceiling' });
  pool.on('error', () => {});
  let periodic: NodeJS.Timeout | undefined;
  const runPeriodic = (statements: Statement[]) => Promise.all(statements.map((s) => pool.query(s.text, s.values))).catch(() => {});
  try {
    if (plan.periodic.length) {
      await runPeriodic(plan.periodic);
      periodic = setInterval(() => void runPeriodic(plan.periodic), periodicMs);
    }
    if (options.warmup > 0) await loop(pool, plan, options.connections, options.warmup);
    const latencies: number[] = [];
    const started = performance.now();
    const { done, failures } = await loop(pool, plan, options.connections, options.duration, latencies);
    const seconds = (performance.now() - started) / 1000;
    const sorted = Float64Array.from(latencies).sort();
    return { rps: done / seconds, p50: percentile(sorted, 50), p99: percentile(sorted, 99), requests: done, failures };
  } finally {
    if (periodic) clearInterval(periodic);
    await pool.end();
  }
}

export interface StreamResult {
  status: number;
  firstByteMs: number;
  totalMs: number;
  bytes: number;
}

/**
 * One GET, body counted and discarded: time to first byte and to the end
 * (or only to the first byte, then the connection is closed).
 */
export function streamOnce(url: string, headers: Record<string, string>, firstByteOnly = false): Promise<StreamResult> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let firstByteMs = Number.NaN;
    let bytes = 0;
    const req = http.get(url, { headers }, (res) => {
      res.on('data', (chunk: Buffer) => {
        if (bytes === 0) firstByteMs = performance.now() - t0;
        bytes += chunk.length;
        if (firstByteOnly) {
          resolve({ status: res.statusCode ?? 0, firstByteMs, totalMs: Number.NaN, bytes: Number.NaN });
          req.destroy();
        }
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, firstByteMs, totalMs: performance.now() - t0, bytes }));
      res.on('error', reject);
    });
    req.on('error', (err) => {
      if (!firstByteOnly || Number.isNaN(firstByteMs)) reject(err);
    });
  });
}

/** The ceiling of a streamed list: the same cursor drained through pg once (or to its first batch). */
export async function streamCeiling(databaseUrl: string, plan: QueryPlan, firstBatchOnly = false): Promise<{ firstBatchMs: number; totalMs: number }> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'bgtasks-bench-ceiling' });
  await client.connect();
  try {
    const t0 = performance.now();
    let firstBatchMs = Number.NaN;
    for (const stage of plan.stages) {
      for (const unit of stage) {
        let fetched = false;
        for (const statement of unit.statements) {
          const fetch = FETCH.exec(statement.text);
          if (!fetch) {
            await client.query(statement.text, statement.values);
            continue;
          }
          if (fetched) continue;
          fetched = true;
          for (;;) {
            const { rowCount } = await client.query(statement.text, statement.values);
            if (Number.isNaN(firstBatchMs)) firstBatchMs = performance.now() - t0;
            if (firstBatchOnly) {
              await client.query('ROLLBACK');
              return { firstBatchMs, totalMs: Number.NaN };
            }
            if ((rowCount ?? 0) < Number(fetch[1])) break;
          }
        }
      }
    }
    return { firstBatchMs, totalMs: performance.now() - t0 };
  } finally {
    await client.end();
  }
}
