/**
 * Writes realistic django-q data — exactly what a django-q2 cluster and the
 * InvenTree scheduler leave in PostgreSQL — for the demo, `bgtasks seed`,
 * and tests: uuid4-hex ids with humanhash names, signed pickled payloads,
 * picklefield args/kwargs/results, failures with tracebacks and attempt
 * counts, retries both failed and still pending, schedules of every type
 * pointing at existing, failed and pruned tasks, and recent successes so the
 * worker shows as running.
 */
import { type Kysely, sql } from 'kysely';
import {
  encodePickledField,
  encodeTaskPayload,
  humanize,
  type PyValue,
  pyDateTimeFromDate,
  pyDecimal,
  pyDict,
  pyGlobal,
  pyList,
  pyTuple,
  uuid4hex,
} from '../djangoq/index.js';
import type { Database } from '../db/schema.js';
import { failureText, SCHEDULES, TASKS, type TaskTemplate } from './catalogue.js';

export interface SeedCounts {
  pending: number;
  failed: number;
  success: number;
  scheduled: number;
}

/** What `npm start` writes into an empty embedded database. */
export const DEMO_COUNTS: SeedCounts = { pending: 25, failed: 40, success: 30, scheduled: 12 };

export interface SeedOptions {
  counts: SeedCounts;
  /** Signs payloads (SECRET_KEY). */
  secretKey: string;
  /** Q_CLUSTER name: payload salt and ormq key. */
  clusterName: string;
  /** Delete every django_q_ormq/_task/_schedule row first. */
  reset?: boolean;
  now?: Date;
  /** django-q's retry (seconds): how far a retried task's lock lies ahead. */
  retrySeconds?: number;
  /**
   * 'demo' (default): every function path under DEMO_FUNCTION_PREFIX, a
   * module InvenTree does not have, so a django-q cluster that ever picks a
   * seeded task or schedule up fails to import it instead of running it.
   * 'inventree': InvenTree's real function names (send_email, run_backup, …).
   */
  functions?: 'demo' | 'inventree';
}

/** The package demo task functions live in: no InvenTree module has this name. */
export const DEMO_FUNCTION_PREFIX = 'bgtasks_demo.';

export interface SeedReport extends SeedCounts {
  /** Pending rows that are retries of failed tasks (listed on both lists). */
  retries: number;
}

type TaskInsert = Parameters<ReturnType<Kysely<Database>['insertInto']>['values']>[0];

/**
 * `started` of a seeded task: the Date in UTC plus a few synthetic
 * microseconds, so seeded timestamps are not all whole milliseconds.
 */
function startedValue(date: Date) {
  const dt = pyDateTimeFromDate(date);
  dt.microsecond += (date.getTime() % 7) * 111;
  return dt;
}

/** A function reference as django-q pickles a callable passed to async_task. */
function funcValue(template: TaskTemplate, asString: boolean): PyValue {
  if (asString) return template.func;
  if (template.module) {
    return pyGlobal(template.module, template.func.slice(template.module.length + 1), true);
  }
  const dot = template.func.lastIndexOf('.');
  return pyGlobal(template.func.slice(0, dot), template.func.slice(dot + 1));
}

const SUCCESS_RESULTS: Array<(n: number) => PyValue> = [
  (n) => BigInt(n),
  () => null,
  (n) => pyDecimal(`${n}.50`),
  (n) => pyDict({ updated: BigInt(n), skipped: pyList(), ok: true }),
  (n) => `Sent ${n} notifications`,
  (n) => pyTuple(BigInt(n), 0.25),
];

async function insertBatches(db: Kysely<Database>, table: 'django_q_task' | 'django_q_ormq' | 'django_q_schedule', rows: TaskInsert[]) {
  for (let i = 0; i < rows.length; i += 500) {
    // biome-ignore lint/suspicious/noExplicitAny: rows are built per table above
    await db.insertInto(table).values(rows.slice(i, i + 500) as any).execute();
  }
}

/** The templates with their function paths as `functions` asks. */
function catalogue(functions: 'demo' | 'inventree'): { tasks: TaskTemplate[]; schedules: typeof SCHEDULES; heartbeat: string } {
  if (functions === 'inventree') return { tasks: [...TASKS], schedules: SCHEDULES, heartbeat: 'InvenTree.tasks.heartbeat' };
  const demo = (path: string) => `${DEMO_FUNCTION_PREFIX}${path}`;
  return {
    tasks: TASKS.map((t) => ({ ...t, func: demo(t.func), ...(t.module ? { module: demo(t.module) } : {}) })),
    schedules: SCHEDULES.map((s) => ({ ...s, func: demo(s.func) })),
    heartbeat: demo('InvenTree.tasks.heartbeat'),
  };
}

export async function seed(db: Kysely<Database>, options: SeedOptions): Promise<SeedReport> {
  const { tasks: TASKS, schedules: SCHEDULES, heartbeat: HEARTBEAT } = catalogue(options.functions ?? 'demo');
  const now = options.now ?? new Date();
  const retry = options.retrySeconds ?? 120;
  const { counts } = options;
  const minutes = (m: number) => new Date(now.getTime() - m * 60_000);

  const failed: Array<{ id: string; name: string; template: TaskTemplate; n: number; started: Date }> = [];
  const taskRows: TaskInsert[] = [];
  for (let n = 0; n < counts.failed; n++) {
    const template = TASKS[n % TASKS.length]!;
    const id = uuid4hex();
    const name = humanize(id);
    // Spread over the last week, newest first for the lower n.
    const started = minutes(15 + n * 97 + (n % 5) * 13);
    const stopped = new Date(started.getTime() + 400 + (n % 9) * 7_350);
    failed.push({ id, name, template, n, started });
    taskRows.push({
      id,
      name,
      func: template.func,
      hook: null,
      args: encodePickledField(pyTuple(...template.args(n))),
      kwargs: encodePickledField(pyDict(template.kwargs(n))),
      result: encodePickledField(failureText(template.func, template.failure(n))),
      group: n % 6 === 0 ? 'stock-alerts' : null,
      started,
      stopped,
      success: false,
      attempt_count: (n % 5) + 1,
      cluster: null,
    });
  }
  const successes: string[] = [];
  for (let n = 0; n < counts.success; n++) {
    const id = uuid4hex();
    // The first few are heartbeats of the last minutes: InvenTree's
    // "worker running" rule looks for a success started in the last 10 minutes.
    const heartbeat = n < 3;
    const template = TASKS[(n + 3) % TASKS.length]!;
    const started = heartbeat ? minutes(1 + n * 3) : minutes(20 + n * 41);
    successes.push(id);
    taskRows.push({
      id,
      name: humanize(id),
      func: heartbeat ? HEARTBEAT : template.func,
      hook: null,
      args: encodePickledField(heartbeat ? pyTuple() : pyTuple(...template.args(n))),
      kwargs: encodePickledField(heartbeat ? pyDict() : pyDict(template.kwargs(n))),
      result: encodePickledField(heartbeat ? null : SUCCESS_RESULTS[n % SUCCESS_RESULTS.length]!(n)),
      group: null,
      started,
      stopped: new Date(started.getTime() + 120 + (n % 4) * 900),
      success: true,
      attempt_count: 1,
      cluster: null,
    });
  }

  const pendingRows: TaskInsert[] = [];
  // About one pending task in five is a failed task waiting for its retry:
  // the same id in the queue, locked until now + retry (django-q2's ORM broker).
  const retries = Math.min(failed.length, Math.floor(counts.pending / 5));
  for (let n = 0; n < counts.pending; n++) {
    const retryOf = n < retries ? failed[n] : undefined;
    const template = retryOf?.template ?? TASKS[(n * 2 + 1) % TASKS.length]!;
    const k = retryOf?.n ?? n + 100;
    const id = retryOf?.id ?? uuid4hex();
    const started = retryOf?.started ?? minutes(n % 4);
    const task = pyDict([
      ['id', id],
      ['name', retryOf?.name ?? humanize(id)],
      ['func', funcValue(template, n % 7 === 3)],
      ['args', pyTuple(...template.args(k))],
      ['kwargs', pyDict(template.kwargs(k))],
      ['started', startedValue(started)],
    ]);
    pendingRows.push({
      key: options.clusterName,
      payload: encodeTaskPayload(task, { key: options.secretKey, salt: options.clusterName, timestamp: Math.floor(started.getTime() / 1000) }),
      lock: retryOf ? new Date(now.getTime() + retry * 1000) : started,
    });
  }

  const scheduleRows: TaskInsert[] = [];
  for (let n = 0; n < counts.scheduled; n++) {
    const s = SCHEDULES[n % SCHEDULES.length]!;
    // Last spawned task: a success, a failure, one pruned since, or none yet.
    const pick = n % 4;
    const task = pick === 0 ? (successes[n % Math.max(1, successes.length)] ?? null) : pick === 1 ? (failed[n % Math.max(1, failed.length)]?.id ?? null) : pick === 2 ? uuid4hex() : null;
    scheduleRows.push({
      name: s.name === null ? null : s.func,
      func: s.func,
      hook: null,
      args: s.args ?? '()',
      kwargs: s.kwargs ?? '{}',
      schedule_type: s.type,
      repeats: s.type === 'O' ? 1 : -1 - (n * 13) % 200,
      next_run: n === counts.scheduled - 1 && counts.scheduled > 3 ? null : new Date(now.getTime() + ((n * 37) % 1440) * 60_000),
      task,
      minutes: s.minutes ?? null,
      cron: s.cron ?? null,
      cluster: null,
      intended_date_kwarg: null,
    });
  }

  await db.transaction().execute(async (trx) => {
    if (options.reset) {
      await sql`DELETE FROM django_q_ormq`.execute(trx);
      await sql`DELETE FROM django_q_schedule`.execute(trx);
      await sql`DELETE FROM django_q_task`.execute(trx);
    }
    await insertBatches(trx, 'django_q_task', taskRows);
    await insertBatches(trx, 'django_q_ormq', pendingRows);
    await insertBatches(trx, 'django_q_schedule', scheduleRows);
  });
  return { ...counts, retries };
}

/** True when the three django-q tables hold no row (a new embedded database). */
export async function queueIsEmpty(db: Kysely<Database>): Promise<boolean> {
  const { rows } = await sql<{ empty: boolean }>`
    SELECT NOT EXISTS (SELECT 1 FROM django_q_task) AND NOT EXISTS (SELECT 1 FROM django_q_ormq)
       AND NOT EXISTS (SELECT 1 FROM django_q_schedule) AS empty`.execute(db);
  return rows[0]?.empty ?? false;
}
