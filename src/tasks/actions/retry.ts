/**
 * POST /api/background-task/failed/retry/ (the bulk-delete body) and
 * POST /api/background-task/failed/{id}/retry/ — django-q2's admin action
 * `resubmit_task`: for each failed task, `async_task(func, *args,
 * hook=, group=, cluster=, **kwargs)` (a new id and name, the payload pickled
 * and signed as async_task does), queued as the ORM broker queues it, and
 * the failed row deleted — all in one transaction, the rows locked first
 * (in id order, as the bulk DELETE locks them) so a concurrent delete or
 * retry of the same rows waits and then finds them gone. A task whose stored args/kwargs we cannot decode exactly is refused
 * (400 naming it) and nothing is retried: never enqueue something different
 * from what failed.
 */
import { type Kysely, sql } from 'kysely';
import type { OperationHandlers } from '../../../generated/operations.js';
import type { RequestContext } from '../../context.js';
import type { Database } from '../../db/schema.js';
import { decodePickledField, EnqueueError, enqueueResubmit, type PyValue, type TaskPackage } from '../../djangoq/index.js';
import { ApiError } from '../../http/errors.js';
import { assertWritable } from '../../http/read-only.js';
import { bulkSelection, selectionError } from '../bulk-delete.js';
import { notFoundDetail, taskId } from '../detail/ids.js';
import { djangoQFlavor } from '../broker-lock.js';
import { databaseNowMicros, insertPackage, runAction, signingKey } from './action.js';

type Handlers = OperationHandlers<RequestContext>;

interface Retried {
  failed: string;
  task_id: string;
}

function decodeColumn(id: string, name: string, column: 'args' | 'kwargs', text: string | null): PyValue {
  if (text === null) return null;
  try {
    return decodePickledField(text);
  } catch (e) {
    throw refused(id, name, `its ${column} cannot be decoded faithfully (${(e as Error).message})`);
  }
}

const refused = (id: string, name: string, why: string) =>
  new ApiError(400, { detail: `Task ${id} (${JSON.stringify(name)}) cannot be retried: ${why}. Nothing was retried.` });

async function retry(context: RequestContext, trx: Kysely<Database>, where: ReturnType<typeof sql.join>): Promise<Retried[]> {
  const { flavor, taskCluster } = await djangoQFlavor(trx);
  const secretKey = signingKey(context);
  // Locked in id order, as the bulk DELETE locks them: writers over the same
  // rows then wait for each other instead of deadlocking. A row a concurrent
  // writer deleted meanwhile is skipped. Queued in the order they failed.
  const locked = await sql<{ id: string }>`SELECT id FROM django_q_task WHERE ${where} ORDER BY id FOR UPDATE`.execute(trx);
  if (locked.rows.length === 0) return [];
  const rows = await sql<{ id: string; name: string; func: string; hook: string | null; group: string | null; args: string | null; kwargs: string | null; cluster: string | null }>`
    SELECT id, name, func, hook, "group", args, kwargs, ${taskCluster ? sql.ref('cluster') : sql`NULL::text`} AS cluster
    FROM django_q_task WHERE id = ANY(${locked.rows.map((r) => r.id)}::text[])
    ORDER BY started, id`.execute(trx);
  const now = await databaseNowMicros(trx);
  const packages: Array<{ failed: string; pkg: TaskPackage }> = [];
  for (const row of rows.rows) {
    const args = decodeColumn(row.id, row.name, 'args', row.args);
    const kwargs = decodeColumn(row.id, row.name, 'kwargs', row.kwargs);
    try {
      const pkg = enqueueResubmit(
        { func: row.func, args, kwargs, hook: row.hook, group: row.group, ...(taskCluster ? { cluster: row.cluster } : {}) },
        { flavor, clusterName: context.config.qClusterName, secretKey, now, useTz: true, timeZone: context.config.timeZone, retry: context.config.qRetrySeconds },
      );
      packages.push({ failed: row.id, pkg });
    } catch (e) {
      if (e instanceof EnqueueError || e instanceof Error) throw refused(row.id, row.name, e.message);
      throw e;
    }
  }
  for (const { pkg } of packages) await insertPackage(trx, pkg.ormq);
  const ids = packages.map((p) => p.failed);
  if (ids.length) await trx.deleteFrom('django_q_task').where('id', 'in', ids).where('success', '=', false).execute();
  return packages.map(({ failed, pkg }) => ({ failed, task_id: pkg.id }));
}

function answer(tasks: Retried[], target: string, detail?: unknown) {
  return {
    status: 200 as const,
    body: { retried: tasks.length, tasks },
    audit: { action: 'retry' as const, target, ids: tasks.map((t) => t.failed), count: tasks.length, detail: { tasks: tasks.slice(0, 1000), ...(detail ?? {}) } },
  };
}

export const backgroundTaskFailedRetry: Handlers['background_task_failed_retry'] = async ({ body, context }) => {
  assertWritable(context.config);
  const { where, filters } = bulkSelection(context, body, 'failed');
  try {
    return await runAction(context, 'the tasks were not retried', async (trx) => answer(await retry(context, trx, where), 'failed', filters ? { filters } : undefined));
  } catch (err) {
    throw selectionError(err) ?? err;
  }
};

export const backgroundTaskFailedRetryOne: Handlers['background_task_failed_retry_one'] = async ({ params, context }) => {
  assertWritable(context.config);
  const id = taskId(params.id);
  return runAction(context, 'the task was not retried', async (trx) => {
    const tasks = await retry(context, trx, sql.join([sql`id = ${id}`, sql`NOT success`], sql` AND `));
    if (tasks.length === 0) throw notFoundDetail();
    return answer(tasks, 'failed');
  });
};
