/**
 * Rows in django-q's exact stored formats, for endpoint tests: payloads are
 * Django-signed protocol-5 pickles of the task dict django-q's async_task
 * builds; task args/kwargs/results are django-picklefield base64 pickles.
 * Written with our codec, which the codec and interop suites prove
 * byte-compatible with Python and real django-q.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  encodePickledField,
  encodeTaskPayload,
  humanize,
  type PyValue,
  pyDateTimeFromDate,
  pyDict,
  pyGlobal,
  pyTuple,
} from '../../src/djangoq/index.js';
import type { Database } from '../../src/db/schema.js';

export const TEST_SECRET_KEY = 'oracle-insecure-secret-key-for-testing-only-0123456789abcdef';
export const CLUSTER = 'InvenTree';

export const uuidHex = () => randomBytes(16).toString('hex');

export interface PendingRow {
  id?: string;
  name?: string;
  /** Dotted path; pickled as a function reference unless `funcAsString`. */
  func?: string;
  funcAsString?: boolean;
  args?: PyValue[];
  kwargs?: Record<string, PyValue>;
  lock?: Date | null;
  key?: string;
  secretKey?: string;
  salt?: string;
}

/** Enqueues a task the way django-q2's async_task + the ORM broker do. */
export async function insertPending(db: Kysely<Database>, row: PendingRow = {}): Promise<{ pk: number; id: string; name: string }> {
  const id = row.id ?? uuidHex();
  const name = row.name ?? humanize(id);
  const func = row.func ?? 'part.tasks.check_stock';
  const dot = func.lastIndexOf('.');
  const task = pyDict([
    ['id', id],
    ['name', name],
    ['func', row.funcAsString ? func : pyGlobal(func.slice(0, dot), func.slice(dot + 1))],
    ['args', pyTuple(...(row.args ?? []))],
    ['kwargs', pyDict(row.kwargs ?? {})],
    ['started', pyDateTimeFromDate(new Date())],
  ]);
  const payload = encodeTaskPayload(task, { key: row.secretKey ?? TEST_SECRET_KEY, salt: row.salt ?? CLUSTER });
  const inserted = await db
    .insertInto('django_q_ormq')
    .values({ key: row.key ?? CLUSTER, payload, lock: row.lock === undefined ? new Date() : row.lock })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { pk: inserted.id, id, name };
}

export interface TaskRow {
  id?: string;
  name?: string;
  func?: string;
  args?: PyValue[] | null;
  kwargs?: Record<string, PyValue> | null;
  /** Failure: a message, stored as django-q does ("<msg> : Traceback …"). */
  error?: string;
  result?: PyValue;
  success?: boolean;
  started?: Date | string;
  stopped?: Date | string;
  attemptCount?: number;
  group?: string | null;
}

export function traceback(message: string, func = 'part.tasks.check_stock'): string {
  return `${message} : Traceback (most recent call last):\n  File "/usr/lib/python3/dist-packages/django_q/worker.py", line 88, in worker\n    res = f(*task["args"], **task["kwargs"])\n  File "/app/${func.split('.').slice(0, -1).join('/')}.py", line 12, in ${func.split('.').pop()}\n    raise ValueError(${JSON.stringify(message)})\nValueError: ${message}\n`;
}

/** Writes a django_q_task row as django-q's monitor saves it. */
export async function insertTask(db: Kysely<Database>, row: TaskRow = {}): Promise<{ id: string }> {
  const id = row.id ?? uuidHex();
  const success = row.success ?? false;
  const func = row.func ?? 'part.tasks.check_stock';
  const started = row.started ?? new Date(Date.now() - 60_000);
  const result = row.result !== undefined ? row.result : success ? null : traceback(row.error ?? 'Something failed', func);
  await db
    .insertInto('django_q_task')
    .values({
      id,
      name: row.name ?? humanize(id),
      func,
      hook: null,
      args: row.args === null ? null : encodePickledField(pyTuple(...(row.args ?? []))),
      kwargs: row.kwargs === null ? null : encodePickledField(pyDict(row.kwargs ?? {})),
      result: result === null ? null : encodePickledField(result),
      group: row.group ?? null,
      started,
      stopped: row.stopped ?? new Date(new Date(started).getTime() + 1500),
      success,
      attempt_count: row.attemptCount ?? 1,
      cluster: null,
    })
    .execute();
  return { id };
}

/**
 * `count` failed tasks in bulk (ids 0…, hex-padded; empty args and kwargs
 * as django-picklefield stores them; `started` one second apart from
 * 2024-01-01), for lists longer than a cursor batch.
 */
export async function insertFailedTasks(
  db: Kysely<Database>,
  count: number,
  vary: { func?: (i: number) => string; stopped?: (i: number, base: number) => Date } = {},
): Promise<void> {
  const base = Date.parse('2024-01-01T00:00:00Z');
  const rows = Array.from({ length: count }, (_, i) => ({
    id: i.toString(16).padStart(32, '0'),
    name: `task-${i}`,
    func: vary.func?.(i) ?? 'part.tasks.bulk',
    hook: null,
    args: 'gAUpLg==',
    kwargs: 'gAV9lC4=',
    result: null,
    group: null,
    started: new Date(base + i * 1000),
    stopped: vary.stopped?.(i, base) ?? new Date(base + i * 1000 + 500),
    success: false,
    attempt_count: 1,
    cluster: null,
  }));
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('django_q_task').values(rows.slice(i, i + 500)).execute();
}

export interface ScheduleRow {
  name?: string | null;
  func?: string;
  args?: string | null;
  kwargs?: string | null;
  scheduleType?: string;
  repeats?: number;
  nextRun?: Date | string | null;
  task?: string | null;
  cron?: string | null;
  minutes?: number | null;
}

export async function insertSchedule(db: Kysely<Database>, row: ScheduleRow = {}): Promise<{ pk: number }> {
  const func = row.func ?? 'InvenTree.tasks.heartbeat';
  const inserted = await db
    .insertInto('django_q_schedule')
    .values({
      name: row.name === undefined ? func : row.name,
      func,
      hook: null,
      args: row.args === undefined ? '()' : row.args,
      kwargs: row.kwargs === undefined ? '{}' : row.kwargs,
      schedule_type: row.scheduleType ?? 'I',
      repeats: row.repeats ?? -1,
      next_run: row.nextRun === undefined ? new Date(Date.now() + 300_000) : row.nextRun,
      task: row.task ?? null,
      minutes: row.minutes ?? (row.scheduleType === 'I' || row.scheduleType === undefined ? 5 : null),
      cron: row.cron ?? null,
      cluster: null,
      intended_date_kwarg: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { pk: inserted.id };
}
