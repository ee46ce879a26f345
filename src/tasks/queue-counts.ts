/**
 * The queue's counts, computed in one round trip with the database's clock,
 * and cached for COUNTS_TTL_SECONDS so dashboards and Prometheus polling every
 * few seconds cost at most one set of counts per TTL. Concurrent callers
 * during a refresh share the one query in flight.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { estimatedCount, isLargeTable } from './counting.js';

export interface QueueCounts {
  /** A task succeeded with `started` in the last 10 minutes (InvenTree's is_worker_running fallback). */
  isRunning: boolean;
  pending: number;
  /** Pending rows whose lock lies in the future (claimed by a worker or waiting for a retry). */
  pendingLocked: number;
  scheduled: number;
  failed: number;
}

export async function queryQueueCounts(db: Kysely<Database>): Promise<QueueCounts> {
  const [largeTasks, largeQueue] = await Promise.all([isLargeTable(db, 'django_q_task'), isLargeTable(db, 'django_q_ormq')]);
  if (largeTasks || largeQueue) return queryLargeQueueCounts(db, largeTasks, largeQueue);
  const { rows } = await sql<{
    is_running: boolean;
    pending: string;
    pending_locked: string;
    scheduled: string;
    failed: string;
  }>`
    SELECT
      EXISTS (SELECT 1 FROM django_q_task WHERE success AND started >= now() - interval '10 minutes') AS is_running,
      (SELECT count(*) FROM django_q_ormq) AS pending,
      (SELECT count(*) FROM django_q_ormq WHERE lock > now()) AS pending_locked,
      (SELECT count(*) FROM django_q_schedule) AS scheduled,
      (SELECT count(*) FROM django_q_task WHERE NOT success) AS failed
  `.execute(db);
  const row = rows[0]!;
  return {
    isRunning: row.is_running,
    pending: Number(row.pending),
    pendingLocked: Number(row.pending_locked),
    scheduled: Number(row.scheduled),
    failed: Number(row.failed),
  };
}

/**
 * The same counts when a table is large (counting.ts): its counts are
 * planner estimates unless small; is_running and the small tables' counts
 * are asked exactly, in one statement. One statement at a time, so a
 * refresh never takes more than one pooled connection from the requests.
 */
async function queryLargeQueueCounts(db: Kysely<Database>, largeTasks: boolean, largeQueue: boolean): Promise<QueueCounts> {
  const exactOrNull = (large: boolean, count: RawBuilder<unknown>) => (large ? sql`NULL::bigint` : count);
  const { rows } = await sql<{
    is_running: boolean;
    pending: string | null;
    pending_locked: string | null;
    scheduled: string;
    failed: string | null;
  }>`
    SELECT
      EXISTS (SELECT 1 FROM django_q_task WHERE success AND started >= now() - interval '10 minutes') AS is_running,
      ${exactOrNull(largeQueue, sql`(SELECT count(*) FROM django_q_ormq)`)} AS pending,
      ${exactOrNull(largeQueue, sql`(SELECT count(*) FROM django_q_ormq WHERE lock > now())`)} AS pending_locked,
      (SELECT count(*) FROM django_q_schedule) AS scheduled,
      ${exactOrNull(largeTasks, sql`(SELECT count(*) FROM django_q_task WHERE NOT success)`)} AS failed
  `.execute(db);
  const row = rows[0]!;
  const estimate = async (from: RawBuilder<unknown>): Promise<number> => {
    const capped = async (cap: number) =>
      Number((await sql<{ n: string }>`SELECT count(*) AS n FROM (SELECT 1 FROM ${from} LIMIT ${cap}) AS capped`.execute(db)).rows[0]?.n ?? 0);
    return (await estimatedCount(db, sql`SELECT 1 FROM ${from}`, capped)).count;
  };
  return {
    isRunning: row.is_running,
    pending: row.pending === null ? await estimate(sql`django_q_ormq`) : Number(row.pending),
    pendingLocked: row.pending_locked === null ? await estimate(sql`django_q_ormq WHERE lock > now()`) : Number(row.pending_locked),
    scheduled: Number(row.scheduled),
    failed: row.failed === null ? await estimate(sql`django_q_task WHERE NOT success`) : Number(row.failed),
  };
}

export class QueueCountsCache {
  private value: QueueCounts | undefined;
  private expires = 0;
  private inflight: Promise<QueueCounts> | undefined;
  private generation = 0;
  /** How many times the database was asked (observable in tests and metrics). */
  queries = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly ttlMs: number,
  ) {}

  async get(): Promise<QueueCounts> {
    const now = Date.now();
    if (this.value && now < this.expires) {
      // Refresh ahead: in the second half of the TTL, one caller starts the
      // next query and everyone keeps getting the (still valid) value, so
      // pollers never wait for a count — on large tables, a slow one.
      if (!this.inflight && now >= this.expires - this.ttlMs / 2) this.refresh().catch(() => {});
      return this.value;
    }
    return this.refresh();
  }

  private refresh(): Promise<QueueCounts> {
    if (!this.inflight) {
      this.queries++;
      // A query that started before invalidate() must not store its (older) counts.
      const generation = this.generation;
      const inflight: Promise<QueueCounts> = queryQueueCounts(this.db)
        .then((counts) => {
          if (generation === this.generation) {
            this.value = counts;
            this.expires = Date.now() + this.ttlMs;
          }
          return counts;
        })
        .finally(() => {
          if (this.inflight === inflight) this.inflight = undefined;
        });
      this.inflight = inflight;
    }
    return this.inflight;
  }

  /** Forget the cached value (after a DELETE changed the counts). */
  invalidate(): void {
    this.value = undefined;
    this.expires = 0;
    this.generation++;
    this.inflight = undefined;
  }
}
