/**
 * GET and DELETE /api/background-task/failed/ — django_q_task rows with
 * success = false (django-q's Failure proxy model).
 */
import type { OperationHandlers } from '../../generated/operations.js';
import type { RequestContext } from '../http/context.js';
import { bulkDelete } from './bulk-delete.js';
import { listResponse } from './list-response.js';
import { orderBy } from './ordering.js';
import { pickledText } from './pickled-text.js';
import { searchConditions } from './search.js';
import { timestampText } from './timestamps.js';

type Handlers = OperationHandlers<RequestContext>;

const ORDERING = {
  fields: { pk: 't.id', func: 't.func', started: 't.started', stopped: 't.stopped' },
  fallback: [{ field: 'stopped', descending: true }],
  id: 't.id',
};

export const backgroundTaskFailedList: Handlers['background_task_failed_list'] = async ({ query, context }) => {
  const conditions = await searchConditions('t.func', query, context);
  const failed = context.readDb
    .selectFrom('django_q_task as t')
    .where('t.success', '=', false)
    .$call((qb) => (conditions.length ? qb.where((eb) => eb.and(conditions)) : qb));
  const columns = [
    't.id',
    't.name',
    't.func',
    't.args',
    't.kwargs',
    timestampText(context.config, 't.started').as('started'),
    timestampText(context.config, 't.stopped').as('stopped'),
    't.attempt_count',
    't.result',
  ] as const;
  const order = orderBy(ORDERING, query.ordering);
  const rows = failed.select(columns).orderBy(order);
  // A page sorts and cuts the keys alone (an index-only scan with the
  // optional bgtasks_task_failed_stopped index), then reads and formats just
  // its rows: sorting whole rows made PostgreSQL format the timestamps of
  // every failure and, on deep offsets, spill wide rows to disk.
  const page = (limit: number, offset: number) =>
    context.readDb
      .selectFrom('django_q_task as t')
      .innerJoin(failed.select('t.id as page_id').orderBy(order).limit(limit).offset(offset).as('p'), 'p.page_id', 't.id')
      .select(columns)
      .orderBy(order);
  const count = failed.select((eb) => eb.fn.countAll().as('count'));
  // InvenTree sends the stored base64 pickles of args/kwargs (DRF's ModelField
  // fallback); the schema mode shows them as Python reprs, like the pending list.
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
      args: argsText(r.args),
      kwargs: argsText(r.kwargs),
      started: r.started ?? '',
      stopped: r.stopped ?? '',
      attempt_count: r.attempt_count,
      result: pickledText(r.result),
    }),
  });
};

export const backgroundTaskFailedDestroy: Handlers['background_task_failed_destroy'] = async ({ body, context }) =>
  bulkDelete(context, body, 'failed');
