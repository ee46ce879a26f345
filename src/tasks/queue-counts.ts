/**
 * The queue's counts (the overview and /metrics): computed in one round trip
 * with the database's clock, and cached for COUNTS_TTL_SECONDS, refreshed
 * ahead of expiry (db/cached-query.ts).
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { CachedQuery } from '../db/cached-query.js';
import type { Database } from '../db/schema.js';
import { djangoQFlavor, isHeld } from './broker-lock.js';
import { estimatedCount, isLargeTable } from './count-estimates.js';

export interface QueueCounts {
  /** A task succeeded with `started` in the last 10 minutes (InvenTree's is_worker_running fallback). */
  isRunning: boolean;
  pending: number;
  /** Pending rows the broker holds (claimed by a worker, or waiting out a retry): its `lock_size` (broker-lock.ts). */
  pendingLocked: number;
  scheduled: number;
  failed: number;
}

/**
 * is_running and the counts. A large table's counts (count-estimates.ts) are
 * planner estimates unless small; everything else is asked exactly, in one
 * statement. One statement at a time, so a refresh never takes more than one
 * pooled connection from the requests.
 */
export async function queryQueueCounts(db: Kysely<Database>, retrySeconds = 60): Promise<QueueCounts> {
  const [largeTasks, largeQueue, { flavor }] = await Promise.all([isLargeTable(db, 'django_q_task'), isLargeTable(db, 'django_q_ormq'), djangoQFlavor(db)]);
  const held = isHeld(flavor, retrySeconds, sql.ref('lock'));
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
      ${exactOrNull(largeQueue, sql`(SELECT count(*) FROM django_q_ormq WHERE ${held})`)} AS pending_locked,
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
    pendingLocked: row.pending_locked === null ? await estimate(sql`django_q_ormq WHERE ${held}`) : Number(row.pending_locked),
    scheduled: Number(row.scheduled),
    failed: row.failed === null ? await estimate(sql`django_q_task WHERE NOT success`) : Number(row.failed),
  };
}

export type QueueCountsCache = CachedQuery<QueueCounts>;

/** The process's counts cache; `retrySeconds` is Q_RETRY_SECONDS; `now` replaces the clock in tests. */
export function queueCountsCache(db: Kysely<Database>, ttlMs: number, options: { retrySeconds?: number; now?: () => number } = {}): QueueCountsCache {
  const { retrySeconds, now } = options;
  return new CachedQuery(() => queryQueueCounts(db, retrySeconds), { ttlMs, refreshAhead: true, ...(now ? { now } : {}) });
}
