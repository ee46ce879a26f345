/**
 * A database built from InvenTree 0.15's real DDL (test/fixtures/inventree-0.15.sql:
 * user_sessions_session, no django_session): `bgtasks serve` starts on it
 * without creating or changing anything, and token, Basic and session
 * (user_sessions_session) requests all work; `bgtasks migrate` refuses it
 * without --force; a missing table is named with the version that creates it,
 * and the message never suggests `bgtasks migrate`; with no session table at
 * all the service starts with session authentication off and says so once.
 * PostgreSQL only (the fixture is PostgreSQL DDL).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import t from 'tap';
import { openPostgres } from '../../src/db/connect.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { basicHeader, FIXTURE_PASSWORD, HASHES, loginSession, mintSessionData, SECRET_KEY } from '../auth/fixtures.js';
import { insertTask } from '../helpers/rows.js';
import { createToken, createUser } from '../helpers/users.js';

const base = process.env.TEST_DATABASE_URL;
if (!base) {
  t.plan(0, 'needs TEST_DATABASE_URL (a real PostgreSQL server)');
  process.exit(0);
}

const schema = `t_inv015_${randomBytes(5).toString('hex')}`;
const admin = openPostgres({ url: base, poolMax: 1 });
await sql`CREATE SCHEMA ${sql.id(schema)}`.execute(admin.db);
t.teardown(async () => {
  await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(admin.db);
  await admin.close();
});
const db = openPostgres({ url: base, schema, poolMax: 2 });
t.teardown(() => db.close());
await sql.raw(readFileSync(join(PROJECT_ROOT, 'test/fixtures/inventree-0.15.sql'), 'utf8')).execute(db.db);

const url = new URL(base);
url.searchParams.set('options', `-c search_path=${schema}`);
const ENV = {
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '/tmp',
  LOG_LEVEL: 'silent',
  DATABASE_URL: url.toString(),
  SECRET_KEY,
  DB_CONNECT_RETRY_SECONDS: '0',
};
const CLI = ['--import', 'tsx', join(PROJECT_ROOT, 'src/cli.ts')];

function bgtasks(args: string[]) {
  const res = spawnSync(process.execPath, [...CLI, ...args], { cwd: PROJECT_ROOT, env: ENV, encoding: 'utf8', timeout: 120_000 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

/** `bgtasks serve` on a free port: resolves with its base URL and everything it printed so far. */
async function serve(): Promise<{ origin: string; stderr: () => string; stop: () => Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, [...CLI, 'serve', '--host', '127.0.0.1', '--port', '0'], {
    cwd: PROJECT_ROOT,
    env: ENV,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += d));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const origin = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner within 120 s: ${stderr}`)), 120_000);
    child.stderr?.on('data', () => {
      const m = /listening on (http:\/\/[^\s]+)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on('exit', () => {
      clearTimeout(timer);
      reject(new Error(`serve exited: ${stderr}`));
    });
  });
  return {
    origin,
    stderr: () => stderr,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Every table, column and index of the schema: what "created nothing, changed nothing" compares. */
async function shape(): Promise<string> {
  const { rows } = await sql<{ line: string }>`
    SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable AS line
      FROM information_schema.columns WHERE table_schema = ${schema}
    UNION ALL
    SELECT 'index ' || indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = ${schema}
    UNION ALL
    SELECT 'constraint ' || conname FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = ${schema}
    ORDER BY 1`.execute(admin.db);
  return rows.map((r) => r.line).join('\n');
}

const before = await shape();

const staff = await createUser(db.db, { isStaff: true, password: HASHES.pbkdf2_sha256 });
const token = await createToken(db.db, staff.id);
const sessionKey = `s${randomBytes(16).toString('hex')}`.slice(0, 32);
await sql`INSERT INTO user_sessions_session (session_key, session_data, expire_date, user_agent, last_activity, ip, user_id)
  VALUES (${sessionKey}, ${mintSessionData(loginSession(HASHES.pbkdf2_sha256, staff.id))}, now() + interval '1 day', 'Mozilla/5.0', now(), '192.0.2.1', ${staff.id})`.execute(db.db);
await insertTask(db.db, { success: false });
const rowsBefore = await shape();
t.equal(rowsBefore, before, 'rows only');
t.notMatch(before, /django_session/, 'the fixture has no django_session');
t.match(before, /user_sessions_session\.session_key/, 'but user_sessions_session');

t.test('serve starts on InvenTree 0.15 DDL and creates nothing; token, Basic and session all work', async (t) => {
  const server = await serve();
  t.teardown(server.stop);
  t.notMatch(server.stderr(), /session authentication is off/);
  const expected = '{"is_running":false,"pending_tasks":0,"scheduled_tasks":0,"failed_tasks":1}';
  const cases: Array<[string, Record<string, string>]> = [
    ['token', { authorization: `Token ${token}` }],
    ['basic', { authorization: basicHeader(staff.username, FIXTURE_PASSWORD) }],
    ['session (user_sessions_session)', { cookie: `sessionid=${sessionKey}` }],
  ];
  for (const [name, headers] of cases) {
    const res = await fetch(`${server.origin}/api/background-task/`, { headers });
    t.equal(res.status, 200, name);
    t.equal(res.headers.get('content-type'), 'application/json', `${name}: content type`);
    t.equal(await res.text(), expected, `${name}: body`);
  }
  const anonymous = await fetch(`${server.origin}/api/background-task/`);
  t.equal(anonymous.status, 401);
  t.equal(anonymous.headers.get('www-authenticate'), 'Token');
  await server.stop();
  t.equal(await shape(), rowsBefore, 'no table, column, index or constraint created or changed');
});

t.test('migrate refuses an InvenTree database without --force', async (t) => {
  const refused = bgtasks(['migrate']);
  t.equal(refused.code, 1);
  t.match(refused.stderr, /refusing to migrate an InvenTree database \(it has users_ruleset\)/);
  t.equal(await shape(), rowsBefore, 'nothing created');
  const forced = bgtasks(['migrate', '--force']);
  t.equal(forced.code, 0, forced.stderr);
  t.equal(forced.stdout, 'nothing to create: all tables exist\n', 'user_sessions_session counts as the session table');
  t.equal(await shape(), rowsBefore, 'still nothing created');
});

t.test('a missing table: named with the version that creates it, never `bgtasks migrate`', async (t) => {
  await sql`ALTER TABLE django_q_ormq RENAME TO django_q_ormq_away`.execute(db.db);
  t.teardown(() => sql`ALTER TABLE django_q_ormq_away RENAME TO django_q_ormq`.execute(db.db));
  const res = bgtasks(['serve', '--port', '0']);
  t.equal(res.code, 1);
  t.equal(
    res.stderr,
    "bgtasks: the database lacks what this service reads: django_q_ormq (missing table; expected as created by django-q2 1.6.2's migrations (InvenTree 0.15.x)). This is an InvenTree database: bring it up to date with InvenTree's own migrations (InvenTree 0.15.x or later); bgtasks never changes its schema.\n",
  );
  t.notMatch(res.stderr, /bgtasks migrate/);
});

t.test('no session table at all: session authentication off, one start-up line', async (t) => {
  await sql`ALTER TABLE user_sessions_session RENAME TO user_sessions_session_away`.execute(db.db);
  t.teardown(() => sql`ALTER TABLE user_sessions_session_away RENAME TO user_sessions_session`.execute(db.db));
  const server = await serve();
  t.teardown(server.stop);
  const lines = server.stderr().split('\n').filter((l) => l.includes('session authentication is off'));
  t.same(lines, ['bgtasks: session authentication is off: the database has neither user_sessions_session (InvenTree 0.15) nor django_session.']);
  const session = await fetch(`${server.origin}/api/background-task/`, { headers: { cookie: `sessionid=${sessionKey}` } });
  t.equal(session.status, 401, 'a session cookie authenticates nobody');
  const tokenRes = await fetch(`${server.origin}/api/background-task/`, { headers: { authorization: `Token ${token}` } });
  t.equal(tokenRes.status, 200, 'tokens still work');
});
