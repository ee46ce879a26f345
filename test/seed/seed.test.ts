import t from 'tap';
import { decodePickledField, decodeTaskPayload, pyStr } from '../../src/djangoq/index.js';
import { queueIsEmpty, seed } from '../../src/seed/seed.js';
import { createTestApp } from '../helpers/app.js';
import { CLUSTER, TEST_SECRET_KEY } from '../helpers/rows.js';
import { staffAuthorization } from '../helpers/users.js';

t.test('seeded data is django-q data and the API serves all of it', async (t) => {
  const { app, database } = await createTestApp(t, { secretKey: TEST_SECRET_KEY, countsTtlSeconds: 0 });
  const db = database.db;
  t.ok(await queueIsEmpty(db));
  const report = await seed(db, { counts: { pending: 20, failed: 30, success: 12, scheduled: 14 }, secretKey: TEST_SECRET_KEY, clusterName: CLUSTER });
  t.same(report, { pending: 20, failed: 30, success: 12, scheduled: 14, retries: 4 });
  t.notOk(await queueIsEmpty(db));

  const pending = await db.selectFrom('django_q_ormq').selectAll().orderBy('id').execute();
  t.equal(pending.length, 20);
  for (const row of pending) {
    t.equal(row.key, CLUSTER);
    const decoded = decodeTaskPayload(row.payload, { keys: [TEST_SECRET_KEY], salt: CLUSTER, verify: true });
    t.ok(decoded.ok, 'payload verifies with SECRET_KEY and the cluster name');
    if (decoded.ok) t.match(decoded.task.id, /^[0-9a-f]{32}$/);
  }
  const tasks = await db.selectFrom('django_q_task').selectAll().execute();
  const failed = tasks.filter((r) => !r.success);
  t.equal(failed.length, 30);
  for (const row of failed) {
    t.match(pyStr(decodePickledField(row.result!)), / : Traceback \(most recent call last\):\n/);
    t.ok(row.attempt_count >= 1 && row.attempt_count <= 5);
  }
  const failedIds = new Set(failed.map((r) => r.id));
  const retryIds = pending
    .map((r) => decodeTaskPayload(r.payload, { keys: [TEST_SECRET_KEY], salt: CLUSTER, verify: true }))
    .flatMap((d) => (d.ok && d.task.id && failedIds.has(d.task.id) ? [d.task.id] : []));
  t.equal(retryIds.length, 4, 'retries are both failed and pending');
  const locked = pending.filter((r) => r.lock && new Date(r.lock).getTime() > Date.now());
  t.equal(locked.length, 4, 'a retry waits with its lock in the future');

  const schedules = await db.selectFrom('django_q_schedule').selectAll().execute();
  t.same(new Set(schedules.map((s) => s.schedule_type)), new Set(['I', 'D', 'W', 'H', 'BW', 'M', 'BM', 'Q', 'Y', 'C', 'O']), 'every schedule type');
  t.ok(schedules.some((s) => s.schedule_type === 'C' && s.cron), 'a cron schedule');
  const taskIds = new Set(tasks.map((r) => r.id));
  t.ok(schedules.some((s) => s.task && taskIds.has(s.task)), 'some point at an existing task');
  t.ok(schedules.some((s) => s.task && !taskIds.has(s.task)), 'some at a pruned one');

  const authorization = await staffAuthorization(db);
  const overview = (await app.inject({ method: 'GET', url: '/api/background-task/', headers: { authorization } })).json();
  t.same(overview, { is_running: true, pending_tasks: 20, scheduled_tasks: 14, failed_tasks: 30 });
  for (const list of ['pending', 'scheduled', 'failed']) {
    const res = await app.inject({ method: 'GET', url: `/api/background-task/${list}/`, headers: { authorization } });
    t.equal(res.statusCode, 200);
    const rows = res.json();
    t.equal(rows.length, list === 'pending' ? 20 : list === 'failed' ? 30 : 14, list);
  }
  const pendingRows = (await app.inject({ method: 'GET', url: '/api/background-task/pending/', headers: { authorization } })).json();
  t.notOk(pendingRows.some((r: { task_id: string }) => r.task_id.startsWith('*')), 'every payload decodes');
  t.ok(pendingRows.some((r: { func: string }) => r.func === 'bgtasks_demo.plugin.base.integration.SettingsMixin.SettingsMixin.check_settings'), 'a classmethod shows as module.Class.method');

  const reset = await seed(db, { counts: { pending: 1, failed: 1, success: 0, scheduled: 0 }, secretKey: TEST_SECRET_KEY, clusterName: CLUSTER, reset: true });
  t.equal(reset.retries, 0);
  t.equal((await db.selectFrom('django_q_task').select('id').execute()).length, 1, '--reset replaced everything');
});
