// The dashboard's password sign-in against REAL Django 3.2 (Debian, /usr/bin/python3):
// the sessions our sign-in writes — in django_session, and in InvenTree 0.15's
// user_sessions_session — are accepted by Django's own SessionStore + auth.get_user()
// for the right user, with the session dict Django's login() writes; after our
// sign-out Django sees no session. A sibling of auth.test.ts (which checks the
// other direction: sessions Django writes, accepted by us).

import { sql } from 'kysely';
import t from 'tap';
import { makePbkdf2Sha256 } from '../../src/auth/password-hashers.js';
import { sessionAuthHash } from '../../src/auth/session.js';
import { migrate } from '../../src/db/migrate.js';
import { buildApp } from '../../src/app.js';
import { USER_SESSIONS_DDL } from '../auth/fixtures.js';
import { testConfig } from '../helpers/config.js';
import { createUser } from '../helpers/users.js';
import { interopDatabase, interopRuns, runPython } from './fixtures/harness.js';

t.setTimeout(120_000);

// CI runs the suites twice (PGlite, then PostgreSQL); this file talks to the
// PostgreSQL server either way, so it runs once, in the PostgreSQL pass.
if (interopRuns(t, 'dashboard sign-in interop')) await main();

async function main(): Promise<void> {

const SECRET_KEY = 'dashboard-interop-!@#$%^&*(-_=+)-secret-key-0123456789abcdefghij';
const PASSWORD = 'a real password, spaces and all';

interface Verified {
  django: string;
  sessions: Record<
    string,
    {
      decoded: Record<string, string>;
      unexpired?: boolean;
      user_id?: number;
      user: { username: string; is_staff: boolean; last_login: string | null } | null;
    } | null
  >;
}

const suite = await interopDatabase(t);
const { name: dbName, handle } = suite;
await runPython('session_login_interop.py', ['migrate', dbName], undefined, 60_000);
const db = handle.db;
await migrate(db);
const hash = await makePbkdf2Sha256(PASSWORD, { iterations: 1000 });
const user = await createUser(db, { username: 'interop-operator', password: hash, isStaff: true });
suite.app = await buildApp({ config: testConfig({ secretKey: SECRET_KEY }), db, logger: false, databaseKind: 'postgres' });
const server = suite.app;

async function signIn(username: string): Promise<string> {
  const page = await server.inject('/dashboard/sign-in/');
  const raw = page.headers['set-cookie'];
  const csrf = /csrftoken=([A-Za-z0-9]+)/.exec(Array.isArray(raw) ? raw.join('\n') : String(raw))![1]!;
  const field = /name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"/.exec(page.body)![1]!;
  const res = await server.inject({
    method: 'POST',
    url: '/dashboard/sign-in/',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `csrftoken=${csrf}`, 'user-agent': 'interop/1' },
    payload: new URLSearchParams({ csrfmiddlewaretoken: field, username, password: PASSWORD }).toString(),
  });
  t.equal(res.statusCode, 302, `sign-in of ${username}: ${res.body.slice(0, 200)}`);
  const set = res.headers['set-cookie'];
  return /sessionid=([a-z0-9]{32})/.exec(Array.isArray(set) ? set.join('\n') : String(set))![1]!;
}

async function verify(sessions: Array<{ key: string; table: string }>): Promise<Verified> {
  return (await runPython<Verified>('session_login_interop.py', ['verify', dbName!], { secret_key: SECRET_KEY, sessions }, 60_000)).json;
}

t.test('django_session: Django’s get_user() accepts our sign-in', async (t) => {
  const key = await signIn('interop-operator');
  const py = await verify([{ key, table: 'django_session' }]);
  t.comment(`Django ${py.django}`);
  const seen = py.sessions[key]!;
  t.same(seen.user && { username: seen.user.username, is_staff: seen.user.is_staff }, { username: 'interop-operator', is_staff: true });
  t.ok(seen.user?.last_login, 'last_login was set, as update_last_login does');
  t.same(seen.decoded, {
    _auth_user_id: String(user.id),
    _auth_user_backend: 'django.contrib.auth.backends.ModelBackend',
    _auth_user_hash: sessionAuthHash(hash, SECRET_KEY),
  });

  // Our sign-out: Django sees no session any more.
  const out = await server.inject({
    method: 'POST',
    url: '/dashboard/sign-out/',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `sessionid=${key}; csrftoken=${'a'.repeat(32)}` },
    payload: `csrfmiddlewaretoken=${'a'.repeat(32)}`,
  });
  t.equal(out.statusCode, 302);
  const after = await verify([{ key, table: 'django_session' }]);
  t.equal(after.sessions[key]!.user, null, 'anonymous for Django after sign-out');

  // A changed password logs the session out for Django too (the hash is of the stored password).
  const again = await signIn('interop-operator');
  await sql`UPDATE auth_user SET password = ${await makePbkdf2Sha256('changed', { iterations: 1000 })} WHERE id = ${user.id}`.execute(db);
  const stale = await verify([{ key: again, table: 'django_session' }]);
  t.equal(stale.sessions[again]!.user, null, 'Django refuses the session once the password changed');
  await sql`UPDATE auth_user SET password = ${hash} WHERE id = ${user.id}`.execute(db);
});

t.test('user_sessions_session (InvenTree 0.15): Django accepts the stored session data', async (t) => {
  await sql.raw(USER_SESSIONS_DDL).execute(db);
  // The table check in session-login runs per sign-in: the new table is used at once.
  const key = await signIn('interop-operator');
  const inDjangoTable = await sql`SELECT 1 FROM django_session WHERE session_key = ${key}`.execute(db);
  t.equal(inDjangoTable.rows.length, 0, 'written to user_sessions_session only');
  const py = await verify([{ key, table: 'user_sessions_session' }]);
  const seen = py.sessions[key]!;
  t.equal(seen.unexpired, true);
  t.equal(seen.user_id, user.id);
  t.equal(seen.user?.username, 'interop-operator');
  t.equal(seen.decoded._auth_user_backend, 'django.contrib.auth.backends.ModelBackend');
});
}
