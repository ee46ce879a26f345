/**
 * GET /api/background-task/pending/{id}/ — one queued task with its whole
 * package decoded (extension). The fields the pending list shows are
 * computed exactly as there (django-q2's OrmQ: any failure to verify or
 * decode is `task_id = "*<ExceptionName>"` and nulls); the rest is what
 * async_task put into the package.
 */
import { sql } from 'kysely';
import type { components } from '../../../generated/openapi.js';
import type { OperationHandlers } from '../../../generated/operations.js';
import type { RequestContext } from '../../context.js';
import { funcRepr, isTagged, type PyDict, type PyValue, pyRepr, pyStr, pythonErrorName } from '../../djangoq/index.js';
import { djangoQFlavor, heldUntil, isHeld } from '../broker-lock.js';
import { timestampText } from '../timestamps.js';
import { notFoundDetail, rowId } from './ids.js';
import { epochMicros, formatInstant } from './instants.js';
import { jsonValue } from './json-value.js';
import { loadPayload } from './payloads.js';

type Handlers = OperationHandlers<RequestContext>;
type Detail = components['schemas']['PendingTaskDetail'];

/** Keys with a field of their own; every other key of the package goes to `options`. */
const OWN_KEYS = new Set(['id', 'name', 'func', 'args', 'kwargs', 'started', 'hook', 'group', 'timeout', 'cluster']);

type Decoded = Pick<
  Detail,
  'task_id' | 'name' | 'func' | 'args' | 'kwargs' | 'args_json' | 'kwargs_json' | 'hook' | 'group' | 'timeout' | 'cluster' | 'options' | 'started' | 'enqueued' | 'signature'
>;

function failed(errorName: string): Decoded {
  return {
    task_id: `*${errorName}`,
    name: null,
    func: null,
    args: null,
    kwargs: null,
    args_json: null,
    kwargs_json: null,
    hook: null,
    group: null,
    timeout: null,
    cluster: null,
    options: {},
    started: null,
    enqueued: null,
    signature: null,
  };
}

function decode(context: RequestContext, payload: string): Decoded {
  const loaded = loadPayload(context, payload);
  if (!loaded.ok) return failed(loaded.errorName);
  const task = loaded.task;
  // OrmQ calls task.get(...): a package that is not a dict is an AttributeError.
  if (!isTagged(task) || task.kind !== 'dict') return failed('AttributeError');
  try {
    const get = (k: string): PyValue | undefined => (task as PyDict).entries.find(([key]) => key === k)?.[1];
    const str = (k: string): string | null => {
      const v = get(k);
      return v === undefined || v === null ? null : pyStr(v);
    };
    const args = get('args');
    const kwargs = get('kwargs');
    const timeout = get('timeout');
    const started = get('started');
    const startedMicros = isTagged(started ?? null) && (started as { kind: string }).kind === 'datetime' ? epochMicros(started as never) : null;
    const options: Record<string, string> = {};
    for (const [k, v] of task.entries) {
      if (typeof k === 'string' && OWN_KEYS.has(k)) continue;
      Object.defineProperty(options, typeof k === 'string' ? k : pyRepr(k), { value: pyRepr(v), enumerable: true, writable: true, configurable: true });
    }
    return {
      task_id: str('id'),
      name: str('name'),
      func: funcRepr(get('func') ?? null),
      args: str('args'),
      kwargs: str('kwargs'),
      args_json: args === undefined ? null : ((jsonValue(args) ?? null) as Detail['args_json']),
      kwargs_json: kwargs === undefined ? null : ((jsonValue(kwargs) ?? null) as Detail['kwargs_json']),
      hook: funcRepr(get('hook') ?? null),
      group: str('group'),
      timeout: typeof timeout === 'bigint' ? Number(timeout) : typeof timeout === 'number' && Number.isFinite(timeout) ? timeout : null,
      cluster: str('cluster'),
      options,
      started: startedMicros === null ? null : formatInstant(context.config, startedMicros),
      enqueued: formatInstant(context.config, BigInt(loaded.timestamp) * 1_000_000n),
      signature: loaded.verified ? 'verified' : 'unverified',
    };
  } catch (e) {
    // A value Python could not str() either (RecursionError, a >4300-digit int).
    return failed(pythonErrorName(e));
  }
}

export const backgroundTaskPendingRetrieve: Handlers['background_task_pending_retrieve'] = async ({ params, context }) => {
  const { flavor } = await djangoQFlavor(context.readDb);
  const until = heldUntil(flavor, context.config.qRetrySeconds, sql.ref('q.lock'));
  const row = await context.readDb
    .selectFrom('django_q_ormq as q')
    .select([
      'q.id',
      'q.key',
      'q.payload',
      timestampText(context.config, 'q.lock').as('lock'),
      timestampText(context.config, until).as('until'),
      sql<boolean>`coalesce(${isHeld(flavor, context.config.qRetrySeconds, sql.ref('q.lock'))}, false)`.as('locked'),
    ])
    .where('q.id', '=', sql<number>`${rowId(params.id)}::bigint`)
    .executeTakeFirst();
  if (!row) throw notFoundDetail();
  return {
    status: 200,
    body: {
      pk: row.id,
      key: row.key,
      lock: row.lock,
      lock_state: row.locked ? 'locked' : 'waiting',
      locked_until: row.locked ? row.until : null,
      ...decode(context, row.payload),
    },
  };
};
