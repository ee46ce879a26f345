/**
 * GET /api/background-task/stats/?window=24h|7d — finished tasks per time
 * bucket, succeeded and failed, and the failure rate (extension;
 * docs/analytics.md).
 *
 * One statement: the buckets are UTC-aligned multiples of the bucket length
 * ending with the one that holds the database's now(); rows are counted by
 * `stopped`. Successes and failures are read by two branches of a UNION ALL,
 * one with `success` and one with `NOT success`, so that each can use its
 * partial index (bgtasks_task_success_stopped, bgtasks_task_failed_stopped:
 * an index-only range scan); one range over both would match neither
 * index's predicate. A bucket is computed from the epoch in float8, which
 * holds microseconds exactly enough for the boundary itself (an integer
 * number of seconds) to land in the bucket it starts.
 */
import { sql } from 'kysely';
import type { OperationHandlers } from '../../../generated/operations.js';
import type { RequestContext } from '../../context.js';
import { validationError } from '../../http/errors.js';
import { lastValue } from '../../http/python-query.js';
import { timestampText } from '../timestamps.js';

type Handlers = OperationHandlers<RequestContext>;

/** Each window: bucket length (seconds) and how many buckets. */
export const WINDOWS = {
  '24h': { step: 3600, buckets: 24 },
  '7d': { step: 6 * 3600, buckets: 28 },
} as const;
type WindowName = keyof typeof WINDOWS;

const rate = (succeeded: number, failed: number) => (succeeded + failed === 0 ? null : failed / (succeeded + failed));

export const backgroundTaskStatsRetrieve: Handlers['background_task_stats_retrieve'] = async ({ query, context }) => {
  const raw = lastValue(query.window) ?? '';
  // An empty value is no value (django-filter's rule); anything else must be a choice.
  const name: WindowName = raw === '' ? '24h' : (raw as WindowName);
  if (!Object.hasOwn(WINDOWS, name)) throw validationError('window', `Select a valid choice. ${raw} is not one of the available choices.`);
  const { step, buckets } = WINDOWS[name];
  const span = step * buckets;
  const ts = (column: string) => timestampText(context.config, column);

  const { rows } = await sql<{ start: string | null; end: string | null; succeeded: number; failed: number }>`
    WITH bounds AS (
      SELECT to_timestamp((floor(extract(epoch FROM now())::float8 / ${step}::float8) + 1) * ${step}::float8) AS hi
    ), finished AS (
      SELECT t.stopped, true AS ok FROM django_q_task t, bounds
        WHERE t.success AND t.stopped >= bounds.hi - make_interval(secs => ${span}::float8) AND t.stopped < bounds.hi
      UNION ALL
      SELECT t.stopped, false AS ok FROM django_q_task t, bounds
        WHERE NOT t.success AND t.stopped >= bounds.hi - make_interval(secs => ${span}::float8) AND t.stopped < bounds.hi
    ), counted AS (
      SELECT to_timestamp(floor(extract(epoch FROM f.stopped)::float8 / ${step}::float8) * ${step}::float8) AS start,
        count(*) FILTER (WHERE f.ok)::int AS succeeded,
        count(*) FILTER (WHERE NOT f.ok)::int AS failed
      FROM finished f GROUP BY 1
    ), b AS (
      SELECT bounds.hi - make_interval(secs => ${step}::float8 * n) AS start, bounds.hi AS hi
      FROM bounds, generate_series(${buckets}::int, 1, -1) AS n
    )
    SELECT ${ts('b.start')} AS start, ${ts('b.hi')} AS "end",
      coalesce(c.succeeded, 0) AS succeeded, coalesce(c.failed, 0) AS failed
    FROM b LEFT JOIN counted c ON c.start = b.start
    ORDER BY b.start`.execute(context.readDb);

  const succeeded = rows.reduce((n, r) => n + r.succeeded, 0);
  const failed = rows.reduce((n, r) => n + r.failed, 0);
  return {
    status: 200,
    body: {
      window: name,
      bucket_seconds: step,
      start: rows[0]?.start ?? '',
      end: rows[0]?.end ?? '',
      succeeded,
      failed,
      failure_rate: rate(succeeded, failed),
      buckets: rows.map((r) => ({ start: r.start ?? '', succeeded: r.succeeded, failed: r.failed, failure_rate: rate(r.succeeded, r.failed) })),
    },
  };
};
