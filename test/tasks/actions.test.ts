/**
 * The actions (extensions): retry, run now, pause, resume, the audit trail —
 * rows in django-q's exact formats, the queued payloads decoded back and
 * compared whole; read-only mode; the sidecar tables' 409s. The cluster
 * executing what we queue is test/interop/actions.test.ts.
 */
import { sql } from 'kysely';
import t from 'tap';
import { loadTaskPayload, pyRepr, type PyValue } from '../../src/djangoq/index.js';
import { ensureSidecarTables } from '../../src/tasks/actions/index.js';
import { createTestApp } from '../helpers/app.js';
import { CLUSTER, insertSchedule, insertTask, TEST_SECRET_KEY } from '../helpers/rows.js';
import { staffAuthorization } from '../helpers/users.js';

const BASE = '/api/background-task';
const HEX32 = /^[0-9a-f]{32}$/;

type Db = Parameters<typeof ensureSidecarTables>[0];

/** The queued rows, their payloads verified with the cluster's key and salt and shown as Python's repr. */
async function queued(db: Db): Promise<Array<{ key: string; task: PyValue; repr: string }>> {
  const rows = await db.selectFrom('django_q_ormq').select(['key', 'payload']).orderBy('id').execute();
  return rows.map((r) => {
    const task = loadTaskPayload(r.payload, { verify: true, keys: [TEST_SECRET_KEY], salt: CLUSTER });
    return { key: r.key, task, repr: pyRepr(task) };
  });
}

/** repr(task) without the parts that are new on every enqueue (id, name, started). */
function stable(repr: string): string {
  return repr
    .replace(/'id': '[0-9a-f]{32}'/, "'id': ID")
    .replace(/'name': '[a-z]+-[a-z]+-[a-z]+-[a-z]+'/, "'name': NAME")
    .replace(/'started': datetime\.datetime\([^)]*\)\)?/, "'started': NOW");
}

t.test('retry', async (t) => {
  const { app, database } = await createTestApp(t, { secretKey: TEST_SECRET_KEY });
  const db = database.db;
  const authorization = await staffAuthorization(db);
  const post = (path: string, payload?: unknown) => app.inject({ method: 'POST', url: `${BASE}${path}`, headers: { authorization }, payload: payload as object });

  const failed = await insertTask(db, { func: 'part.tasks.check_stock', args: ['R-10K', 50n], kwargs: { available: 3n }, group: 'stock' });
  const res = await post(`/failed/${failed.id}/retry/`);
  t.equal(res.statusCode, 200);
  const body = res.json();
  t.equal(body.retried, 1);
  t.equal(body.tasks[0].failed, failed.id);
  t.match(body.tasks[0].task_id, HEX32);
  t.equal(await db.selectFrom('django_q_task').select('id').where('id', '=', failed.id).executeTakeFirst(), undefined, 'the failed row is deleted');
  const [q] = await queued(db);
  t.equal(q?.key, CLUSTER, 'queued on the cluster\'s list key');
  // async_task(func, *args, hook=, group=, cluster=, **kwargs): django-q2's keys, in its order.
  t.equal(
    stable(q?.repr ?? ''),
    "{'id': ID, 'name': NAME, 'func': 'part.tasks.check_stock', 'args': ('R-10K', 50), 'hook': None, 'group': 'stock', 'cluster': None, 'kwargs': {'available': 3}, 'started': NOW}",
  );
  t.match(q?.repr, `'id': '${body.tasks[0].task_id}'`);

  t.test('the bulk body: same validation and messages as the bulk DELETE', async (t) => {
    const empty = await post('/failed/retry/', {});
    t.equal(empty.statusCode, 400);
    t.same(empty.json(), { non_field_errors: ['List of items or filters must be provided for bulk deletion'] });
    const notList = await post('/failed/retry/', { items: 'abc' });
    t.same(notList.json(), { items: ["'items' must be supplied as a list object"] });
    const notDict = await post('/failed/retry/', { filters: [1] });
    t.same(notDict.json(), { filters: ["'filters' must be supplied as a dict object"] });

    const a = await insertTask(db, { func: 'report.tasks.cleanup', args: [] });
    const b = await insertTask(db, { func: 'report.tasks.cleanup', args: [1n] });
    const ok = await insertTask(db, { func: 'report.tasks.cleanup', success: true });
    const other = await insertTask(db, { func: 'other.tasks.x' });
    const before = (await queued(db)).length;
    const r = await post('/failed/retry/', { filters: { func: 'report.tasks.cleanup' } });
    t.equal(r.statusCode, 200);
    t.same(r.json().tasks.map((x: { failed: string }) => x.failed).sort(), [a.id, b.id].sort(), 'only failed tasks, only the selected');
    t.equal((await queued(db)).length, before + 2);
    const left = await db.selectFrom('django_q_task').select('id').where('func', '=', 'report.tasks.cleanup').execute();
    t.same(left.map((x) => x.id), [ok.id], 'the successful task is untouched');
    const none = await post('/failed/retry/', { items: [ok.id] });
    t.same(none.json(), { retried: 0, tasks: [] }, 'a successful task is never retried');
    t.ok(await db.selectFrom('django_q_task').select('id').where('id', '=', other.id).executeTakeFirst());
  });

  t.test('404s', async (t) => {
    const ok = await insertTask(db, { success: true });
    for (const id of ['0123456789abcdef0123456789abcdef', ok.id, 'x'.repeat(33)]) {
      const r = await post(`/failed/${id}/retry/`);
      t.equal(r.statusCode, 404, id);
      t.same(r.json(), { detail: 'Not found.' });
    }
  });

  t.test('args that cannot be decoded faithfully: 400 naming the task, nothing retried', async (t) => {
    const good = await insertTask(db, { func: 'bad.batch', args: [1n] });
    const { id } = await insertTask(db, { func: 'bad.batch', args: [2n] });
    await db.updateTable('django_q_task').set({ args: 'bm90IGEgcGlja2xl' }).where('id', '=', id).execute();
    const before = (await queued(db)).length;
    const r = await post('/failed/retry/', { filters: { func: 'bad.batch' } });
    t.equal(r.statusCode, 400);
    t.match(r.json().detail, new RegExp(`^Task ${id} \\(".*"\\) cannot be retried: its args cannot be decoded faithfully .*Nothing was retried\\.$`));
    t.equal((await queued(db)).length, before, 'nothing queued');
    t.equal((await db.selectFrom('django_q_task').select('id').where('func', '=', 'bad.batch').execute()).length, 2, 'both failed rows kept');
    t.ok(good);
  });
});

t.test('run now', async (t) => {
  const { app, database } = await createTestApp(t, { secretKey: TEST_SECRET_KEY });
  const db = database.db;
  const authorization = await staffAuthorization(db);
  const post = (path: string) => app.inject({ method: 'POST', url: `${BASE}${path}`, headers: { authorization } });
  const nextRun = new Date('2031-01-02T03:04:05.123456Z');
  const s = await insertSchedule(db, { name: 'nightly', func: 'report.tasks.nightly', args: "'a', 2", kwargs: "{'k': [1, 2], 'q_options': {'timeout': 30}}", nextRun, repeats: 4 });
  const res = await post(`/scheduled/${s.pk}/run/`);
  t.equal(res.statusCode, 202);
  const { task_id } = res.json();
  t.match(task_id, HEX32);
  const row = await db.selectFrom('django_q_schedule').select(['task', 'repeats', sql<string>`next_run::text`.as('next_run')]).where('id', '=', s.pk).executeTakeFirstOrThrow();
  t.equal(row.task, task_id, "the new id in the schedule's task column");
  t.equal(row.repeats, 4, 'repeats left alone');
  const stored = await db.selectFrom('django_q_schedule').select('next_run').where('id', '=', s.pk).executeTakeFirstOrThrow();
  t.equal((stored.next_run as Date).getTime(), nextRun.getTime(), 'next_run left alone');
  const [q] = await queued(db);
  t.equal(q?.key, CLUSTER);
  // The scheduler's call: args a tuple, q_options merged (group = the name, cluster None → this cluster's broker).
  t.equal(
    stable(q?.repr ?? ''),
    "{'id': ID, 'name': NAME, 'func': 'report.tasks.nightly', 'args': ('a', 2), 'group': 'nightly', 'cluster': None, 'timeout': 30, 'kwargs': {'k': [1, 2]}, 'started': NOW}",
  );

  t.test('refusals', async (t) => {
    t.equal((await post('/scheduled/999999/run/')).statusCode, 404);
    t.equal((await post('/scheduled/99999999999999999999/run/')).statusCode, 404);
    const before = (await queued(db)).length;
    const bad = await insertSchedule(db, { args: "'unterminated" });
    const r = await post(`/scheduled/${bad.pk}/run/`);
    t.equal(r.statusCode, 400);
    t.match(r.json().detail, `Schedule ${bad.pk} cannot be run: django-q's scheduler would raise SyntaxError`);
    const odd = await insertSchedule(db, { scheduleType: 'Z' });
    const z = await post(`/scheduled/${odd.pk}/run/`);
    t.equal(z.statusCode, 400);
    t.match(z.json().detail, `Schedule ${odd.pk} cannot be run: unknown schedule type "Z"`);
    t.equal((await queued(db)).length, before, 'nothing queued');
  });
});

t.test('pause and resume', async (t) => {
  const { app, database } = await createTestApp(t, { secretKey: TEST_SECRET_KEY });
  const db = database.db;
  const authorization = await staffAuthorization(db);
  const post = (path: string) => app.inject({ method: 'POST', url: `${BASE}${path}`, headers: { authorization } });
  const nextRunOf = async (pk: number) => ((await db.selectFrom('django_q_schedule').select('next_run').where('id', '=', pk).executeTakeFirstOrThrow()).next_run as Date).getTime();
  const repeatsOf = async (pk: number) => (await db.selectFrom('django_q_schedule').select('repeats').where('id', '=', pk).executeTakeFirstOrThrow()).repeats;

  const past = new Date(Date.now() - 12 * 60_000);
  past.setUTCMilliseconds(0);
  const s = await insertSchedule(db, { scheduleType: 'I', minutes: 5, nextRun: past, repeats: 7 });
  const missing = await post(`/scheduled/${s.pk}/pause/`);
  t.equal(missing.statusCode, 409);
  t.same(missing.json(), { detail: 'Pausing a schedule needs the table bgtasks_schedule_pause, which does not exist: run `bgtasks migrate --sidecar`.' });
  t.equal(await repeatsOf(s.pk), 7, 'nothing changed');

  t.same(await ensureSidecarTables(db), ['bgtasks_schedule_pause', 'bgtasks_audit']);
  t.same(await ensureSidecarTables(db), [], 'idempotent');

  const paused = await post(`/scheduled/${s.pk}/pause/`);
  t.equal(paused.statusCode, 200);
  t.same(paused.json(), { pk: s.pk, paused: true, repeats: 0, paused_repeats: 7 });
  t.equal(await repeatsOf(s.pk), 0, 'repeats = 0: the scheduler skips it');
  t.same((await post(`/scheduled/${s.pk}/pause/`)).json(), { pk: s.pk, paused: true, repeats: 0, paused_repeats: 7 }, 'pausing again changes nothing');
  t.equal(await nextRunOf(s.pk), past.getTime(), 'next_run untouched by pause');
  const shown = async () => {
    const list = (await app.inject({ url: `${BASE}/scheduled/`, headers: { authorization } })).json();
    const detail = (await app.inject({ url: `${BASE}/scheduled/${s.pk}/`, headers: { authorization } })).json();
    return [list.find((r: { pk: number }) => r.pk === s.pk)?.paused, detail.paused];
  };
  t.same(await shown(), [true, true], 'list and detail show it paused');

  const resumed = await post(`/scheduled/${s.pk}/resume/`);
  t.equal(resumed.statusCode, 200);
  // Every 5 minutes from 12 minutes ago: the next future occurrence is 3 minutes from now.
  const expected = past.getTime() + 15 * 60_000;
  t.same(resumed.json(), { pk: s.pk, paused: false, repeats: 7, next_run: new Date(expected).toISOString().replace('.000Z', 'Z') });
  t.equal(await nextRunOf(s.pk), expected);
  t.equal(await repeatsOf(s.pk), 7);
  t.same(await shown(), [false, false], 'list and detail show it resumed');
  const again = await post(`/scheduled/${s.pk}/resume/`);
  t.equal(again.statusCode, 409);
  t.same(again.json(), { detail: `Schedule ${s.pk} is not paused.` });

  t.test('cron: the next future occurrence', async (t) => {
    const c = await insertSchedule(db, { scheduleType: 'C', cron: '0 * * * *', minutes: null, nextRun: new Date(Date.now() - 5 * 3_600_000), repeats: -1 });
    t.equal((await post(`/scheduled/${c.pk}/pause/`)).statusCode, 200);
    t.equal((await post(`/scheduled/${c.pk}/resume/`)).statusCode, 200);
    const hour = 3_600_000;
    t.equal(await nextRunOf(c.pk), (Math.floor(Date.now() / hour) + 1) * hour, 'the next full hour');
    t.equal(await repeatsOf(c.pk), -1);
  });

  t.test('refusals', async (t) => {
    const done = await insertSchedule(db, { repeats: 0 });
    const r = await post(`/scheduled/${done.pk}/pause/`);
    t.equal(r.statusCode, 409);
    t.same(r.json(), { detail: `Schedule ${done.pk} has no runs left (repeats = 0): there is nothing to pause.` });
    t.equal((await post('/scheduled/424242/pause/')).statusCode, 404);
    t.equal((await post('/scheduled/424242/resume/')).statusCode, 404);
    const odd = await insertSchedule(db, { scheduleType: 'Z', nextRun: new Date(Date.now() - 60_000) });
    t.equal((await post(`/scheduled/${odd.pk}/pause/`)).statusCode, 200);
    const z = await post(`/scheduled/${odd.pk}/resume/`);
    t.equal(z.statusCode, 400);
    t.match(z.json().detail, `Schedule ${odd.pk} cannot be resumed: unknown schedule type "Z"`);
    t.equal(await repeatsOf(odd.pk), 0, 'still paused');
  });
});

t.test('audit trail', async (t) => {
  const { app, database } = await createTestApp(t, { secretKey: TEST_SECRET_KEY });
  const db = database.db;
  const authorization = await staffAuthorization(db);
  const missing = await app.inject({ url: `${BASE}/audit/`, headers: { authorization } });
  t.equal(missing.statusCode, 409);
  t.same(missing.json(), { detail: 'The audit trail needs the table bgtasks_audit, which does not exist: run `bgtasks migrate --sidecar`.' });
  // Without the table the actions still work (and log).
  const f0 = await insertTask(db, {});
  t.equal((await app.inject({ method: 'POST', url: `${BASE}/failed/${f0.id}/retry/`, headers: { authorization } })).statusCode, 200);

  await ensureSidecarTables(db);
  const f1 = await insertTask(db, {});
  const f2 = await insertTask(db, {});
  const s = await insertSchedule(db, {});
  const retried = (await app.inject({ method: 'POST', url: `${BASE}/failed/${f1.id}/retry/`, headers: { authorization } })).json();
  t.equal((await app.inject({ method: 'DELETE', url: `${BASE}/failed/`, headers: { authorization }, payload: { items: [f2.id] } })).statusCode, 204);
  const ran = (await app.inject({ method: 'POST', url: `${BASE}/scheduled/${s.pk}/run/`, headers: { authorization } })).json();
  await app.inject({ method: 'POST', url: `${BASE}/scheduled/${s.pk}/pause/`, headers: { authorization } });
  await app.inject({ method: 'POST', url: `${BASE}/scheduled/${s.pk}/resume/`, headers: { authorization } });

  const list = await app.inject({ url: `${BASE}/audit/?limit=10`, headers: { authorization } });
  t.equal(list.statusCode, 200);
  const page = list.json();
  t.equal(page.count, 5);
  const staff = page.results[0].user;
  t.match(staff, /^user_/);
  t.same(
    page.results.map((e: { action: string; target: string; ids: string[]; count: number; user: string; address: string }) => [e.action, e.target, e.ids, e.count, e.user, e.address]),
    [
      ['resume', 'scheduled', [String(s.pk)], 1, staff, '127.0.0.1'],
      ['pause', 'scheduled', [String(s.pk)], 1, staff, '127.0.0.1'],
      ['run', 'scheduled', [String(s.pk)], 1, staff, '127.0.0.1'],
      ['delete', 'failed', [f2.id], 1, staff, '127.0.0.1'],
      ['retry', 'failed', [f1.id], 1, staff, '127.0.0.1'],
    ],
    'newest first, one row per write',
  );
  t.same(page.results[2].detail, { task_id: ran.task_id });
  t.same(page.results[4].detail, { tasks: retried.tasks });
  const retries = (await app.inject({ url: `${BASE}/audit/?action=retry`, headers: { authorization } })).json();
  t.same(retries.map((e: { action: string }) => e.action), ['retry']);
  const nobody = (await app.inject({ url: `${BASE}/audit/?user=someone-else`, headers: { authorization } })).json();
  t.same(nobody, []);
  t.equal((await app.inject({ url: `${BASE}/audit/?user=${staff}`, headers: { authorization } })).json().length, 5);
});

t.test('READ_ONLY=true refuses every write with 403, touching nothing', async (t) => {
  const { app, database } = await createTestApp(t, { secretKey: TEST_SECRET_KEY, readOnly: true });
  const db = database.db;
  await ensureSidecarTables(db);
  const authorization = await staffAuthorization(db);
  const f = await insertTask(db, {});
  const s = await insertSchedule(db, { repeats: 3 });
  const writes: Array<[string, string, unknown?]> = [
    ['POST', `/failed/${f.id}/retry/`],
    ['POST', '/failed/retry/', { items: [f.id] }],
    ['POST', '/failed/retry/', {}],
    ['POST', `/scheduled/${s.pk}/run/`],
    ['POST', `/scheduled/${s.pk}/pause/`],
    ['POST', `/scheduled/${s.pk}/resume/`],
    ['DELETE', '/failed/', { items: [f.id] }],
    ['DELETE', '/pending/', { items: [1] }],
  ];
  for (const [method, path, payload] of writes) {
    const r = await app.inject({ method: method as 'POST', url: `${BASE}${path}`, headers: { authorization }, payload: payload as object });
    t.equal(r.statusCode, 403, `${method} ${path}`);
    t.same(r.json(), { detail: 'This server is read-only.' });
  }
  t.ok(await db.selectFrom('django_q_task').select('id').where('id', '=', f.id).executeTakeFirst(), 'the failed task is kept');
  t.equal((await queued(db)).length, 0, 'nothing queued');
  t.equal((await db.selectFrom('django_q_schedule').select('repeats').where('id', '=', s.pk).executeTakeFirstOrThrow()).repeats, 3);
  t.equal((await db.selectFrom('bgtasks_audit').select('id').execute()).length, 0, 'nothing audited: nothing was written');
});
