/**
 * The queue's counts, computed in one round trip with the database's clock,
 * and cached for COUNTS_TTL_SECONDS so dashboards and Prometheus polling every
 * few seconds cost at most one set of counts per TTL. Concurrent callers
 * during a refresh share the one query in flight.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';

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

export class QueueCountsCache {
  private value: QueueCounts | undefined;
  private expires = 0;
  private inflight: Promise<QueueCounts> | undefined;
  /** How many times the database was asked (observable in tests and metrics). */
  queries = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly ttlMs: number,
  ) {}

  async get(): Promise<QueueCounts> {
    if (this.value && Date.now() < this.expires) return this.value;
    if (!this.inflight) {
      this.queries++;
      this.inflight = queryQueueCounts(this.db)
        .then((counts) => {
          this.value = counts;
          this.expires = Date.now() + this.ttlMs;
          return counts;
        })
        .finally(() => {
          this.inflight = undefined;
        });
    }
    return this.inflight;
  }

  /** Forget the cached value (after a DELETE changed the counts). */
  invalidate(): void {
    this.value = undefined;
    this.expires = 0;
  }
}
