// GET /api/, /api/user/me/ and /api/user/token/ against REAL Django 3.2 + DRF
// 3.14 (Debian's, /usr/bin/python3): django/inventree_clients.py serves
// transcriptions of InvenTree 0.15's InfoView, MeUserDetail and GetAuthToken
// over the same PostgreSQL database as our app, the same requests go to both,
// and status, Content-Type, Allow, WWW-Authenticate and the body bytes must be
// equal. (A stand-in until the differential suite test/interop/inventree-views/
// exists; the views then belong there.)
import { spawnSync } from 'node:child_process';
import { sql } from 'kysely';
import t, { type Test } from 'tap';
import { migrate } from '../../src/db/migrate.js';
import { buildApp } from '../../src/app.js';
import { dockerMode, platformName } from '../../src/inventree/info.js';
import { basicHeader, insertSession, loginSession, mintSessionData, ORACLE_HASH, ORACLE_PASSWORD, SECRET_KEY } from '../auth/fixtures.js';
import { testConfig } from '../helpers/config.js';
import { checkResponse } from '../helpers/contract.js';
import { insertPending, insertTask, TEST_SECRET_KEY } from '../helpers/rows.js';
import { createToken, createUser } from '../helpers/users.js';
import { interopDatabase, interopRuns, PYTHON, runPython } from './fixtures/harness.js';

t.setTimeout(180_000);

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

interface Case {
  label: string;
  method: 'GET';
  path: string;
  headers: Record<string, string>;
}

const COMPARED = ['content-type', 'allow', 'www-authenticate'] as const;

async function main(t: Test): Promise<void> {
  const suite = await interopDatabase(t);
  const { name: dbName, handle } = suite;
  await runPython('auth_interop.py', ['migrate', dbName], undefined, 60_000);
  const db = handle.db;
  await migrate(db);

  const boss = await createUser(db, { username: 'boss', password: ORACLE_HASH, isStaff: true });
  const clerk = await createUser(db, { username: 'clerk', password: ORACLE_HASH });
  await sql`UPDATE auth_user SET first_name = 'Zoë', last_name = 'Ünal', email = 'zoe@example.com' WHERE id = ${clerk.id}`.execute(db);
  await sql`INSERT INTO auth_group (id, name) VALUES (3, 'Purchasing'), (7, 'Stock')`.execute(db);
  await sql`INSERT INTO auth_user_groups (user_id, group_id) VALUES (${clerk.id}, 3), (${clerk.id}, 7)`.execute(db);
  const bossToken = await createToken(db, boss.id);
  const clerkToken = await createToken(db, clerk.id);
  const revoked = await createToken(db, clerk.id, { revoked: true });
  const expiredStaff = await createToken(db, boss.id, { expiry: '2001-01-01' });
  const bossSession = await insertSession(db, mintSessionData(loginSession(ORACLE_HASH, boss.id)));
  const clerkSession = await insertSession(db, mintSessionData(loginSession(ORACLE_HASH, clerk.id)));
  await insertPending(db);
  await insertPending(db);
  await insertTask(db, { success: true, started: new Date(Date.now() - 120_000) });

  const instance = 'Lager Ä ✓ "north"';
  const app = await buildApp({
    config: testConfig({ apiCompat: 'inventree', secretKey: SECRET_KEY, timeZone: 'UTC', instanceName: instance, countsTtlSeconds: 0, authRateLimitPerMinute: 0 }),
    db,
    logger: false,
    databaseKind: 'postgres',
  });
  suite.app = app;
  t.equal(SECRET_KEY, TEST_SECRET_KEY, 'sessions and payloads share the test key');

  const host = { host: 'testserver' };
  const c = (label: string, path: string, headers: Record<string, string> = {}): Case => ({ label, method: 'GET', path, headers: { ...host, ...headers } });
  const cases: Case[] = [
    c('info, anonymous', '/api/'),
    c('info, staff token', '/api/', { authorization: `Token ${bossToken}` }),
    c('info, staff token in lower case with extra spaces', '/api/', { authorization: `  token   ${bossToken} ` }),
    c('info, non-staff token', '/api/', { authorization: `Token ${clerkToken}` }),
    c('info, expired staff token', '/api/', { authorization: `Token ${expiredStaff}` }),
    c('info, unknown token', '/api/', { authorization: 'Token inv-unknown' }),
    c('info, staff Basic', '/api/', { authorization: basicHeader('boss', ORACLE_PASSWORD) }),
    c('info, staff session', '/api/', { cookie: `sessionid=${bossSession}` }),
    c('info, non-staff session and a staff token', '/api/', { cookie: `sessionid=${clerkSession}`, authorization: `Token ${bossToken}` }),
    c('me, token', '/api/user/me/', { authorization: `Token ${clerkToken}` }),
    c('me, Basic', '/api/user/me/', { authorization: basicHeader('clerk', ORACLE_PASSWORD) }),
    c('me, session', '/api/user/me/', { cookie: `sessionid=${clerkSession}` }),
    c('me, staff token', '/api/user/me/', { authorization: `Token ${bossToken}` }),
    c('me, anonymous', '/api/user/me/'),
    c('me, unknown token', '/api/user/me/', { authorization: 'Token inv-unknown' }),
    c('me, revoked token', '/api/user/me/', { authorization: `Token ${revoked}` }),
    c('me, wrong password', '/api/user/me/', { authorization: basicHeader('clerk', 'wrong') }),
    c('me, token header without a key', '/api/user/me/', { authorization: 'Token' }),
    // Django goes first: it creates these tokens, and we must hand out the same ones.
    c('token, Basic', '/api/user/token/?name=inventree-python-client', { authorization: basicHeader('clerk', ORACLE_PASSWORD) }),
    c('token, again with the token it gave', '/api/user/token/?name=inventree-python-client', { authorization: `Token ${clerkToken}` }),
    c('token, session, spaces in the name', '/api/user/token/?name=%20my%20laptop%20', { cookie: `sessionid=${clerkSession}` }),
    c('token, repeated name: the last', '/api/user/token/?name=first&name=second', { authorization: basicHeader('boss', ORACLE_PASSWORD) }),
    c('token, no name', '/api/user/token/', { authorization: basicHeader('boss', ORACLE_PASSWORD) }),
    c('token, anonymous', '/api/user/token/'),
    c('token, wrong password', '/api/user/token/', { authorization: basicHeader('boss', 'wrong') }),
  ];

  const tokenCount = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM users_apitoken`.execute(db)).rows[0]?.n);
  const before = await tokenCount();
  const { json } = await runPython<{ answers: Record<string, Answer> }>(
    'inventree_clients.py',
    ['run', dbName],
    { secret_key: SECRET_KEY, info: { version: '0.16.0 dev', instance, apiVersion: 198, docker: dockerMode(), platform: platformName() }, requests: cases },
    120_000,
  );
  const afterDjango = await tokenCount();
  t.equal(afterDjango - before, 3, 'Django made three tokens (the fourth request found the no-name token boss already had)');

  for (const k of cases) {
    const theirs = json.answers[k.label];
    const res = await app.inject({ method: k.method, url: k.path, headers: k.headers });
    const problem = checkResponse('inventree', k.method, k.path, res.statusCode, res.headers['content-type'] as string | undefined, res.body);
    if (problem) t.fail(`${k.label}: not as openapi/background-task.yaml says: ${problem.problem}`);
    if (!theirs) {
      t.fail(`${k.label}: Django gave no answer`);
      continue;
    }
    const ours: Answer = {
      status: res.statusCode,
      headers: Object.fromEntries(COMPARED.filter((h) => res.headers[h] !== undefined).map((h) => [h, String(res.headers[h])])),
      body: res.body,
    };
    t.same(ours, theirs, `${k.label}: ${theirs.status}, same headers and bytes`);
  }

  t.equal(await tokenCount(), afterDjango, 'we made none: every token Django made was handed out again');
}

const noDrf = () =>
  spawnSync(PYTHON, ['-c', 'import rest_framework'], { encoding: 'utf8', timeout: 30_000 }).status === 0
    ? null
    : `${PYTHON} cannot import rest_framework; run test/interop/install.sh`;
if (interopRuns(t, 'InvenTree client views interop', noDrf)) await t.test('InfoView, MeUserDetail, GetAuthToken against real Django + DRF', (tt) => main(tt));
