/**
 * Finds "the exact SQL each endpoint issues": builds the real application
 * (same code as the server under test) over a pg pool whose clients record
 * every statement, injects the benchmark request twice — cold, then warm —
 * and turns the warm request's statements into a replayable plan:
 *
 *   stages   run one after another; the units of a stage run concurrently
 *            (the count and page queries of a paginated list)
 *   units    one statement, or a whole transaction on one client
 *            (BEGIN … DECLARE … FETCH … COMMIT of a streamed list)
 *   periodic statements the cold request issued and the warm one did not
 *            (the cached queue counts): replayed once per cache TTL
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../src/config/env.js';
import { buildApp } from '../src/app.js';
import type { Database } from '../src/db/schema.js';

export interface Statement {
  text: string;
  values: unknown[];
}

export interface Unit {
  statements: Statement[];
  transaction: boolean;
}

export interface QueryPlan {
  stages: Unit[][];
  periodic: Statement[];
  /** Every statement of the warm request, for the report. */
  statements: number;
  /** HTTP status of the warm request (must be 200). */
  status: number;
  bytes: number;
}

interface Recorded extends Statement {
  client: number;
  start: number;
  end: number;
}

function recordingPool(url: string, poolMax: number, sink: { on: boolean; log: Recorded[] }): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: poolMax });
  let clients = 0;
  pool.on('connect', (client) => {
    const id = ++clients;
    const original = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const [config, values] = args;
      const text = typeof config === 'string' ? config : (config as { text?: string }).text;
      const result = original(...args);
      if (sink.on && typeof text === 'string' && result instanceof Promise) {
        const entry: Recorded = { text, values: Array.isArray(values) ? [...values] : [], client: id, start: performance.now(), end: Number.POSITIVE_INFINITY };
        sink.log.push(entry);
        result.then(
          () => (entry.end = performance.now()),
          () => (entry.end = performance.now()),
        );
      }
      return result;
    };
  });
  return pool;
}

const BEGIN = /^\s*(begin|start transaction)/i;
const END = /^\s*(commit|rollback)/i;

/** Groups recorded statements into transaction units and concurrent stages. */
export function planOf(log: Recorded[]): Unit[][] {
  const units: Array<Unit & { start: number; end: number }> = [];
  const open = new Map<number, Unit & { start: number; end: number }>();
  for (const entry of [...log].sort((a, b) => a.start - b.start)) {
    const statement = { text: entry.text, values: entry.values };
    const current = open.get(entry.client);
    if (current) {
      current.statements.push(statement);
      current.end = entry.end;
      if (END.test(entry.text)) open.delete(entry.client);
      continue;
    }
    const unit = { statements: [statement], transaction: BEGIN.test(entry.text), start: entry.start, end: entry.end };
    units.push(unit);
    if (unit.transaction) open.set(entry.client, unit);
  }
  const stages: Array<Array<Unit & { start: number; end: number }>> = [];
  for (const unit of units) {
    const stage = stages[stages.length - 1];
    if (stage && unit.start < Math.min(...stage.map((u) => u.end))) stage.push(unit);
    else stages.push([unit]);
  }
  return stages.map((stage) => stage.map(({ statements, transaction }) => ({ statements, transaction })));
}

export interface CaptureRequest {
  url: string;
  headers: Record<string, string>;
  /** The cold request (default `url`): something cheaper that warms the same caches. */
  prime?: string;
}

/** One request through app.inject, the body streamed and only counted. */
async function inject(app: Awaited<ReturnType<typeof buildApp>>, url: string, headers: Record<string, string>): Promise<{ status: number; bytes: number }> {
  const res = await app.inject({ method: 'GET', url, headers, payloadAsStream: true });
  let bytes = 0;
  for await (const chunk of res.stream() as AsyncIterable<Buffer>) bytes += chunk.length;
  return { status: res.statusCode, bytes };
}

/**
 * The SQL plan of each request, from an app configured as the server is
 * (same environment).
 */
export async function captureSql(env: Record<string, string>, requests: CaptureRequest[]): Promise<QueryPlan[]> {
  const config = loadConfig(env);
  const sink = { on: false, log: [] as Recorded[] };
  const pool = recordingPool(config.databaseUrl!, config.dbPoolMax, sink);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const app = await buildApp({ config, db, logger: false, databaseKind: 'postgres' });
  const plans: QueryPlan[] = [];
  try {
    for (const request of requests) {
      // A fresh app state per request would re-read the schema; instead,
      // expire the caches the plan should see cold.
      app.services.counts.invalidate();
      sink.log = [];
      sink.on = true;
      await inject(app, request.prime ?? request.url, request.headers);
      const cold = sink.log;
      sink.log = [];
      const warm = await inject(app, request.url, request.headers);
      const warmLog = sink.log;
      sink.on = false;
      const warmTexts = new Set(warmLog.map((s) => s.text));
      const periodic = cold
        .filter((s) => !warmTexts.has(s.text) && /^\s*(select|with)\b/i.test(s.text) && /django_q_/.test(s.text))
        .map(({ text, values }) => ({ text, values }));
      plans.push({
        stages: planOf(warmLog),
        periodic,
        statements: warmLog.length,
        status: warm.status,
        bytes: warm.bytes,
      });
    }
  } finally {
    await app.close();
    await db.destroy();
  }
  return plans;
}
