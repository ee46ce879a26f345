/**
 * GET /api/background-task/scheduled/ — schedules as stored, with the start
 * time (`last_run`) and outcome (`success`) of the task each last spawned;
 * InvenTree's ScheduledTaskList.
 */
import type { components } from '../../generated/openapi.js';
import type { OperationHandlers } from '../../generated/operations.js';
import type { RequestContext } from '../context.js';
import { extensionsEnabled } from '../config/extensions.js';
import { pausedScheduleIds } from './actions/sidecar.js';
import { listHandler } from './list.js';
import { timestampText } from './timestamps.js';

/** Stored codes are django-q's choices; the column itself is free text. */
type ScheduleType = components['schemas']['ScheduleTypeEnum'];

export const backgroundTaskScheduledList = listHandler({
  table: 'django_q_schedule',
  // `task` is django_q_task's primary key: a plain LEFT JOIN finds at most one row,
  // exactly what InvenTree's correlated subqueries return.
  from: (db) => db.selectFrom('django_q_schedule as s').leftJoin('django_q_task as t', 't.id', 's.task'),
  key: 's.id',
  select: (from, config) =>
    from.select(['s.id', 's.name', 's.func', 's.args', 's.kwargs', 's.schedule_type', 's.repeats', 't.success', 's.task'])
      .select([timestampText(config, 't.started').as('last_run'), timestampText(config, 's.next_run').as('next_run')]),
  ordering: {
    fields: { pk: 's.id', func: 's.func', last_run: 't.started', next_run: 's.next_run' },
    default: [{ field: 'next_run', descending: false }],
  },
  search: 's.func',
  render: async (context) => {
    const paused = await pausedSchedules(context);
    return (r) => ({
      pk: r.id,
      name: r.name,
      func: r.func,
      args: r.args,
      kwargs: r.kwargs,
      schedule_type: r.schedule_type as ScheduleType,
      repeats: r.repeats,
      last_run: r.last_run,
      next_run: r.next_run,
      success: r.success,
      task: r.task,
      ...(paused ? { paused: paused.has(r.id) } : {}),
    });
  },
}) satisfies OperationHandlers<RequestContext>['background_task_scheduled_list'];

/**
 * With the extensions on, each schedule also says whether it is paused
 * (tasks/actions/): the pause table's ids, read before the list (it holds
 * only the paused schedules); none when that table does not exist.
 */
async function pausedSchedules({ config, readDb }: RequestContext): Promise<Set<number> | undefined> {
  if (!extensionsEnabled(config)) return undefined;
  return pausedScheduleIds(readDb);
}
