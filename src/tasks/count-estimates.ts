/**
 * Row counts that stay cheap on large tables. `COUNT(*)` reads every
 * matching row, per request, per polling dashboard (what that costs at 1M
 * rows: docs/performance.md, "Counts"). So:
 *
 * - A table the planner believes holds fewer than EXACT_COUNT_LIMIT rows is
 *   counted exactly, as InvenTree does (every ordinary installation).
 * - On a larger table a count is the planner's estimate (EXPLAIN) — unless
 *   the true count is below EXACT_COUNT_CAP: then it is exact, from a COUNT
 *   that never reads more than EXACT_COUNT_CAP rows.
 *
 * The table sizes come from the planner too (what EXPLAIN assumes for a
 * plain scan: pg_class statistics scaled to the table's current size), asked
 * at most every TABLE_SIZE_TTL_MS per table and database handle.
 */
import { type Compilable, type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../db/schema.js';

/** Tables the planner believes smaller than this are always counted exactly (see docs/performance.md). */
export const EXACT_COUNT_LIMIT = 100_000;
/** On larger tables, a count below this is exact (a COUNT capped at this many rows); above, an estimate. */
export const EXACT_COUNT_CAP = 10_000;
export const TABLE_SIZE_TTL_MS = 30_000;

type PlanJson = Array<{ Plan: { 'Plan Rows': number } }>;

/**
 * The planner's row estimate for everything `query` returns (EXPLAIN, nothing
 * executed). Give it a plain SELECT: above a parallel Gather Merge (a sorted
 * query) PostgreSQL reports the workers' rows only.
 */
export async function plannerRows(db: Kysely<Database>, query: Compilable<unknown> | RawBuilder<unknown>): Promise<number> {
  const { rows } = await sql<{ 'QUERY PLAN': PlanJson | string }>`EXPLAIN (FORMAT JSON) ${query}`.execute(db);
  const raw = rows[0]?.['QUERY PLAN'];
  const plan = typeof raw === 'string' ? (JSON.parse(raw) as PlanJson) : raw;
  return Math.max(0, Math.round(plan?.[0]?.Plan['Plan Rows'] ?? 0));
}

/**
 * plannerRows, remembered for ESTIMATE_TTL_MS per statement and database
 * handle: a polled page would otherwise EXPLAIN the same query every time,
 * while the planner's own numbers change only with ANALYZE (and growth).
 */
export const ESTIMATE_TTL_MS = 10_000;
const estimates = new WeakMap<Kysely<Database>, Map<string, { rows: number; expires: number }>>();

export async function cachedPlannerRows(db: Kysely<Database>, query: Compilable<unknown> | RawBuilder<unknown>): Promise<number> {
  const compiled = 'isRawBuilder' in query ? query.compile(db) : query.compile();
  const key = `${compiled.sql}\u0000${JSON.stringify(compiled.parameters, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}`;
  let perDb = estimates.get(db);
  if (!perDb) estimates.set(db, (perDb = new Map()));
  const now = Date.now();
  const known = perDb.get(key);
  if (known && known.expires > now) return known.rows;
  const rows = await plannerRows(db, query);
  if (perDb.size >= 1000) perDb.clear(); // bounded: distinct searches are few, and this is only a memo
  perDb.set(key, { rows, expires: now + ESTIMATE_TTL_MS });
  return rows;
}

interface SizeEntry {
  rows: number;
  expires: number;
}

const tableSizes = new WeakMap<Kysely<Database>, Map<string, SizeEntry | Promise<number>>>();

/** How many rows the planner assumes `table` holds (cached; concurrent callers share one EXPLAIN). */
export async function plannerTableRows(db: Kysely<Database>, table: keyof Database & string, now = Date.now()): Promise<number> {
  let perDb = tableSizes.get(db);
  if (!perDb) tableSizes.set(db, (perDb = new Map()));
  const known = perDb.get(table);
  if (known instanceof Promise) return known;
  if (known && known.expires > now) return known.rows;
  const asking = plannerRows(db, sql`SELECT 1 FROM ${sql.table(table)}`).then(
    (rows) => {
      perDb.set(table, { rows, expires: Date.now() + TABLE_SIZE_TTL_MS });
      return rows;
    },
    (err: unknown) => {
      perDb.delete(table);
      throw err;
    },
  );
  perDb.set(table, asking);
  return asking;
}

/** Whether counts over `table` may be estimates. */
export async function isLargeTable(db: Kysely<Database>, table: keyof Database & string, limit = EXACT_COUNT_LIMIT): Promise<boolean> {
  return (await plannerTableRows(db, table)) >= limit;
}

/**
 * The count of what `rows` returns on a large table: the planner's estimate
 * when it is `cap` or more; otherwise `cappedExact(cap)`, a COUNT that reads
 * at most `cap` rows — exact when below `cap`, and when the planner was
 * wrong (a search it cannot estimate) a floor, never a scan of the table.
 */
export async function estimatedCount(
  db: Kysely<Database>,
  rows: Compilable<unknown> | RawBuilder<unknown>,
  cappedExact: (cap: number) => Promise<number>,
  cap = EXACT_COUNT_CAP,
): Promise<{ count: number; estimated: boolean }> {
  const estimate = await cachedPlannerRows(db, rows);
  if (estimate >= cap) return { count: estimate, estimated: true };
  const counted = await cappedExact(cap);
  if (counted < cap) return { count: counted, estimated: false };
  return { count: Math.max(estimate, counted), estimated: true };
}

/**
 * An estimated count made consistent with the page actually read: a short
 * page ends the list, so its end is the exact count; a full page proves at
 * least that many rows; an empty page past the end bounds the count.
 */
export function reconcileCount(estimate: number, offset: number, limit: number, pageRows: number): number {
  if (pageRows < limit && (pageRows > 0 || offset === 0)) return offset + pageRows;
  if (pageRows === 0) return Math.min(estimate, offset);
  return Math.max(estimate, offset + pageRows);
}
