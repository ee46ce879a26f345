import t from 'tap';
import { createTestApp } from '../helpers/app.js';
import { insertPending, insertSchedule, insertTask } from '../helpers/rows.js';
import { staffAuthorization } from '../helpers/users.js';

t.test('overview counts and worker status', async (t) => {
  const { app, database } = await createTestApp(t, { countsTtlSeconds: 0 });
  const authorization = await staffAuthorization(database.db);
  const get = () => app.inject({ method: 'GET', url: '/api/background-task/', headers: { authorization } });

  let res = await get();
  t.equal(res.statusCode, 200);
  t.equal(res.headers['content-type'], 'application/json');
  t.equal(res.body, '{"is_running":false,"pending_tasks":0,"scheduled_tasks":0,"failed_tasks":0}', 'exact bytes, key order');

  await insertPending(database.db);
  await insertPending(database.db, { lock: new Date(Date.now() + 120_000) });
  for (let i = 0; i < 3; i++) await insertSchedule(database.db);
  await insertTask(database.db, { success: false });
  await insertTask(database.db, { success: false, attemptCount: 3 });
  await insertTask(database.db, { success: true, started: new Date(Date.now() - 11 * 60_000) });
  res = await get();
  t.equal(res.body, '{"is_running":false,"pending_tasks":2,"scheduled_tasks":3,"failed_tasks":2}', 'an old success is not a running worker');

  await insertTask(database.db, { success: true, started: new Date(Date.now() - 9 * 60_000) });
  res = await get();
  t.equal(res.body, '{"is_running":true,"pending_tasks":2,"scheduled_tasks":3,"failed_tasks":2}', 'a success in the last 10 minutes');

  res = await app.inject({ method: 'HEAD', url: '/api/background-task/', headers: { authorization } });
  t.equal(res.statusCode, 200);
  t.equal(res.body, '', 'HEAD has no body');
  t.equal(res.headers.allow, 'GET, HEAD, OPTIONS');
});

t.test('counts are cached for COUNTS_TTL_SECONDS and shared by concurrent requests', async (t) => {
  const { app, database } = await createTestApp(t, { countsTtlSeconds: 60 });
  const authorization = await staffAuthorization(database.db);
  const before = app.services.counts.queries;
  const responses = await Promise.all(
    Array.from({ length: 10 }, () => app.inject({ method: 'GET', url: '/api/background-task/', headers: { authorization } })),
  );
  for (const res of responses) t.equal(res.statusCode, 200);
  for (let i = 0; i < 5; i++) await app.inject({ method: 'GET', url: '/api/background-task/', headers: { authorization } });
  t.equal(app.services.counts.queries - before, 1, '15 overview requests, one count query');
  await insertTask(database.db, { success: false });
  const cached = await app.inject({ method: 'GET', url: '/api/background-task/', headers: { authorization } });
  t.equal(cached.json().failed_tasks, 0, 'within the TTL the cached value is served');
});
