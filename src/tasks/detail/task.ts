/**
 * GET /api/background-task/failed/{id}/ and /succeeded/{id}/ — one
 * django_q_task row, every column decoded (extension). Each route shows
 * only its own kind, as each list does: a success is a 404 under failed/.
 */
import { sql } from 'kysely';
import type { components } from '../../../generated/openapi.js';
import type { OperationHandlers } from '../../../generated/operations.js';
import type { RequestContext } from '../../context.js';
import { decodePickledField, type PyValue, pyRepr } from '../../djangoq/index.js';
import { parseFailure } from '../../djangoq/traceback.js';
import { pickledText } from '../pickled-text.js';
import { timestampText } from '../timestamps.js';
import { optionalColumns } from './columns.js';
import { notFoundDetail, taskId } from './ids.js';
import { jsonValue } from './json-value.js';

type Handlers = OperationHandlers<RequestContext>;
type TaskRecord = components['schemas']['TaskRecord'];

/** A picklefield column decoded three ways; undecodable: the stored text as str (as picklefield does), no repr/JSON. */
function decoded(stored: string | null): { str: string | null; repr: string | null; json: TaskRecord['args_json']; value?: PyValue } {
  if (stored === null) return { str: null, repr: null, json: null };
  let value: PyValue;
  try {
    value = decodePickledField(stored);
  } catch {
    return { str: stored, repr: null, json: null };
  }
  const safe = (render: (v: PyValue) => string): string | null => {
    try {
      return render(value);
    } catch {
      return null;
    }
  };
  return { str: pickledText(stored), repr: safe(pyRepr), json: (jsonValue(value) ?? null) as TaskRecord['args_json'], value };
}

/** A failure's `"<str(e)> : <traceback>"` result, split (codec: src/djangoq/traceback.ts); null when it is not one. */
function failureOf(result: PyValue | undefined): TaskRecord['error'] {
  if (typeof result !== 'string') return null;
  const parsed = parseFailure(result);
  if (parsed.exceptions.length === 0) return null;
  const frames = (list: typeof parsed.frames) =>
    list.map((f) => ({ file: f.file, line: f.line, function: f.function, source: f.source, ...(f.repeated !== undefined ? { repeated: f.repeated } : {}) }));
  return {
    type: parsed.type,
    message: parsed.message,
    frames: frames(parsed.frames),
    chain: parsed.exceptions.slice(0, -1).map((e) => ({ type: e.type, message: e.message, link: e.link, frames: frames(e.frames) })),
  };
}

async function taskRecord(context: RequestContext, id: string, success: boolean): Promise<TaskRecord> {
  const hasCluster = (await optionalColumns(context.readDb)).has('django_q_task.cluster');
  const row = await context.readDb
    .selectFrom('django_q_task as t')
    .select([
      't.id',
      't.name',
      't.func',
      't.hook',
      't.group',
      hasCluster ? sql<string | null>`t.cluster`.as('cluster') : sql<string | null>`NULL::text`.as('cluster'),
      't.args',
      't.kwargs',
      't.result',
      timestampText(context.config, 't.started').as('started'),
      timestampText(context.config, 't.stopped').as('stopped'),
      sql<number>`extract(epoch FROM t.stopped - t.started)::float8`.as('duration'),
      't.attempt_count',
      't.success',
    ])
    .where('t.id', '=', taskId(id))
    .where('t.success', '=', success)
    .executeTakeFirst();
  if (!row) throw notFoundDetail();
  const args = decoded(row.args);
  const kwargs = decoded(row.kwargs);
  const result = decoded(row.result);
  return {
    pk: row.id,
    name: row.name,
    func: row.func,
    hook: row.hook,
    group: row.group,
    cluster: row.cluster,
    // The lists' rendering (Python repr via str() of a tuple/dict is the repr).
    args: args.str,
    kwargs: kwargs.str,
    args_json: args.json,
    kwargs_json: kwargs.json,
    result: result.str,
    result_repr: result.repr,
    result_json: result.json,
    error: row.success ? null : failureOf(result.value),
    started: row.started ?? '',
    stopped: row.stopped ?? '',
    duration: Number(row.duration),
    attempt_count: row.attempt_count,
    success: row.success,
  };
}

export const backgroundTaskFailedRetrieve: Handlers['background_task_failed_retrieve'] = async ({ params, context }) => ({
  status: 200,
  body: await taskRecord(context, params.id, false),
});

export const backgroundTaskSucceededRetrieve: Handlers['background_task_succeeded_retrieve'] = async ({ params, context }) => ({
  status: 200,
  body: await taskRecord(context, params.id, true),
});

