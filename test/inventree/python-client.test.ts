// inventree-python 0.14's connect(), get() and delete() — the same URLs,
// headers, auth, status and exact Content-Type checks, sent by the real
// `requests` library (Debian's python3-requests) over a real socket — for a
// username/password and for a token, then the queue lists, a page of failed
// tasks and a pending delete. test/inventree/python/client_calls.py says which
// calls and checks. Runs on the test database (PGlite, or PostgreSQL with
// TEST_DATABASE_URL).
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import t, { type Test } from 'tap';
import { ORACLE_HASH, ORACLE_PASSWORD } from '../auth/fixtures.js';
import { createTestApp } from '../helpers/app.js';
import { insertPending, insertTask, TEST_SECRET_KEY } from '../helpers/rows.js';
import { createToken, createUser } from '../helpers/users.js';

const PYTHON = process.env.INTEROP_PYTHON ?? '/usr/bin/python3';
const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'python', 'client_calls.py');

interface Call {
  method: string;
  url: string;
  status: number;
  content_type: string | null;
  authorization: string | null;
  request_content_type?: string | null;
  request_body?: string | null;
}

interface Report {
  error?: string;
  api_version?: number;
  warnings?: string[];
  token?: string;
  me?: { username: string; is_staff: boolean };
  pending?: Array<{ pk: number; func: string }>;
  failed_page?: { count: number; next: string | null; previous: string | null; results: Array<{ pk: string }> };
  overview?: { pending_tasks: number };
  delete_status?: number;
  pending_after?: Array<{ pk: number }>;
  calls: Call[];
}

function unavailable(): string | null {
  const r = spawnSync(PYTHON, ['-c', 'import requests'], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, PYTHONPATH: '' } });
  if (r.error || r.status !== 0) return `${PYTHON} cannot import requests (apt-get install python3-requests)`;
  return null;
}

function runClient(input: Record<string, unknown>): Promise<Report> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [SCRIPT], { env: { ...process.env, PYTHONPATH: '', PYTHONDONTWRITEBYTECODE: '1', NO_PROXY: '*', no_proxy: '*' } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`client_calls.py exited ${code}: ${Buffer.concat(err).toString()}`));
      resolve(JSON.parse(Buffer.concat(out).toString()) as Report);
    });
    child.stdin.end(JSON.stringify(input));
  });
}

async function main(t: Test) {
  for (const mode of ['inventree', 'schema'] as const) {
    await t.test(`API_COMPAT=${mode}`, async (t) => {
      const { app, database } = await createTestApp(t, { apiCompat: mode, secretKey: TEST_SECRET_KEY, countsTtlSeconds: 0 });
      const db = database.db;
      const staff = await createUser(db, { username: 'ci-bot', password: ORACLE_HASH, isStaff: true });
      const given = await createToken(db, staff.id, { name: 'ci' });
      const pending = [await insertPending(db, { func: 'part.tasks.check_stock' }), await insertPending(db, { func: 'stock.tasks.delete_old_stock_items' }), await insertPending(db)];
      const failed: string[] = [];
      for (let i = 0; i < 4; i++) failed.push((await insertTask(db, { success: false, started: new Date(Date.now() - (10 + i) * 60_000) })).id);
      await app.listen({ host: '127.0.0.1', port: 0 });
      const address = app.server.address();
      const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

      // Username and password: connect() makes a token.
      const byPassword = await runClient({ base, mode: 'password', username: 'ci-bot', password: ORACLE_PASSWORD, delete_pk: pending[0]!.pk });
      t.equal(byPassword.error, undefined, 'no check of the client fails');
      t.same(
        byPassword.calls.slice(0, 3).map((c) => [c.method, c.url.replace(base, ''), c.status, c.content_type, c.authorization]),
        [
          ['GET', '/api/', 200, 'application/json', null],
          ['GET', '/api/user/me/', 200, 'application/json', 'Basic'],
          ['GET', '/api/user/token/?name=inventree-python-client', 200, 'application/json', 'Basic'],
        ],
        'connect(): server info without credentials, user/me and user/token with Basic',
      );
      t.equal(byPassword.calls[1]?.request_body, '{}', 'the client sends a JSON body {} even on GET');
      t.equal(byPassword.api_version, 198);
      t.same(byPassword.warnings, []);
      t.match(byPassword.token, /^inv-[0-9a-f]{40}-\d{8}$/, 'a token in InvenTree format');
      t.ok(byPassword.calls.slice(3).every((c) => c.authorization === 'Token'), 'every later call uses the token');
      t.same(byPassword.me && [byPassword.me.username, byPassword.me.is_staff], ['ci-bot', true]);
      t.same(byPassword.pending?.map((p) => p.pk), pending.map((p) => p.pk), 'the pending list');
      t.equal(byPassword.failed_page?.count, 4, 'a failed page: count');
      t.equal(byPassword.failed_page?.results.length, 2, 'a failed page: limit');
      t.same(byPassword.failed_page?.results.map((r) => r.pk), [failed[1], failed[2]], 'offset 1, newest stopped first');
      t.equal(byPassword.failed_page?.next, `${base}/api/background-task/failed/?limit=2&offset=3`);
      t.equal(byPassword.delete_status, 204, 'the pending delete');
      t.same(byPassword.pending_after?.map((p) => p.pk), pending.slice(1).map((p) => p.pk), 'gone from the list');
      const stored = await db.selectFrom('users_apitoken').select(['name', 'user_id']).where('key', '=', byPassword.token ?? '').executeTakeFirst();
      t.same(stored, { name: 'inventree-python-client', user_id: staff.id }, 'the token is stored for the user');

      // Constructed with a token: no token request, the token from the start.
      const byToken = await runClient({ base, mode: 'token', token: given, delete_pk: pending[1]!.pk });
      t.equal(byToken.error, undefined, 'no check of the client fails');
      t.same(
        byToken.calls.slice(0, 2).map((c) => [c.method, c.url.replace(base, ''), c.status, c.content_type, c.authorization]),
        [
          ['GET', '/api/', 200, 'application/json', null],
          ['GET', '/api/user/me/', 200, 'application/json', 'Token'],
        ],
        'connect(): server info, then user/me with the token; no token request',
      );
      t.equal(byToken.token, given);
      t.equal(byToken.delete_status, 204);
      t.same(byToken.pending_after?.map((p) => p.pk), [pending[2]!.pk]);
      const left = await sql<{ id: number }>`SELECT id FROM django_q_ormq ORDER BY id`.execute(db);
      t.same(left.rows.map((r) => r.id), [pending[2]!.pk], 'the database agrees');

      // A wrong password: the client's testAuth fails on the 401.
      const wrong = await runClient({ base, mode: 'password', username: 'ci-bot', password: 'nope', delete_pk: 0 });
      t.match(wrong.error, /^requests\.exceptions\.HTTPError: .*'status_code': 401/, 'a wrong password fails connect() with the 401');
    });
  }
}

const why = unavailable();
if (why !== null) {
  if (process.env.INTEROP_REQUIRED === '1') t.fail(`python client test cannot run: ${why}`);
  else t.plan(0, `skipped: ${why}`);
} else {
  await main(t);
}
