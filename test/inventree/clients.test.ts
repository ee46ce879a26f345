// GET /api/, /api/user/me/ and /api/user/token/ as InvenTree 0.15 answers
// them (docs/inventree-clients.md), in both modes, on the test database
// (PGlite, or PostgreSQL with TEST_DATABASE_URL). Every response is also
// checked against openapi/background-task.yaml by the test app.
import { sql } from 'kysely';
import t from 'tap';
import { defaultExpiry } from '../../src/auth/accounts.js';
import { todayIn } from '../../src/auth/dates.js';
import { basicHeader, insertSession, loginSession, mintSessionData, ORACLE_HASH, ORACLE_PASSWORD, SECRET_KEY } from '../auth/fixtures.js';
import { createTestApp } from '../helpers/app.js';
import { insertPending, insertTask } from '../helpers/rows.js';
import { createToken, createUser } from '../helpers/users.js';

const DOCKER = (await import('node:fs')).existsSync('/.dockerenv');
const KEY_FORMAT = /^inv-[0-9a-f]{40}-\d{8}$/;

/** InfoView's anonymous answer, as Django's JsonResponse writes it. */
function anonymousInfo(o: { instance?: string; running?: boolean; pending?: number } = {}): string {
  return (
    `{"server": "InvenTree", "version": "0.16.0 dev", "instance": ${o.instance ?? '"InvenTree"'}, "apiVersion": 198, ` +
    `"worker_running": ${o.running ?? false}, "worker_pending_tasks": ${o.pending ?? 0}, "plugins_enabled": false, ` +
    `"plugins_install_disabled": true, "active_plugins": false, "email_configured": false, "debug_mode": false, ` +
    `"docker_mode": ${DOCKER}, "default_locale": "en-us", "system_health": null, "database": null, "platform": null, ` +
    `"installer": null, "target": null}`
  );
}

t.test('GET /api/ (InfoView), inventree mode: Django JsonResponse bytes, no authentication', async (t) => {
  const { app, database } = await createTestApp(t, { apiCompat: 'inventree', countsTtlSeconds: 0, secretKey: SECRET_KEY, instanceName: 'Lager Ä ✓' });
  const db = database.db;
  let res = await app.inject({ method: 'GET', url: '/api/' });
  t.equal(res.statusCode, 200);
  t.equal(res.headers['content-type'], 'application/json');
  t.equal(res.body, anonymousInfo({ instance: '"Lager \\u00c4 \\u2713"' }), 'exact bytes: key order, separators, ensure_ascii');
  t.equal(res.headers['www-authenticate'], undefined);
  t.equal(res.headers.allow, undefined, 'a plain Django view: no DRF Allow header');

  await insertPending(db);
  await insertPending(db);
  await insertTask(db, { success: true, started: new Date(Date.now() - 60_000) });
  res = await app.inject({ method: 'GET', url: '/api/' });
  t.equal(res.body, anonymousInfo({ instance: '"Lager \\u00c4 \\u2713"', running: true, pending: 2 }), "the overview's worker rule and pending count");

  const staff = await createUser(db, { isStaff: true, password: ORACLE_HASH, username: 'boss' });
  const plain = await createUser(db, { password: ORACLE_HASH, username: 'clerk' });
  const staffToken = await createToken(db, staff.id);
  const staffInfo = async (headers: Record<string, string>) => (await app.inject({ method: 'GET', url: '/api/', headers })).json();

  const asStaff = await staffInfo({ authorization: `Token ${staffToken}` });
  t.same(
    [asStaff.system_health, asStaff.database, typeof asStaff.platform, asStaff.installer, asStaff.target],
    [false, 'postgresql', 'string', null, null],
    'a staff token fills the staff-only keys (system_health: e-mail is never configured)',
  );
  t.match(asStaff.platform, /^[A-Za-z]+-.+-(x86_64|aarch64|i686|\w+)$/);
  t.same(Object.keys(asStaff), Object.keys(JSON.parse(anonymousInfo())), 'same keys, same order');
  t.equal((await staffInfo({ authorization: `token   ${staffToken}  ` })).database, 'postgresql', 'any case, any whitespace (Python split)');

  const nonStaffToken = await createToken(db, plain.id);
  const revoked = await createToken(db, staff.id, { revoked: true });
  const expired = await createToken(db, staff.id, { expiry: '2000-01-01' });
  for (const [label, headers] of Object.entries({
    'non-staff token': { authorization: `Token ${nonStaffToken}` },
    'revoked staff token': { authorization: `Token ${revoked}` },
    'expired staff token': { authorization: `Token ${expired}` },
    'unknown token': { authorization: 'Token inv-nope' },
    'three words': { authorization: `Token ${staffToken} x` },
    'staff Basic (InfoView sees no DRF authentication)': { authorization: basicHeader('boss', ORACLE_PASSWORD) },
    'NUL in the key': { authorization: 'Token a\u0000b' },
  })) {
    const res = await app.inject({ method: 'GET', url: '/api/', headers });
    t.equal(res.statusCode, 200, `${label}: 200, never 401`);
    t.equal(res.json().database, null, `${label}: anonymous answer`);
  }

  const staffSession = await insertSession(db, mintSessionData(loginSession(ORACLE_HASH, staff.id)));
  const plainSession = await insertSession(db, mintSessionData(loginSession(ORACLE_HASH, plain.id)));
  t.equal((await staffInfo({ cookie: `sessionid=${staffSession}` })).database, 'postgresql', 'a staff session (no CSRF on GET)');
  t.equal((await staffInfo({ cookie: `sessionid=${plainSession}`, authorization: `Token ${staffToken}` })).database, null, 'a non-staff session wins over a staff token header');

  res = await app.inject({ method: 'HEAD', url: '/api/' });
  t.equal(res.statusCode, 200);
  t.equal(res.body, '');
});

t.test('GET /api/ in schema mode: compact JSON, schema-valid, plus the service key', async (t) => {
  const { app } = await createTestApp(t, { countsTtlSeconds: 0 });
  const res = await app.inject({ method: 'GET', url: '/api/' });
  t.equal(res.statusCode, 200);
  t.equal(res.headers['content-type'], 'application/json');
  const version = JSON.parse((await import('node:fs')).readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;
  t.equal(res.body, JSON.stringify({ ...JSON.parse(anonymousInfo()), service: `background-task-api ${version}` }));
});

t.test('GET /api/user/me/: any authenticated user, every scheme, ExendedUserSerializer', async (t) => {
  const { app, database } = await createTestApp(t, { apiCompat: 'inventree', secretKey: SECRET_KEY });
  const db = database.db;
  const user = await createUser(db, { password: ORACLE_HASH, username: 'clerk' });
  await sql`UPDATE auth_user SET first_name = 'Ada', last_name = 'Lovelace', email = 'ada@example.com' WHERE id = ${user.id}`.execute(db);
  const token = await createToken(db, user.id);
  const expected = `{"pk":${user.id},"username":"clerk","first_name":"Ada","last_name":"Lovelace","email":"ada@example.com","groups":[],"is_staff":false,"is_superuser":false,"is_active":true}`;

  const session = await insertSession(db, mintSessionData(loginSession(ORACLE_HASH, user.id)));
  for (const [label, headers] of Object.entries({
    token: { authorization: `Token ${token}` },
    basic: { authorization: basicHeader('clerk', ORACLE_PASSWORD) },
    session: { cookie: `sessionid=${session}` },
  })) {
    const res = await app.inject({ method: 'GET', url: '/api/user/me/', headers });
    t.equal(res.statusCode, 200, `${label}: a non-staff user is allowed`);
    t.equal(res.headers['content-type'], 'application/json');
    t.equal(res.body, expected, `${label}: exact bytes`);
    t.equal(res.headers.allow, 'GET, HEAD, OPTIONS');
  }

  // Django's auth_group / auth_user_groups (absent from a bare `bgtasks migrate` database).
  await sql`CREATE TABLE auth_group ("id" integer NOT NULL PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY, "name" varchar(150) NOT NULL UNIQUE)`.execute(db);
  await sql`CREATE TABLE auth_user_groups ("id" bigint NOT NULL PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY, "user_id" integer NOT NULL REFERENCES auth_user (id), "group_id" integer NOT NULL REFERENCES auth_group (id))`.execute(db);
  await sql`INSERT INTO auth_group (id, name) VALUES (7, 'Stock'), (3, 'Purchasing'), (9, 'Other')`.execute(db);
  await sql`INSERT INTO auth_user_groups (user_id, group_id) VALUES (${user.id}, 7), (${user.id}, 3)`.execute(db);
  const { app: fresh } = await createTestApp(t, { apiCompat: 'inventree' }, database);
  const res = await fresh.inject({ method: 'GET', url: '/api/user/me/', headers: { authorization: `Token ${token}` } });
  t.same(res.json().groups, [{ pk: 3, name: 'Purchasing' }, { pk: 7, name: 'Stock' }], 'groups as {pk, name}, by id');

  const anonymous = await app.inject({ method: 'GET', url: '/api/user/me/' });
  t.equal(anonymous.statusCode, 401);
  t.equal(anonymous.body, '{"detail":"Authentication credentials were not provided."}');
  t.equal(anonymous.headers['www-authenticate'], 'Token');
  const bad = await app.inject({ method: 'GET', url: '/api/user/me/', headers: { authorization: 'Token nope' } });
  t.equal(bad.statusCode, 401);
  t.equal(bad.body, '{"detail":"Invalid token."}');
  const put = await app.inject({ method: 'PUT', url: '/api/user/me/', headers: { authorization: `Token ${token}` } });
  t.equal(put.statusCode, 405, 'updating the user is not served here');
});

t.test('GET /api/user/token/: GetAuthToken', async (t) => {
  const { app, database, config } = await createTestApp(t, { apiCompat: 'inventree', secretKey: SECRET_KEY });
  const db = database.db;
  const user = await createUser(db, { password: ORACLE_HASH, username: 'clerk' });
  const basic = { authorization: basicHeader('clerk', ORACLE_PASSWORD), 'user-agent': 'python-requests/2.28.1' };
  const today = todayIn(config.timeZone);

  let res = await app.inject({ method: 'GET', url: '/api/user/token/?name=inventree-python-client', headers: basic });
  t.equal(res.statusCode, 200, 'a non-staff user gets a token');
  t.equal(res.headers['content-type'], 'application/json');
  const first = res.json();
  t.match(first.token, KEY_FORMAT);
  t.equal(first.token.slice(-8), today.replace(/-/g, ''), 'the key ends with the creation day');
  t.equal(res.body, `{"token":"${first.token}","name":"inventree-python-client","expiry":"${defaultExpiry(config.timeZone)}"}`, 'exact bytes');
  const row = await db.selectFrom('users_apitoken').selectAll().where('key', '=', first.token).executeTakeFirstOrThrow();
  t.same(
    [row.user_id, row.name, row.revoked, row.last_seen, row.metadata],
    [user.id, 'inventree-python-client', false, null, { user_agent: 'python-requests/2.28.1', remote_addr: '127.0.0.1', remote_host: '', remote_user: '', server_name: 'localhost', server_port: '80' }],
    'the stored row, with the request metadata InvenTree records',
  );

  res = await app.inject({ method: 'GET', url: '/api/user/token/?name=inventree-python-client', headers: { authorization: `Token ${first.token}` } });
  t.equal(res.json().token, first.token, 'the same active token is returned again (token auth too)');
  const count = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM users_apitoken`.execute(db)).rows[0]?.n);
  t.equal(await count(), 1);

  res = await app.inject({ method: 'GET', url: '/api/user/token/', headers: basic });
  t.equal(res.json().name, '', 'no name: the empty name, a different token');
  t.not(res.json().token, first.token);
  res = await app.inject({ method: 'GET', url: '/api/user/token/?name=a&name=%20My%20\u0007laptop%0A%20', headers: basic });
  t.equal(res.json().name, 'My-laptop', 'last value; stripped, control characters removed, spaces to dashes');
  res = await app.inject({ method: 'GET', url: `/api/user/token/?name=${'é'.repeat(150)}`, headers: basic });
  t.equal(res.json().name, 'é'.repeat(100), 'at most 100 characters');

  await sql`UPDATE users_apitoken SET revoked = true WHERE key = ${first.token}`.execute(db);
  res = await app.inject({ method: 'GET', url: '/api/user/token/?name=inventree-python-client', headers: basic });
  t.not(res.json().token, first.token, 'a revoked token is not handed out: a new one');
  const second = res.json().token;
  await sql`UPDATE users_apitoken SET expiry = ${'2000-01-01'} WHERE key = ${second}`.execute(db);
  res = await app.inject({ method: 'GET', url: '/api/user/token/?name=inventree-python-client', headers: basic });
  t.not(res.json().token, second, 'nor an expired one');

  res = await app.inject({ method: 'GET', url: '/api/user/token/?name=%3Cb%3Ex%3C/b%3E', headers: basic });
  t.equal(res.statusCode, 400);
  t.equal(res.body, '{"non_field_errors":["Remove HTML tags from this value"]}');

  res = await app.inject({ method: 'GET', url: '/api/user/token/' });
  t.equal(res.statusCode, 401);
  t.equal(res.headers['www-authenticate'], 'Token');
  res = await app.inject({ method: 'GET', url: '/api/user/token/', headers: { authorization: basicHeader('clerk', 'wrong') } });
  t.equal(res.statusCode, 401);
  t.equal(res.body, '{"detail":"Invalid username/password."}');
});

t.test('READ_ONLY and a database that refuses writes: no token that was not stored', async (t) => {
  const { app, database } = await createTestApp(t, { apiCompat: 'inventree', readOnly: true });
  const db = database.db;
  const user = await createUser(db, { password: ORACLE_HASH, username: 'clerk' });
  const basic = { authorization: basicHeader('clerk', ORACLE_PASSWORD) };
  let res = await app.inject({ method: 'GET', url: '/api/user/token/?name=ci', headers: basic });
  t.equal(res.statusCode, 403);
  t.equal(res.body, '{"detail":"This server is read-only."}');
  t.equal(res.headers['content-type'], 'application/json');
  t.equal(Number((await sql<{ n: string }>`SELECT count(*) AS n FROM users_apitoken`.execute(db)).rows[0]?.n), 0, 'nothing stored');

  const existing = await createToken(db, user.id, { name: 'ci' });
  res = await app.inject({ method: 'GET', url: '/api/user/token/?name=ci', headers: basic });
  t.equal(res.statusCode, 200, 'an existing active token is still handed out');
  t.equal(res.json().token, existing);
  const row = await db.selectFrom('users_apitoken').select('metadata').where('key', '=', existing).executeTakeFirstOrThrow();
  t.equal(row.metadata, null, 'and nothing is written');

  const pk = (await insertPending(db)).pk;
  const staffToken = await createToken(db, (await createUser(db, { isStaff: true })).id);
  res = await app.inject({ method: 'DELETE', url: '/api/background-task/pending/', headers: { authorization: `Token ${staffToken}` }, payload: { items: [pk] } });
  t.equal(res.statusCode, 403, 'bulk DELETE is a write too');
  t.equal(res.body, '{"detail":"This server is read-only."}');
  t.equal(Number((await sql<{ n: string }>`SELECT count(*) AS n FROM django_q_ormq`.execute(db)).rows[0]?.n), 1, 'the task is still there');

  // A database user that may not write: PostgreSQL's own SQLSTATE, raised by a trigger.
  const { app: writable } = await createTestApp(t, { apiCompat: 'inventree' }, database);
  await sql`CREATE FUNCTION refuse_write() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'cannot execute INSERT in a read-only transaction' USING ERRCODE = '25006'; END $$`.execute(db);
  await sql`CREATE TRIGGER refuse_write BEFORE INSERT OR UPDATE ON users_apitoken FOR EACH ROW EXECUTE FUNCTION refuse_write()`.execute(db);
  res = await writable.inject({ method: 'GET', url: '/api/user/token/?name=new', headers: basic });
  t.equal(res.statusCode, 403);
  t.equal(res.body, `{"detail":"The database refused the write (this service's database user is read-only): the API token was not created."}`);
  res = await writable.inject({ method: 'GET', url: '/api/user/token/?name=ci', headers: basic });
  t.equal(res.statusCode, 200, 'an existing token is handed out; its metadata could not be recorded');
  t.equal(res.json().token, existing);
});
