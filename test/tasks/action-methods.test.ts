/**
 * The action routes are POST-only views: as DRF answers an APIView that
 * defines only `post`, every other method (GET and HEAD included) is a 405
 * after authentication, with `Allow: POST, OPTIONS`; an `{id}` that is not
 * digits is not the route at all (the catch-all 404, as on the other
 * templated paths); with the InvenTree 0.15 profile the routes do not exist.
 */
import t from 'tap';
import { createTestApp } from '../helpers/app.js';
import { insertSchedule, insertTask, TEST_SECRET_KEY } from '../helpers/rows.js';
import { staffAuthorization } from '../helpers/users.js';

const BASE = '/api/background-task';
const HOST = 'inv.local:8000';

t.test('wrong methods on the action routes: 405 with Allow, after authentication', async (t) => {
  const { app, database } = await createTestApp(t, { secretKey: TEST_SECRET_KEY });
  const db = database.db;
  const authorization = await staffAuthorization(db);
  const failed = await insertTask(db, { func: 'part.tasks.check_stock' });
  const schedule = await insertSchedule(db, { func: 'part.tasks.check_stock' });
  const urls = [
    `${BASE}/failed/retry/`,
    `${BASE}/failed/${failed.id}/retry/`,
    `${BASE}/failed/999999/retry/`, // no such row: the method is refused before any lookup
    `${BASE}/scheduled/${schedule.pk}/run/`,
    `${BASE}/scheduled/${schedule.pk}/pause/`,
    `${BASE}/scheduled/${schedule.pk}/resume/`,
  ];

  for (const url of urls) {
    for (const method of ['GET', 'PUT', 'PATCH', 'DELETE'] as const) {
      const res = await app.inject({ method, url, headers: { authorization, host: HOST } });
      t.equal(res.statusCode, 405, `${method} ${url}`);
      t.equal(res.headers['content-type'], 'application/json', `${method} ${url}`);
      t.equal(res.headers.allow, 'POST, OPTIONS', `${method} ${url}`);
      t.equal(res.body, `{"detail":"Method \\"${method}\\" not allowed."}`, `${method} ${url}`);
    }
    const head = await app.inject({ method: 'HEAD', url, headers: { authorization, host: HOST } });
    t.equal(head.statusCode, 405, `HEAD ${url}`);
    t.equal(head.headers.allow, 'POST, OPTIONS', `HEAD ${url}`);
    t.equal(head.body, '', `HEAD ${url}: no body`);

    // DRF runs authentication and permissions before dispatching: no credentials is a 401.
    const anonymous = await app.inject({ method: 'GET', url, headers: { host: HOST } });
    t.equal(anonymous.statusCode, 401, `GET ${url} without credentials`);
    t.equal(anonymous.headers['www-authenticate'], 'Token');
    t.equal(anonymous.headers.allow, 'POST, OPTIONS');
    t.equal(anonymous.body, '{"detail":"Authentication credentials were not provided."}');
  }

  // Nothing was touched by the refused methods.
  t.equal((await db.selectFrom('django_q_task').select('id').where('id', '=', failed.id).execute()).length, 1, 'the failed row is still there');
  t.same(await db.selectFrom('django_q_ormq').select('id').execute(), [], 'nothing was queued');
  const after = await db.selectFrom('django_q_schedule').select(['repeats']).where('id', '=', schedule.pk).executeTakeFirstOrThrow();
  t.equal(after.repeats, -1, 'the schedule is not paused');
});

t.test('a non-integer schedule {id} is the catch-all 404, whatever the method; a failed task id is any string', async (t) => {
  const { app, database } = await createTestApp(t, { secretKey: TEST_SECRET_KEY });
  const authorization = await staffAuthorization(database.db);
  // A failed task's id is a string (as on failed/{id}/): `x` is the route, a task that does not exist.
  const get = await app.inject({ method: 'GET', url: `${BASE}/failed/x/retry/`, headers: { authorization, host: HOST } });
  t.equal(get.statusCode, 405);
  t.equal(get.headers.allow, 'POST, OPTIONS');
  t.equal(get.body, '{"detail":"Method \\"GET\\" not allowed."}');
  const post = await app.inject({ method: 'POST', url: `${BASE}/failed/x/retry/`, headers: { authorization, host: HOST } });
  t.equal(post.statusCode, 404);
  t.equal(post.headers.allow, 'POST, OPTIONS');
  t.equal(post.body, '{"detail":"Not found."}');

  for (const url of [`${BASE}/scheduled/x/run/`, `${BASE}/scheduled/-1/run/`, `${BASE}/scheduled/4.0/run/`, `${BASE}/scheduled/x/pause/`, `${BASE}/scheduled/%D9%A4/resume/`, `${BASE}/scheduled/7/run`]) {
    for (const method of ['GET', 'POST'] as const) {
      const res = await app.inject({ method, url, headers: { authorization, host: HOST } });
      t.equal(res.statusCode, 404, `${method} ${url}`);
      t.equal(res.headers.allow, undefined, `${method} ${url}`);
      t.equal(res.body, `{"detail": "API endpoint not found", "url": "http://${HOST}${url}"}`, `${method} ${url}`);
    }
  }
});

t.test('InvenTree 0.15 profile: the action routes do not exist, so GET is the catch-all 404 too', async (t) => {
  const { app, database } = await createTestApp(t, { secretKey: TEST_SECRET_KEY, apiCompat: 'inventree' });
  const authorization = await staffAuthorization(database.db);
  for (const url of [`${BASE}/failed/retry/`, `${BASE}/failed/7/retry/`, `${BASE}/scheduled/7/run/`]) {
    for (const method of ['GET', 'POST'] as const) {
      const res = await app.inject({ method, url, headers: { authorization, host: HOST } });
      t.equal(res.statusCode, 404, `${method} ${url}`);
      t.equal(res.headers.allow, undefined, `${method} ${url}`);
      t.equal(res.body, `{"detail": "API endpoint not found", "url": "http://${HOST}${url}"}`, `${method} ${url}`);
    }
  }
});
