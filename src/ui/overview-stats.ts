/**
 * The dashboard's overview figures: the shared queue counts (the overview
 * endpoint's and /metrics' cache) plus what only the dashboard shows — the
 * oldest waiting task's age, the last success, and how many tasks finished
 * in the last hour. Everything is computed with the database clock and at
 * most once per COUNTS_TTL_SECONDS however many browsers ask, concurrent
 * callers sharing the query in flight.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import type { CachedQuery } from '../db/cached-query.js';
import { type QueueAges, queueAgesCache } from '../ops/queue-ages.js';
import type { QueueCountsCache } from '../tasks/queue-counts.js';

/** Counts of tasks finished in the last hour are exact up to this, then "at least". */
export const FINISHED_COUNT_CAP = 10_000;
/**
 * The last hour's figure is refreshed at most this often (or every
 * COUNTS_TTL_SECONDS if longer): on a large table without the optional
 * indexes it is a scan, and an hourly figure needs no two-second freshness.
 */
export const FINISHED_MIN_TTL_MS = 15_000;

export interface OverviewSnapshot {
  is_running: boolean;
  /** Why is_running is what it is (InvenTree's rule and the last success). */
  running_reason: string;
  /** `stopped` of the latest success, RFC 3339 UTC; null when none. */
  last_success: string | null;
  pending_tasks: number;
  pending_waiting: number;
  pending_locked: number;
  scheduled_tasks: number;
  failed_tasks: number;
  /** Seconds the oldest waiting pending task has waited (0 when none waits). */
  oldest_pending_age_seconds: number;
  finished_last_hour: { succeeded: number; failed: number; capped: boolean };
}

interface Finished {
  succeeded: number;
  failed: number;
  capped: boolean;
}

async function queryFinished(db: Kysely<Database>): Promise<Finished> {
  // Each count reads at most FINISHED_COUNT_CAP + 1 rows (bounded on a large table).
  const cap = FINISHED_COUNT_CAP + 1;
  const { rows } = await sql<{ ok: string; ko: string }>`
    SELECT
      (SELECT count(*) FROM (SELECT 1 FROM django_q_task WHERE success AND stopped >= now() - interval '1 hour' LIMIT ${cap}) s) AS ok,
      (SELECT count(*) FROM (SELECT 1 FROM django_q_task WHERE NOT success AND stopped >= now() - interval '1 hour' LIMIT ${cap}) f) AS ko
  `.execute(db);
  const ok = Number(rows[0]?.ok ?? 0);
  const ko = Number(rows[0]?.ko ?? 0);
  return { succeeded: Math.min(ok, FINISHED_COUNT_CAP), failed: Math.min(ko, FINISHED_COUNT_CAP), capped: ok > FINISHED_COUNT_CAP || ko > FINISHED_COUNT_CAP };
}

function reason(isRunning: boolean, lastSuccess: number | undefined): string {
  const rule = 'InvenTree counts the worker as running when a task that succeeded started in the last 10 minutes';
  if (lastSuccess === undefined) return `${rule}; no task has succeeded yet.`;
  return isRunning ? `${rule}, and one did.` : `${rule}; none did.`;
}

export class OverviewStats {
  private readonly stats: CachedQuery<QueueAges>;
  private finished: { value: Finished; expires: number } | undefined;
  private finishedInflight: Promise<Finished> | undefined;
  /** How many times the finished-tasks query ran (tests). */
  finishedQueries = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly counts: QueueCountsCache,
    private readonly ttlMs: number,
  ) {
    this.stats = queueAgesCache(db, ttlMs);
  }

  private finishedCounts(): Promise<Finished> {
    const now = Date.now();
    if (this.finished && now < this.finished.expires) return Promise.resolve(this.finished.value);
    this.finishedInflight ??= (async () => {
      this.finishedQueries++;
      try {
        const value = await queryFinished(this.db);
        this.finished = { value, expires: Date.now() + Math.max(this.ttlMs, FINISHED_MIN_TTL_MS) };
        return value;
      } finally {
        this.finishedInflight = undefined;
      }
    })();
    return this.finishedInflight;
  }

  async snapshot(): Promise<OverviewSnapshot> {
    const [counts, stats, finished] = await Promise.all([this.counts.get(), this.stats.get(), this.finishedCounts()]);
    return {
      is_running: counts.isRunning,
      running_reason: reason(counts.isRunning, stats.lastSuccessSeconds),
      last_success: stats.lastSuccessSeconds === undefined ? null : new Date(stats.lastSuccessSeconds * 1000).toISOString(),
      pending_tasks: counts.pending,
      pending_waiting: Math.max(0, counts.pending - counts.pendingLocked),
      pending_locked: counts.pendingLocked,
      scheduled_tasks: counts.scheduled,
      failed_tasks: counts.failed,
      oldest_pending_age_seconds: Math.round(stats.oldestPendingAgeSeconds),
      finished_last_hour: finished,
    };
  }
}
