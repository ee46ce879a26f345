/**
 * GET /api/background-task/scheduled/{id}/ — one schedule with what
 * django-q's scheduler makes of it (extension).
 */
import { sql } from 'kysely';
import type { components } from '../../../generated/openapi.js';
import type { OperationHandlers } from '../../../generated/operations.js';
import type { RequestContext } from '../../context.js';
import { isScheduleType, nextOccurrences, SCHEDULE_TYPE_NAMES, ScheduleError } from '../../djangoq/schedule.js';
import { pausedScheduleIds } from '../actions/sidecar.js';
import { timestampText } from '../timestamps.js';
import { optionalColumns, schedulerColumns } from './columns.js';
import { notFoundDetail, rowId } from './ids.js';
import { formatInstant } from './instants.js';

type Handlers = OperationHandlers<RequestContext>;
type ScheduleType = components['schemas']['ScheduleTypeEnum'];


/**
 * How many more tasks the scheduler will start. It skips `repeats = 0`;
 * after a run it decrements `repeats` of a recurring schedule (negative
 * stays negative: forever), while a Once schedule runs once more whatever
 * its repeats (it is then deleted, or left with repeats 0).
 */
export function repeatsLeft(type: string, repeats: number): number | null {
  if (repeats === 0) return 0;
  if (type === 'O') return 1;
  return repeats < 0 ? null : repeats;
}

const RUNS = 20;

export const backgroundTaskScheduledRetrieve: Handlers['background_task_scheduled_retrieve'] = async ({ params, context }) => {
  const { config, readDb } = context;
  const hasIntended = (await optionalColumns(readDb)).has('django_q_schedule.intended_date_kwarg');
  const row = await readDb
    .selectFrom('django_q_schedule as s')
    .leftJoin('django_q_task as t', 't.id', 's.task')
    .select(schedulerColumns(hasIntended))
    .select([
      timestampText(config, 's.next_run').as('next_run'),
      // The database clock is "now" for the scheduler arithmetic.
      sql<string>`(extract(epoch FROM now()) * 1000000)::bigint::text`.as('now_us'),
      's.task',
      timestampText(config, 't.started').as('last_run'),
      't.success',
      // The group django-q's scheduler gives the tasks it spawns: `s.name or s.id`.
      sql<string>`coalesce(nullif(s.name, ''), s.id::text)`.as('spawn_group'),
    ])
    .where('s.id', '=', sql<number>`${rowId(params.id)}::bigint`)
    .executeTakeFirst();
  if (!row) throw notFoundDetail();
  const paused = (await pausedScheduleIds(readDb, row.id)).has(row.id);
  const runs = await readDb
    .selectFrom('django_q_task as t')
    .select([
      't.id',
      't.name',
      timestampText(config, 't.started').as('started'),
      timestampText(config, 't.stopped').as('stopped'),
      't.success',
      't.attempt_count',
    ])
    .where('t.group', '=', row.spawn_group)
    .where('t.func', '=', row.func)
    .orderBy('t.started', 'desc')
    .orderBy('t.id')
    .limit(RUNS)
    .execute();
  let nextRuns: string[] = [];
  let nextRunsError: string | null = null;
  try {
    const timing = { schedule_type: row.schedule_type, minutes: row.minutes, cron: row.cron, repeats: row.repeats, next_run: row.next_run_us === null ? null : Number(row.next_run_us) };
    nextRuns = nextOccurrences(timing, 5, Number(row.now_us), { timeZone: config.timeZone }).map((us) => formatInstant(config, BigInt(us)));
  } catch (e) {
    if (!(e instanceof ScheduleError)) throw e;
    nextRunsError = e.message;
  }
  return {
    status: 200,
    body: {
      pk: row.id,
      paused,
      name: row.name,
      func: row.func,
      hook: row.hook,
      args: row.args,
      kwargs: row.kwargs,
      schedule_type: row.schedule_type as ScheduleType,
      schedule_type_display: isScheduleType(row.schedule_type) ? SCHEDULE_TYPE_NAMES[row.schedule_type] : row.schedule_type,
      minutes: row.minutes,
      cron: row.cron,
      repeats: row.repeats,
      repeats_left: repeatsLeft(row.schedule_type, row.repeats),
      next_run: row.next_run,
      next_runs: nextRuns,
      next_runs_error: nextRunsError,
      cluster: row.cluster,
      intended_date_kwarg: row.intended_date_kwarg,
      task: row.task,
      last_run: row.last_run,
      success: row.success,
      runs: runs.map((r) => ({
        pk: r.id,
        name: r.name,
        started: r.started ?? '',
        stopped: r.stopped ?? '',
        success: r.success,
        attempt_count: r.attempt_count,
      })),
    },
  };
};
