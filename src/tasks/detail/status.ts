/**
 * GET /api/background-task/{task_id}/ — current InvenTree's task-status
 * endpoint (API 464+, `BackgroundTaskDetail`), which its web UI polls twice a
 * second while a user waits for a job. Any authenticated user may ask.
 *
 * At most two statements, the second only for an unfinished task: the task
 * by primary key, then the queue. The queue keeps the task id inside each
 * signed pickle, so SQL cannot look it up by value; it can, however, find
 * the few payloads whose base64 text contains the id's bytes (see
 * idNeedles), and only those are decoded and compared.
 */
import type { OperationHandlers } from '../../../generated/operations.js';
import type { RequestContext } from '../../context.js';
import { dictGet, isTagged, pyStr } from '../../djangoq/index.js';
import { sql } from 'kysely';
import { fitsTaskId } from './ids.js';
import { loadPayload } from './payloads.js';

type Handlers = OperationHandlers<RequestContext>;

/**
 * base64url of the id's UTF-8 bytes at each of the three byte alignments it
 * may have inside the pickle, without the characters that also depend on
 * neighbouring bytes. A payload holding the id (uncompressed) contains one of
 * them. Empty when the id is too short to give a stable run (then every
 * payload is a candidate).
 */
export function idNeedles(id: string): string[] {
  const bytes = Buffer.from(id, 'utf8');
  const needles: string[] = [];
  for (let align = 0; align < 3; align++) {
    const encoded = Buffer.concat([Buffer.alloc(align), bytes]).toString('base64url');
    const stable = encoded.slice(align > 0 ? 4 : 0, 4 * Math.floor((align + bytes.length) / 3));
    if (stable.length === 0) return [];
    needles.push(stable);
  }
  return needles;
}

async function queued(context: RequestContext, id: string): Promise<boolean> {
  const needles = idNeedles(id);
  const rows = await context.readDb
    .selectFrom('django_q_ormq')
    .select('payload')
    .$call((qb) =>
      needles.length === 0
        ? qb
        : qb.where((eb) =>
            eb.or([
              // A compressed package ('.'-prefixed) hides its bytes: always a candidate.
              eb('payload', 'like', '.%'),
              ...needles.map((needle) => eb(sql`strpos(payload, ${needle})`, '>', 0)),
            ]),
          ),
    )
    .execute();
  return rows.some(({ payload }) => {
    const loaded = loadPayload(context, payload);
    if (!loaded.ok || !isTagged(loaded.task) || loaded.task.kind !== 'dict') return false;
    const value = dictGet(loaded.task, 'id');
    return value !== undefined && value !== null && pyStr(value) === id;
  });
}

export const backgroundTaskStatusRetrieve: Handlers['background_task_status_retrieve'] = async ({ params, context }) => {
  const id = params.task_id;
  const done = fitsTaskId(id)
    ? await context.readDb.selectFrom('django_q_task').select('success').where('id', '=', id).executeTakeFirst()
    : undefined;
  if (done) {
    return { status: 200, body: { task_id: id, exists: true, pending: false, complete: true, success: done.success, http_status: 200 } };
  }
  if (!id.includes('\u0000') && (await queued(context, id))) {
    return { status: 200, body: { task_id: id, exists: true, pending: true, complete: false, success: false, http_status: 200 } };
  }
  return { status: 404, body: { task_id: id, exists: false, pending: false, complete: false, success: false, http_status: 404 } };
};
