/**
 * GET /api/background-task/succeeded/ — django_q_task rows with
 * success = true (django-q's Success proxy model), as the failed list shows
 * failures, plus `group` (extension).
 */
import type { OperationHandlers } from '../../generated/operations.js';
import type { RequestContext } from '../context.js';
import { listResponse } from './list-response.js';
import { orderBy } from './ordering.js';
import { pickledText } from './pickled-text.js';
import { searchConditions } from './search.js';
import { taskFilterConditions } from './task-filters.js';
import { timestampText } from './timestamps.js';

type Handlers = OperationHandlers<RequestContext>;

const ORDERING = {
  fields: { pk: 't.id', func: 't.func', started: 't.started', stopped: 't.stopped', group: 't.group' },
  fallback: [{ field: 'stopped', descending: true }],
  id: 't.id',
};

export const backgroundTaskSucceededList: Handlers['background_task_succeeded_list'] = async ({ query, context }) => {
  const conditions = [...searchConditions('t.func', query), ...taskFilterConditions(context.config, query)];
  const succeeded = context.readDb
    .selectFrom('django_q_task as t')
    .where('t.success', '=', true)
    .$call((qb) => (conditions.length ? qb.where((eb) => eb.and(conditions)) : qb));
  const columns = [
    't.id',
    't.name',
    't.func',
    't.group',
    't.args',
    't.kwargs',
    timestampText(context.config, 't.started').as('started'),
    timestampText(context.config, 't.stopped').as('stopped'),
    't.attempt_count',
    't.result',
  ] as const;
  const order = orderBy(ORDERING, query.ordering);
  const rows = succeeded.select(columns).orderBy(order);
  // As the failed list: sort and cut the keys alone (bgtasks_task_success_stopped), then read the page's rows.
  const page = (limit: number, offset: number) =>
    context.readDb
      .selectFrom('django_q_task as t')
      .innerJoin(succeeded.select('t.id as page_id').orderBy(order).limit(limit).offset(offset).as('p'), 'p.page_id', 't.id')
      .select(columns)
      .orderBy(order);
  const count = succeeded.select((eb) => eb.fn.countAll().as('count'));
  const argsText = context.config.apiCompat === 'inventree' ? (v: string | null) => v : pickledText;

  return listResponse(context, query, {
    rows,
    count,
    table: 'django_q_task',
    page,
    render: (r) => ({
      pk: r.id,
      name: r.name,
      func: r.func,
      group: r.group,
      args: argsText(r.args),
      kwargs: argsText(r.kwargs),
      started: r.started ?? '',
      stopped: r.stopped ?? '',
      attempt_count: r.attempt_count,
      result: pickledText(r.result),
    }),
  });
};
