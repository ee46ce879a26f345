/**
 * GET /api/background-task/scheduled/ — schedules as stored, with the start
 * time (`last_run`) and outcome (`success`) of the task each last spawned.
 */
import type { components } from '../../generated/openapi.js';
import type { OperationHandlers } from '../../generated/operations.js';
import type { RequestContext } from '../http/context.js';
import { listResponse } from './list-response.js';
import { orderBy } from './ordering.js';
import { searchConditions } from './search.js';
import { timestampText } from './timestamps.js';

type Handlers = OperationHandlers<RequestContext>;
/** Stored codes are django-q's choices; the column itself is free text. */
type ScheduleType = components['schemas']['ScheduleTypeEnum'];

const ORDERING = {
  fields: { pk: 's.id', func: 's.func', last_run: 't.started', next_run: 's.next_run' },
  fallback: [{ field: 'next_run', descending: false }],
  id: 's.id',
};

export const backgroundTaskScheduledList: Handlers['background_task_scheduled_list'] = async ({ query, context }) => {
  const conditions = await searchConditions('s.func', query, context);
  // `task` is django_q_task's primary key: a plain LEFT JOIN finds at most one row,
  // exactly what InvenTree's correlated subqueries return.
  const base = context.readDb
    .selectFrom('django_q_schedule as s')
    .leftJoin('django_q_task as t', 't.id', 's.task')
    .$call((qb) => (conditions.length ? qb.where((eb) => eb.and(conditions)) : qb));
  const columns = [
    's.id',
    's.name',
    's.func',
    's.args',
    's.kwargs',
    's.schedule_type',
    's.repeats',
    timestampText(context.config, 't.started').as('last_run'),
    timestampText(context.config, 's.next_run').as('next_run'),
    't.success',
    's.task',
  ] as const;
  const order = orderBy(ORDERING, query.ordering);
  const rows = base.select(columns).orderBy(order);
  // As in the failed list: sort and cut the keys, then format only the page.
  const page = (limit: number, offset: number) =>
    context.readDb
      .selectFrom('django_q_schedule as s')
      .innerJoin(base.select('s.id as page_id').orderBy(order).limit(limit).offset(offset).as('p'), 'p.page_id', 's.id')
      .leftJoin('django_q_task as t', 't.id', 's.task')
      .select(columns)
      .orderBy(order);
  const count = context.readDb
    .selectFrom('django_q_schedule as s')
    .$call((qb) => (conditions.length ? qb.where((eb) => eb.and(conditions)) : qb))
    .select((eb) => eb.fn.countAll().as('count'));

  return listResponse(context, query, {
    rows,
    count,
    table: 'django_q_schedule',
    page,
    render: (r) => ({
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
    }),
  });
};
