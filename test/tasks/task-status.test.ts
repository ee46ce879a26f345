/**
 * GET /api/background-task/{task_id}/ — current InvenTree's task-status
 * endpoint (API 464+): queued, running, succeeded, failed and unknown
 * tasks, any authenticated user, the list routes still matching first,
 * and the number of statements per request.
 */
import t from 'tap';
import { idNeedles } from '../../src/tasks/detail/status.js';
import { createTestApp } from '../helpers/app.js';
import { insertPending, insertTask, TEST_SECRET_KEY, uuidHex } from '../helpers/rows.js';
import { createToken, createUser, staffAuthorization } from '../helpers/users.js';

const URL_ = (id: string) => `/api/background-task/${id}/`;

t.test('task status: queued, running, succeeded, failed, unknown', async (t) => {
  const { app, database } = await createTestApp(t, { secretKey: TEST_SECRET_KEY });
  const db = database.db;
  const user = await createUser(db, { isStaff: false });
  const authorization = `Token ${await createToken(db, user.id)}`;
  const get = (id: string, headers: Record<string, string> = { authorization }) => app.inject({ method: 'GET', url: URL_(id), headers });

  const queued = await insertPending(db, { lock: new Date(Date.now() - 1000) });
  const running = await insertPending(db, { lock: new Date(Date.now() + 60_000) });
  // Other queued tasks, so the lookup has to pick the right one.
  for (let i = 0; i < 5; i++) await insertPending(db);
  const ok = await insertTask(db, { success: true });
  const bad = await insertTask(db, { success: false });
  const unknown = uuidHex();

  const cases: Array<[string, string, number, Record<string, boolean>]> = [
    ['queued', queued.id, 200, { exists: true, pending: true, complete: false, success: false }],
    ['running (locked by a worker)', running.id, 200, { exists: true, pending: true, complete: false, success: false }],
    ['succeeded', ok.id, 200, { exists: true, pending: false, complete: true, success: true }],
    ['failed', bad.id, 200, { exists: true, pending: false, complete: true, success: false }],
    ['unknown', unknown, 404, { exists: false, pending: false, complete: false, success: false }],
  ];
  // The Content-Type bytes are the API's (whatever src/http renders for every JSON answer).
  const apiType = (await app.inject({ method: 'GET', url: '/api/background-task/', headers: { authorization: await staffAuthorization(db) } })).headers['content-type'];
  for (const [label, id, status, flags] of cases) {
    const res = await get(id);
    t.equal(res.statusCode, status, `${label}: HTTP status`);
    t.equal(res.headers['content-type'], apiType, `${label}: content type`);
    t.equal(res.headers.allow, 'GET, HEAD, OPTIONS', `${label}: Allow`);
    t.equal(res.body, JSON.stringify({ task_id: id, exists: flags.exists, pending: flags.pending, complete: flags.complete, success: flags.success, http_status: status }), `${label}: body bytes`);
  }

  // A failure with attempts left is in both tables: the finished row answers (it is looked up first).
  const retried = await insertTask(db, { success: false });
  await insertPending(db, { id: retried.id });
  t.same((await get(retried.id)).json(), { task_id: retried.id, exists: true, pending: false, complete: true, success: false, http_status: 200 });

  // A queued payload signed with another key is not a task django-q would run.
  const forged = await insertPending(db, { secretKey: 'some-other-secret-key' });
  t.equal((await get(forged.id)).statusCode, 404, 'a payload that fails its signature is not the task');
});

t.test('task status: who may ask, and what matches first', async (t) => {
  const { app, database } = await createTestApp(t, { secretKey: TEST_SECRET_KEY });
  const db = database.db;
  const staff = await staffAuthorization(db);
  const plain = await createUser(db, { isStaff: false });
  const plainAuth = `Token ${await createToken(db, plain.id)}`;
  const task = await insertTask(db, { success: true });

  const anon = await app.inject({ method: 'GET', url: URL_(task.id) });
  t.equal(anon.statusCode, 401);
  t.equal(anon.body, '{"detail":"Authentication credentials were not provided."}');
  t.equal(anon.headers['www-authenticate'], 'Token');
  t.equal((await app.inject({ method: 'GET', url: URL_(task.id), headers: { authorization: 'Token nope' } })).statusCode, 401);
  t.equal((await app.inject({ method: 'GET', url: URL_(task.id), headers: { authorization: plainAuth } })).statusCode, 200, 'a non-staff user may ask');
  t.equal((await app.inject({ method: 'GET', url: URL_(task.id), headers: { authorization: staff } })).statusCode, 200);

  // The lists still answer their own paths, with their staff rule.
  t.equal((await app.inject({ method: 'GET', url: '/api/background-task/failed/', headers: { authorization: plainAuth } })).statusCode, 403);
  const pending = await app.inject({ method: 'GET', url: '/api/background-task/pending/', headers: { authorization: staff } });
  t.equal(pending.statusCode, 200);
  t.ok(Array.isArray(pending.json()), 'pending/ is the list, not a task id');

  const post = await app.inject({ method: 'POST', url: URL_(task.id), headers: { authorization: plainAuth } });
  t.equal(post.statusCode, 405);
  t.equal(post.body, '{"detail":"Method \\"POST\\" not allowed."}');
  const head = await app.inject({ method: 'HEAD', url: URL_(task.id), headers: { authorization: plainAuth } });
  t.equal(head.statusCode, 200);
  t.equal(head.body, '');

  // Odd ids: never a 500.
  for (const id of ['x'.repeat(33), '%00', 'a%2Fb', '%E2%82%AC', "'; DROP TABLE django_q_task; --"]) {
    const res = await app.inject({ method: 'GET', url: URL_(id), headers: { authorization: plainAuth } });
    t.ok(res.statusCode === 404, `${id}: 404 (got ${res.statusCode} ${res.body.slice(0, 80)})`);
  }
});

t.test('task status: an API 464 route, so absent from the InvenTree 0.15 profile unless EXTENSIONS=on', async (t) => {
  {
    const { app, database } = await createTestApp(t, { secretKey: TEST_SECRET_KEY, apiCompat: 'inventree' });
    const authorization = await staffAuthorization(database.db);
    const task = await insertTask(database.db, { success: false });
    const res = await app.inject({ method: 'GET', url: URL_(task.id), headers: { authorization, host: 'inv.local' } });
    t.equal(res.statusCode, 404);
    t.equal(res.body, `{"detail": "API endpoint not found", "url": "http://inv.local${URL_(task.id)}"}`, "InvenTree 0.15's catch-all");
  }
  const { app: on, database } = await createTestApp(t, { secretKey: TEST_SECRET_KEY, apiCompat: 'inventree', extensions: 'on' });
  const authorization = await staffAuthorization(database.db);
  const task = await insertTask(database.db, { success: false });
  const res = await on.inject({ method: 'GET', url: URL_(task.id), headers: { authorization } });
  t.equal(res.statusCode, 200);
  t.same(res.json(), { task_id: task.id, exists: true, pending: false, complete: true, success: false, http_status: 200 });
});

t.test('idNeedles: the id is found in base64 at any byte alignment', async (t) => {
  const id = uuidHex();
  for (let before = 0; before < 6; before++) {
    const encoded = Buffer.concat([Buffer.alloc(before, 0x95), Buffer.from(id), Buffer.from([0x94, 0x8c])]).toString('base64url');
    t.ok(idNeedles(id).some((n) => encoded.includes(n)), `offset ${before}`);
  }
  t.same(idNeedles('ab'), [], 'too short for a stable run: no prefilter');
});
