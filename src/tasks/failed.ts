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
  const conditions = searchConditions('t.func', query);
  const failed = context.readDb
    .selectFrom('django_q_task as t')
    .where('t.success', '=', false)
    .$call((qb) => (conditions.length ? qb.where((eb) => eb.and(conditions)) : qb));
  const rows = failed
    .select([
      't.id',
      't.name',
      't.func',
      't.args',
      't.kwargs',
      timestampText(context.config, 't.started').as('started'),
      timestampText(context.config, 't.stopped').as('stopped'),
      't.attempt_count',
      't.result',
    ])
    .orderBy(orderBy(ORDERING, query.ordering));
  const count = failed.select((eb) => eb.fn.countAll().as('count'));
  // InvenTree sends the stored base64 pickles of args/kwargs (DRF's ModelField
  // fallback); the schema mode shows them as Python reprs, like the pending list.
  const argsText = context.config.apiCompat === 'inventree' ? (v: string | null) => v : pickledText;

  return listResponse(context, query, {
    rows,
    count,
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
