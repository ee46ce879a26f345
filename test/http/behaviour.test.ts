import t from 'tap';
import { openPostgres } from '../../src/db/connect.js';
import { buildApp } from '../../src/app.js';
import { createTestApp } from '../helpers/app.js';
import { testConfig } from '../helpers/config.js';
import { createToken, createUser, staffAuthorization } from '../helpers/users.js';

const ENDPOINTS: Array<[string, string]> = [
  ['/api/background-task/', 'GET, HEAD, OPTIONS'],
  ['/api/background-task/pending/', 'GET, DELETE, HEAD, OPTIONS'],
  ['/api/background-task/scheduled/', 'GET, HEAD, OPTIONS'],
  ['/api/background-task/failed/', 'GET, DELETE, HEAD, OPTIONS'],
];

t.test('around the endpoints', async (t) => {
  const { app, database } = await createTestApp(t);
  const authorization = await staffAuthorization(database.db);

  t.test('unknown API paths and missing slashes are InvenTree 404s', async (t) => {
    // (`/api/background-task/<one segment>/` is the task-status route and `failed/<id>/` a
    // detail route: test/tasks/task-status.test.ts and detail.test.ts cover their 404s.)
    for (const url of ['/api/background-task/pending', '/api/background-task/nope/deeper/', '/api/user/', '/api/background-task/failed/x/y/', '/api/background-task/pending/x/']) {
      const res = await app.inject({ method: 'GET', url, headers: { authorization, host: 'inv.local:8000' } });
      t.equal(res.statusCode, 404, url);
      t.equal(res.headers['content-type'], 'application/json');
      t.same(res.json(), { detail: 'API endpoint not found', url: `http://inv.local:8000${url}` });
    }
  });

  t.test('methods an endpoint lacks: 405 after authentication, with Allow', async (t) => {
    for (const [url, allow] of ENDPOINTS) {
      const anonymous = await app.inject({ method: 'POST', url });
      t.equal(anonymous.statusCode, 401, `${url} POST without credentials`);
      t.equal(anonymous.headers['www-authenticate'], 'Token');
      for (const method of ['POST', 'PUT', 'PATCH'] as const) {
        const res = await app.inject({ method, url, headers: { authorization } });
        t.equal(res.statusCode, 405, `${method} ${url}`);
        t.equal(res.body, `{"detail":"Method \\"${method}\\" not allowed."}`);
        t.equal(res.headers.allow, allow);
      }
    }
    const del = await app.inject({ method: 'DELETE', url: '/api/background-task/scheduled/', headers: { authorization } });
    t.equal(del.statusCode, 405);
  });

  t.test('OPTIONS: DRF metadata, after authentication', async (t) => {
    for (const [url, allow] of ENDPOINTS) {
      t.equal((await app.inject({ method: 'OPTIONS', url })).statusCode, 401);
      const res = await app.inject({ method: 'OPTIONS', url, headers: { authorization } });
      t.equal(res.statusCode, 200);
      t.equal(res.headers.allow, allow);
      const body = res.json();
      t.same(Object.keys(body), ['name', 'description', 'renders', 'parses', 'actions']);
      t.same(body.actions, allow.includes('DELETE') ? { GET: {}, DELETE: {} } : { GET: {} });
    }
  });

  t.test('every response of an endpoint carries Allow, even errors', async (t) => {
    const res = await app.inject({ method: 'GET', url: '/api/background-task/failed/' });
    t.equal(res.statusCode, 401);
    t.equal(res.headers.allow, 'GET, DELETE, HEAD, OPTIONS');
  });

  t.test('authentication comes before body parsing and validation', async (t) => {
    const res = await app.inject({
      method: 'DELETE',
      url: '/api/background-task/pending/',
      headers: { 'content-type': 'application/json' },
      payload: '{not json',
    });
    t.equal(res.statusCode, 401);
    t.equal(res.body, '{"detail":"Authentication credentials were not provided."}');
    const text = await app.inject({ method: 'DELETE', url: '/api/background-task/failed/', headers: { 'content-type': 'text/plain' }, payload: 'x' });
    t.equal(text.statusCode, 401);
  });

  t.test('a route outside the document gets the same authenticator, the user on the request', async (t) => {
    const { app: other, database: otherDb } = await createTestApp(t);
    const admin = await createUser(otherDb.db, { isStaff: true, username: 'ops_admin' });
    const staff = `Token ${await createToken(otherDb.db, admin.id)}`;
    const plain = await createUser(otherDb.db, { username: 'ops_plain' });
    const seen: unknown[] = [];
    other.get('/__test/whoami', { onRequest: other.services.authenticate }, async (request) => {
      seen.push(request.user?.username);
      return { user: request.user?.username, scheme: request.user?.scheme };
    });
    const anonymous = await other.inject({ method: 'GET', url: '/__test/whoami' });
    t.equal(anonymous.statusCode, 401);
    t.equal(anonymous.body, '{"detail":"Authentication credentials were not provided."}');
    t.equal(anonymous.headers['www-authenticate'], 'Token');
    const wrong = await other.inject({ method: 'GET', url: '/__test/whoami', headers: { authorization: 'Token nope' } });
    t.equal(wrong.statusCode, 401);
    t.equal(wrong.body, '{"detail":"Invalid token."}');
    const res = await other.inject({ method: 'GET', url: '/__test/whoami', headers: { authorization: staff } });
    t.equal(res.statusCode, 200);
    t.same(res.json(), { user: 'ops_admin', scheme: 'token' });
    const notStaff = await other.inject({ method: 'GET', url: '/__test/whoami', headers: { authorization: `Token ${await createToken(otherDb.db, plain.id)}` } });
    t.equal(notStaff.statusCode, 403);
    t.same(seen, ['ops_admin'], 'the handler ran once, after authentication');
  });

  t.test('a body over 1 MiB is a JSON 413', async (t) => {
    const res = await app.inject({
      method: 'DELETE',
      url: '/api/background-task/pending/',
      headers: { authorization, 'content-type': 'application/json' },
      payload: JSON.stringify({ items: Array.from({ length: 200_000 }, (_, i) => i) }),
    });
    t.equal(res.statusCode, 413);
    t.match(res.json(), { detail: /too large/ });
  });

  t.test('unicode line separators are escaped as DRF does; other text is raw UTF-8', async (t) => {
    await database.db
      .insertInto('django_q_schedule')
      .values({ func: 'x.y\u2028z', name: 'ünïcødé ✓', schedule_type: 'O', repeats: -1, args: null, kwargs: null, next_run: null, task: null, hook: null, minutes: null, cron: null, cluster: null, intended_date_kwarg: null })
      .execute();
    const res = await app.inject({ method: 'GET', url: '/api/background-task/scheduled/', headers: { authorization } });
    t.match(res.body, /"func":"x\.y\\u2028z"/);
    t.match(res.body, /"name":"ünïcødé ✓"/);
    t.equal(res.headers['content-type'], 'application/json', 'exactly as DRF sends it');
  });
});

t.test('an unreachable database is a 503, and the process stays up', async (t) => {
  const handle = openPostgres({ url: 'postgres://postgres@127.0.0.1:1/none', poolMax: 1 });
  const app = await buildApp({ config: testConfig(), db: handle.db, logger: false, authenticator: {
    async authenticate() {
      return { id: 1, username: 'staff', isStaff: true, isSuperuser: false, scheme: 'token' };
    },
  } });
  t.teardown(async () => {
    await app.close();
    await handle.close();
  });
  for (const url of ['/api/background-task/', '/api/background-task/failed/?limit=5', '/api/background-task/pending/']) {
    const res = await app.inject({ method: 'GET', url });
    t.equal(res.statusCode, 503, url);
    t.same(Object.keys(res.json()), ['detail']);
  }
});
