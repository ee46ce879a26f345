/**
 * The two queue figures /metrics needs beyond the shared counts: how long
 * the oldest waiting task has waited and when a task last succeeded. One
 * round trip with the database's clock, cached for COUNTS_TTL_SECONDS like
 * the counts, concurrent callers sharing the query in flight.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';

export interface QueueStats {
  /**
   * Seconds since the `lock` of the oldest waiting pending row (lock not in
   * the future). django-q2 writes the enqueue time there, django-q 1.3.9 the
   * enqueue time minus `retry`. 0 when nothing waits.
   */
  oldestPendingAgeSeconds: number;
  /** `stopped` of the latest successful task, as Unix seconds; undefined when none. */
  lastSuccessSeconds: number | undefined;
}

export async function queryQueueStats(db: Kysely<Database>): Promise<QueueStats> {
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

export class QueueStatsCache {
  private value: QueueStats | undefined;
  private expires = 0;
  private inflight: Promise<QueueStats> | undefined;
  /** How many times the database was asked. */
  queries = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly ttlMs: number,
  ) {}

  async get(): Promise<QueueStats> {
    if (this.value && Date.now() < this.expires) return this.value;
    if (!this.inflight) {
      this.queries++;
      this.inflight = queryQueueStats(this.db)
        .then((stats) => {
          this.value = stats;
          this.expires = Date.now() + this.ttlMs;
          return stats;
        })
        .finally(() => {
          this.inflight = undefined;
        });
    }
    return this.inflight;
  }
}
