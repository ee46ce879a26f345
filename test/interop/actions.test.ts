/**
 * The decisive test of the actions (#14): a real django-q 1.3.9 cluster
 * (Debian's python3-django-q, Django 3.2, ORM broker, the same SECRET_KEY
 * and cluster name as our app) executes what our API queues.
 *
 *  - a task that failed once (flaky: fails on its first run, succeeds after)
 *    is retried through POST failed/{id}/retry/; the cluster runs the new id
 *    and it succeeds;
 *  - a schedule is run now (POST scheduled/{id}/run/); the cluster runs the
 *    task with the schedule's parsed args and kwargs and its group;
 *  - a paused schedule whose next_run is past is not run by django-q's own
 *    scheduler; after resume its next_run is the next future occurrence and
 *    the scheduler runs it then.
 *
 * The cluster's sentinel calls the scheduler every 30 s; actions.py calls
 * the same function (django_q.cluster.scheduler) itself when the schedule is
 * due, so the test does not wait for the sentinel. PostgreSQL on
 * 127.0.0.1:5432; skipped with the reason printed otherwise (INTEROP_REQUIRED=1
 * makes that a failure).
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t, { type Test } from 'tap';
import { buildApp } from '../../src/app.js';
import { migrate } from '../../src/db/migrate.js';
import { ensureSidecarTables } from '../../src/tasks/actions/index.js';
import { testConfig } from '../helpers/config.js';
import { staffAuthorization } from '../helpers/users.js';
import { interopDatabase, interopRuns, type PyTaskRow, runPython } from './fixtures/harness.js';

t.setTimeout(240_000);

interface ScheduleJson {
  id: number;
  name: string;
  repeats: number;
  task: string | null;
  next_run: string | null;
}
interface Queued {
  id: string;
  group: string | null;
  func: string;
  key: string;
}
interface Setup {
  failed: string;
  run_now: ScheduleJson;
  paused: ScheduleJson;
  secret_key: string;
  salt: string;
  queued: Queued[];
}

if (interopRuns(t, 'actions interop')) await t.test('retry, run now, pause and resume on a real django-q cluster', main);

async function main(t: Test): Promise<void> {
  const marker = path.join(tmpdir(), `bgtasks-flaky-${randomBytes(6).toString('hex')}`);
  t.teardown(() => rmSync(marker, { force: true }));
  const suite = await interopDatabase(t);
  const { name: dbName, handle } = suite;
  const setup = (await runPython<Setup>('actions.py', ['setup', dbName, marker], undefined, 120_000)).json;
  t.same(setup.queued, [], 'nothing left in the queue: the failure was acknowledged');

  await migrate(handle.db); // users_apitoken (InvenTree's) for a token
  await ensureSidecarTables(handle.db);
  const config = testConfig({ secretKey: setup.secret_key, secretKeyFallbacks: [], qClusterName: setup.salt, timeZone: 'UTC' });
  suite.app = await buildApp({ config, db: handle.db, logger: false, databaseKind: 'postgres' });
  const authorization = await staffAuthorization(handle.db);
  const server = suite.app;
  const post = (url: string) => server.inject({ method: 'POST', url: `/api/background-task${url}`, headers: { authorization } });

  const retried = await post(`/failed/${setup.failed}/retry/`);
  t.equal(retried.statusCode, 200, 'retry');
  const retriedId: string = retried.json().tasks[0].task_id;
  const ran = await post(`/scheduled/${setup.run_now.id}/run/`);
  t.equal(ran.statusCode, 202, 'run now');
  const ranId: string = ran.json().task_id;
  t.equal((await post(`/scheduled/${setup.paused.id}/pause/`)).statusCode, 200, 'pause');

  // django-q's scheduler, with the paused schedule overdue: nothing for it.
  const sched = (await runPython<{ queued: Queued[]; schedules: ScheduleJson[] }>('actions.py', ['scheduler', dbName], undefined, 60_000)).json;
  t.same(
    sched.queued.map((q) => [q.id, q.group, q.key]).sort(),
    [
      [retriedId, null, setup.salt],
      [ranId, 'run-now', setup.salt],
    ].sort(),
    'queued: the retried task and the schedule run now — and nothing for the paused schedule',
  );
  const pausedNow = sched.schedules.find((s) => s.id === setup.paused.id);
  t.same(pausedNow, { ...setup.paused, repeats: 0 }, 'the paused schedule: untouched by the scheduler (next_run still past)');
  const runNow = sched.schedules.find((s) => s.id === setup.run_now.id);
  t.same(runNow, { ...setup.run_now, task: ranId }, "run now: the new id in the schedule's task column, next_run and repeats as they were");

  const resumed = await post(`/scheduled/${setup.paused.id}/resume/`);
  t.equal(resumed.statusCode, 200, 'resume');
  const nextRun = Date.parse(resumed.json().next_run);
  const pastRun = Date.parse(setup.paused.next_run as string);
  t.ok(nextRun > Date.now() - 1000, 'resumed at a future occurrence');
  t.equal((nextRun - pastRun) % 60_000, 0, 'an occurrence of the schedule (every minute from its next_run)');
  t.ok(nextRun - 60_000 <= Date.now(), 'the next one, not a later one');

  const executed = (await runPython<{ tasks: Record<string, PyTaskRow>; spawned: string; schedule: ScheduleJson; queued: Queued[] }>(
    'actions.py',
    ['execute', dbName, String(setup.paused.id), retriedId, ranId],
    undefined,
    150_000,
  )).json;
  const r = executed.tasks[retriedId];
  t.match(r, { success: true, func: 'interop_app.tasks.flaky', repr_args: `(${JSON.stringify(marker).replace(/"/g, "'")},)`, repr_kwargs: '{}', str_result: 'recovered on retry' }, 'the retried task ran and succeeded');
  const n = executed.tasks[ranId];
  t.match(n, { success: true, func: 'interop_app.tasks.echo', group: 'run-now', repr_args: "('a', 2)", repr_kwargs: "{'k': [1, 2], 'note': None}" }, 'run now: executed with the parsed args');
  t.equal(n?.repr_result, "{'args': ('a', 2), 'kwargs': {'k': [1, 2], 'note': None}}");
  const p = executed.tasks[executed.spawned];
  t.match(p, { success: true, func: 'interop_app.tasks.echo', group: 'paused', repr_args: "('p',)" }, 'after resume, the scheduler ran the schedule');
  t.equal(executed.schedule.task, executed.spawned);
  t.equal(Date.parse(executed.schedule.next_run as string), nextRun + 60_000, 'and stepped it from the resumed next_run');
  t.same(executed.queued, [], 'the queue is empty');
}
