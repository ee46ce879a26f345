/**
 * GET /api/background-task/succeeded/ — django_q_task rows with
 * success = true (django-q's Success proxy model), declared as the failed
 * list is, plus `group` (extension).
 */
import type { OperationHandlers } from '../../generated/operations.js';
import type { RequestContext } from '../context.js';
import { listHandler } from './list.js';
import { pickledText } from './pickled-text.js';
import { taskFilterConditions } from './task-filters.js';
import { timestampText } from './timestamps.js';

type Handlers = OperationHandlers<RequestContext>;

export const backgroundTaskSucceededList = listHandler({
  table: 'django_q_task',
  from: (db) => db.selectFrom('django_q_task as t').where('t.success', '=', true),
  key: 't.id',
  select: (from, config) =>
    from.select([
      't.id',
      't.name',
      't.func',
      't.group',
      't.args',
      't.kwargs',
      timestampText(config, 't.started').as('started'),
      timestampText(config, 't.stopped').as('stopped'),
      't.attempt_count',
      't.result',
    ]),
  ordering: {
    fields: { pk: 't.id', func: 't.func', started: 't.started', stopped: 't.stopped', group: 't.group' },
    default: [{ field: 'stopped', descending: true }],
  },
  search: 't.func',
  filters: taskFilterConditions,
  render: ({ config }) => {
    const argsText = config.apiCompat === 'inventree' ? (v: string | null) => v : pickledText;
    return (r) => ({
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
    });
  },
}) satisfies Handlers['background_task_succeeded_list'];
