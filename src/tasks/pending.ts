/**
 * GET and DELETE /api/background-task/pending/ — the ORM broker's queue
 * (InvenTree's PendingTaskList). Everything but pk/key/lock lives in the
 * signed, pickled payload.
 */
import type { OperationHandlers } from '../../generated/operations.js';
import { decodeTaskPayload, type TaskPayloadResult } from '../djangoq/index.js';
import type { RequestContext } from '../context.js';
import { bulkDelete } from './bulk-delete.js';
import { DecodedCache } from './decoded-cache.js';
import { listHandler } from './list.js';
import { timestampText } from './timestamps.js';

type Handlers = OperationHandlers<RequestContext>;

/**
 * Decoded payloads, per signing keys and salt (the keys array is the
 * process's, built once): a payload decodes to the same fields every time,
 * and a polled queue page shows the same rows again and again.
 */
const payloadCaches = new WeakMap<readonly string[], Map<string, DecodedCache<TaskPayloadResult>>>();

function payloadCache(keys: readonly string[], salt: string): DecodedCache<TaskPayloadResult> {
  let bySalt = payloadCaches.get(keys);
  if (!bySalt) payloadCaches.set(keys, (bySalt = new Map()));
  let cache = bySalt.get(salt);
  if (!cache) bySalt.set(salt, (cache = new DecodedCache(4_000_000)));
  return cache;
}

function resultSize(result: TaskPayloadResult): number {
  if (!result.ok) return result.errorName.length;
  const { id, name, func, args, kwargs } = result.task;
  return (id?.length ?? 0) + (name?.length ?? 0) + (func?.length ?? 0) + (args?.length ?? 0) + (kwargs?.length ?? 0);
}

export const backgroundTaskPendingList = listHandler({
  table: 'django_q_ormq',
  from: (db) => db.selectFrom('django_q_ormq as q'),
  // No search, no ordering (InvenTree's view has no filter backends). InvenTree
  // issues no ORDER BY at all; key order is the deterministic equivalent.
  key: 'q.id',
  select: (from, config) => from.select(['q.id', 'q.key', 'q.payload', timestampText(config, 'q.lock').as('lock')]),
  render: ({ config, signingKeys }) => {
    const decodeOptions = { keys: signingKeys, salt: config.qClusterName, verify: signingKeys.length > 0 };
    const payloads = payloadCache(signingKeys, config.qClusterName);
    return (r) => {
      const decoded = payloads.get(r.payload, (payload) => decodeTaskPayload(payload, decodeOptions), resultSize);
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
    };
  },
}) satisfies Handlers['background_task_pending_list'];

export const backgroundTaskPendingDestroy: Handlers['background_task_pending_destroy'] = async ({ body, context }) =>
  bulkDelete(context, body, 'pending');
