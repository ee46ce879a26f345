/**
 * GET and DELETE /api/background-task/pending/ — the ORM broker's queue.
 * Everything but pk/key/lock lives in the signed, pickled payload.
 */
import type { OperationHandlers } from '../../generated/operations.js';
import { decodeTaskPayload } from '../djangoq/index.js';
import type { RequestContext } from '../http/context.js';
import { bulkDelete } from './bulk-delete.js';
import { listResponse } from './list-response.js';
import { timestampText } from './timestamps.js';

type Handlers = OperationHandlers<RequestContext>;

export const backgroundTaskPendingList: Handlers['background_task_pending_list'] = async ({ query, context }) => {
  const { config, signingKeys } = context;
  const decodeOptions = { keys: signingKeys, salt: config.qClusterName, verify: signingKeys.length > 0 };
  // No search, no ordering (InvenTree's view has no filter backends). InvenTree
  // issues no ORDER BY at all; id order is the deterministic equivalent.
  const rows = context.readDb
    .selectFrom('django_q_ormq as q')
    .select(['q.id', 'q.key', 'q.payload', timestampText(config, 'q.lock').as('lock')])
    .orderBy('q.id');
  const count = context.readDb.selectFrom('django_q_ormq').select((eb) => eb.fn.countAll().as('count'));

  return listResponse(context, query, {
    rows,
    count,
    render: (r) => {
      const decoded = decodeTaskPayload(r.payload, decodeOptions);
      // django-q2's OrmQ.task: any failure becomes {"id": "*<ExceptionName>"}.
      const task = decoded.ok
        ? decoded.task
        : { id: `*${decoded.errorName}`, name: null, func: null, args: null, kwargs: null };
      return {
        pk: r.id,
        key: r.key,
        lock: r.lock,
        task_id: task.id,
        name: task.name,
        func: task.func,
        args: task.args,
        kwargs: task.kwargs,
      };
    },
  });
};

export const backgroundTaskPendingDestroy: Handlers['background_task_pending_destroy'] = async ({ body, context }) =>
  bulkDelete(context, body, 'pending');
