/**
 * The two queue ages /metrics needs beyond the shared counts: how long the
 * oldest waiting task has waited and when a task last succeeded. One round
 * trip with the database's clock, cached for COUNTS_TTL_SECONDS like the
 * counts (db/cached-query.ts).
 */
import { type Kysely, sql } from 'kysely';
import { CachedQuery } from '../db/cached-query.js';
import type { Database } from '../db/schema.js';

export interface QueueAges {
  /**
   * Seconds since the `lock` of the oldest waiting pending row (lock not in
   * the future). django-q2 writes the enqueue time there, django-q 1.3.9 the
   * enqueue time minus `retry`. 0 when nothing waits.
   */
  oldestPendingAgeSeconds: number;
  /** `stopped` of the latest successful task, as Unix seconds; undefined when none. */
  lastSuccessSeconds: number | undefined;
}

export async function queryQueueAges(db: Kysely<Database>): Promise<QueueAges> {
  const { rows } = await sql<{ oldest_age: string | number | null; last_success: string | number | null }>`
    SELECT
      (SELECT extract(epoch FROM now() - min(lock)) FROM django_q_ormq WHERE lock <= now()) AS oldest_age,
      (SELECT extract(epoch FROM max(stopped)) FROM django_q_task WHERE success) AS last_success
  `.execute(db);
  const row = rows[0];
  const age = row?.oldest_age == null ? 0 : Number(row.oldest_age);
  return {
    oldestPendingAgeSeconds: Math.max(0, age),
    lastSuccessSeconds: row?.last_success == null ? undefined : Number(row.last_success),
  };
}

/** Cached for `ttlMs`, concurrent callers sharing the query in flight. */
export function queueAgesCache(db: Kysely<Database>, ttlMs: number): CachedQuery<QueueAges> {
  return new CachedQuery(() => queryQueueAges(db), { ttlMs });
}
