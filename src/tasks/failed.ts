/**
 * GET and DELETE /api/background-task/failed/ — django_q_task rows with
 * success = false (django-q's Failure proxy model); InvenTree's FailedTaskList.
 */
import type { OperationHandlers } from '../../generated/operations.js';
import type { RequestContext } from '../context.js';
import { bulkDelete } from './bulk-delete.js';
import { listHandler } from './list.js';
import { pickledText } from './pickled-text.js';
import { taskFilterConditions } from './task-filters.js';
import { timestampText } from './timestamps.js';

type Handlers = OperationHandlers<RequestContext>;

export const backgroundTaskFailedList = listHandler({
  table: 'django_q_task',
  from: (db) => db.selectFrom('django_q_task as t').where('t.success', '=', false),
  key: 't.id',
  select: (from, config) =>
    from.select(['t.id', 't.name', 't.func', 't.args', 't.kwargs', 't.attempt_count', 't.result'])
      .select([timestampText(config, 't.started').as('started'), timestampText(config, 't.stopped').as('stopped')]),
  ordering: {
    fields: { pk: 't.id', func: 't.func', started: 't.started', stopped: 't.stopped' },
    default: [{ field: 'stopped', descending: true }],
  },
  search: 't.func',
  filters: taskFilterConditions,
  render: ({ config }) => {
    // InvenTree sends the stored base64 pickles of args/kwargs (DRF's ModelField
    // fallback); the schema mode shows them as Python reprs, like the pending list.
    const argsText = config.apiCompat === 'inventree' ? (v: string | null) => v : pickledText;
    return (r) => ({
      pk: r.id,
      name: r.name,
      func: r.func,
      args: argsText(r.args),
      kwargs: argsText(r.kwargs),
      started: r.started ?? '',
      stopped: r.stopped ?? '',
      attempt_count: r.attempt_count,
      result: pickledText(r.result),
    });
  },
}) satisfies Handlers['background_task_failed_list'];

export const backgroundTaskFailedDestroy: Handlers['background_task_failed_destroy'] = async ({ body, context }) =>
  bulkDelete(context, body, 'failed');
