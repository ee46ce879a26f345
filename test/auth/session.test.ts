/**
 * Session authentication and CSRF: the Django-made session of the worked
 * example (docs/formats.md §7) against its §6 password hash, logout on
 * password change, SECRET_KEY_FALLBACKS, both session tables, refusals that
 * are logged, and Django 4.2's CSRF reasons in Django's order.
 */
import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import t from 'tap';
import { SessionAuthenticator } from '../../src/auth/session.js';
import { createTestApp } from '../helpers/app.js';
import { createToken, createUser } from '../helpers/users.js';
import {
  CSRF_MASKED,
  CSRF_SECRET,
  HASHES,
  insertSession,
  loginSession,
  mintSessionData,
  ORACLE_HASH,
  ORACLE_SESSION_DATA,
  SECRET_KEY,
  USER_SESSIONS_DDL,
} from './fixtures.js';

const TRUSTED = ['https://inventree.example.com', 'https://*.trusted.example'];
const { app, database } = await createTestApp(t, { secretKey: SECRET_KEY, csrfTrustedOrigins: TRUSTED, trustProxy: true });
const db = database.db;

// The worked example's session belongs to user 1, whose password hash is §6's.
await db
  .insertInto('auth_user')
  .values({
    id: 1,
    username: 'oracle-admin',
    password: ORACLE_HASH,
    is_staff: true,
    is_superuser: true,
    is_active: true,
    first_name: '',
    last_name: '',
    email: '',
    date_joined: new Date(),
    last_login: null,
  })
  .execute();
await sql`SELECT setval(pg_get_serial_sequence('auth_user', 'id'), (SELECT max(id) FROM auth_user))`.execute(db);
const oracleSession = await insertSession(db, ORACLE_SESSION_DATA);

function captureLog() {
  const lines: { level: string; msg: string }[] = [];
  const at = (level: string) => (a: unknown, b?: unknown) => lines.push({ level, msg: String(typeof a === 'string' ? a : b) });
  const log = { warn: at('warn'), info: at('info'), debug: at('debug'), error: at('error'), trace: at('trace'), fatal: at('fatal') };
  return { lines, log: log as unknown as FastifyBaseLogger };
}

const overview = (headers: Record<string, string>) => app.inject({ method: 'GET', url: '/api/background-task/', headers });

t.test('the Django-made session of the worked example (§6, §7)', async (t) => {
  const res = await overview({ cookie: `sessionid=${oracleSession}` });
  t.equal(res.statusCode, 200, res.body);
  const quoted = await overview({ cookie: `other=1; sessionid="${oracleSession}"; x=y` });
  t.equal(quoted.statusCode, 200, 'a quoted cookie value, as Django unquotes it');

  await db.updateTable('auth_user').set({ password: HASHES.pbkdf2_sha256 }).where('id', '=', 1).execute();
  const after = await overview({ cookie: `sessionid=${oracleSession}` });
  t.equal(after.statusCode, 401, 'a password change logs the session out');
  t.equal(after.body, '{"detail":"Authentication credentials were not provided."}');
  t.equal(after.headers['www-authenticate'], 'Token');
  await db.updateTable('auth_user').set({ password: ORACLE_HASH }).where('id', '=', 1).execute();
  t.equal((await overview({ cookie: `sessionid=${oracleSession}` })).statusCode, 200, 'and the old hash logs it back in');

  await db.updateTable('auth_user').set({ is_staff: false }).where('id', '=', 1).execute();
  const nonStaff = await overview({ cookie: `sessionid=${oracleSession}` });
  t.equal(nonStaff.statusCode, 403);
  t.equal(nonStaff.body, '{"detail":"You do not have permission to perform this action."}');
  await db.updateTable('auth_user').set({ is_staff: true }).where('id', '=', 1).execute();
});

t.test('session decoding rules (SessionStore + get_user)', async (t) => {
  const user = await createUser(db, { isStaff: true, password: HASHES.argon2id });
  const check = async (data: string, options: { keys?: string[]; table?: 'django_session' | 'user_sessions_session' } = {}) => {
    const { lines, log } = captureLog();
    const auth = new SessionAuthenticator({ db, secretKeys: options.keys ?? [SECRET_KEY], log });
    const key = await insertSession(db, data, { ...(options.table ? { table: options.table, userId: user.id } : {}) });
    const row = await auth.authenticate(key);
    return { id: row?.id, lines };
  };
  const session = (extra: Record<string, unknown> = {}, secretKey = SECRET_KEY) =>
    mintSessionData({ ...loginSession(HASHES.argon2id, user.id, { secretKey }), ...extra }, { secretKey });

  t.equal((await check(session())).id, user.id, 'a fresh login');
  t.equal((await check(session({ _auth_user_id: user.id }))).id, user.id, 'an integer primary key');
  t.equal(
    (await check(session({ _auth_user_backend: 'allauth.account.auth_backends.AuthenticationBackend' }))).id,
    user.id,
    "allauth's backend (InvenTree's login form)",
  );
  t.equal((await check(session({ _auth_user_backend: 'some.other.Backend' }))).id, undefined, 'a backend InvenTree does not list');
  t.equal((await check(session({ _auth_user_hash: '' }))).id, undefined, 'no session hash');
  t.equal((await check(session({ _auth_user_hash: 'f'.repeat(64) }))).id, undefined, 'a wrong session hash');
  t.equal((await check(session({ _auth_user_id: 'x' }))).id, undefined, 'a non-integer user id');
  t.equal((await check(mintSessionData({ csrf: 1 }))).id, undefined, 'an anonymous session');

  const rotated = session({}, 'old-secret-key');
  t.equal((await check(rotated, { keys: ['new-secret-key', 'old-secret-key'] })).id, user.id, 'SECRET_KEY_FALLBACKS verify data and hash');
  const corrupt = await check(rotated);
  t.equal(corrupt.id, undefined, 'signed with an unknown key');
  t.match(corrupt.lines, [{ level: 'warn', msg: /session data corrupted/ }], 'logged');

  const legacy = Buffer.from(`${'a'.repeat(40)}:${JSON.stringify(loginSession(HASHES.argon2id, user.id))}`).toString('base64');
  const old = await check(legacy);
  t.equal(old.id, undefined, 'the pre-Django-3.1 format is refused');
  t.match(old.lines, [{ level: 'warn', msg: /pre-Django-3\.1/ }]);

  const { lines, log } = captureLog();
  const noKey = new SessionAuthenticator({ db, secretKeys: [], log });
  t.equal(await noKey.authenticate(await insertSession(db, session())), undefined, 'no SECRET_KEY: no sessions');
  t.equal(await noKey.authenticate(await insertSession(db, session())), undefined);
  t.equal(lines.length, 1, 'warned once');
  t.equal(await noKey.authenticate('short'), undefined, 'keys under 8 characters are ignored');

  await sql.raw(USER_SESSIONS_DDL).execute(db);
  t.equal((await check(session(), { table: 'user_sessions_session' })).id, user.id, "InvenTree 0.15's user_sessions_session table");
  t.equal((await check(session())).id, user.id, 'and django_session still');
});

t.test('CSRF on unsafe methods with session authentication (Django 4.2)', async (t) => {
  const host = 'api.example.com';
  const del = (headers: Record<string, string>) =>
    app.inject({
      method: 'DELETE',
      url: '/api/background-task/pending/',
      headers: { host, 'content-type': 'application/json', cookie: `sessionid=${oracleSession}`, ...headers },
      payload: '{"items":[999999]}',
    });
  const expect = async (headers: Record<string, string>, status: number, reason: string | undefined, name: string) => {
    const res = await del(headers);
    t.equal(res.statusCode, status, `${name}: status`);
    if (reason !== undefined) t.equal(res.body, JSON.stringify({ detail: `CSRF Failed: ${reason}` }), `${name}: body`);
    t.equal(res.headers['www-authenticate'], undefined, `${name}: no WWW-Authenticate`);
  };
  const cookie = (value: string) => `sessionid=${oracleSession}; csrftoken=${value}`;
  const header = `'X-Csrftoken' HTTP header`;

  await expect({}, 403, 'CSRF cookie not set.', 'no cookie');
  await expect({ cookie: cookie(CSRF_SECRET) }, 403, 'CSRF token missing.', 'no header');
  await expect({ cookie: cookie(CSRF_SECRET), 'x-csrftoken': CSRF_SECRET }, 204, undefined, 'cookie and header agree');
  await expect({ cookie: cookie(CSRF_SECRET), 'x-csrftoken': CSRF_MASKED }, 204, undefined, 'masked header (Django-made)');
  await expect({ cookie: cookie(CSRF_MASKED), 'x-csrftoken': CSRF_SECRET }, 204, undefined, 'masked cookie (Django < 4.1)');
  await expect({ cookie: cookie(CSRF_MASKED), 'x-csrftoken': CSRF_MASKED }, 204, undefined, 'both masked');
  await expect({ cookie: cookie(CSRF_SECRET), 'x-csrftoken': 'b'.repeat(32) }, 403, `CSRF token from the ${header} incorrect.`, 'wrong token');
  await expect({ cookie: cookie(CSRF_SECRET), 'x-csrftoken': `${CSRF_MASKED.slice(0, 63)}A` }, 403, `CSRF token from the ${header} incorrect.`, 'wrong masked token');
  await expect({ cookie: cookie(CSRF_SECRET), 'x-csrftoken': 'short' }, 403, `CSRF token from the ${header} has incorrect length.`, 'short token');
  await expect({ cookie: cookie(CSRF_SECRET), 'x-csrftoken': `${'a'.repeat(31)}!` }, 403, `CSRF token from the ${header} has invalid characters.`, 'bad characters');
  await expect({ cookie: cookie('abc'), 'x-csrftoken': CSRF_SECRET }, 403, 'CSRF cookie has incorrect length.', 'short cookie');
  await expect({ cookie: cookie(`${'a'.repeat(31)}-`), 'x-csrftoken': CSRF_SECRET }, 403, 'CSRF cookie has invalid characters.', 'bad cookie');

  const good = { cookie: cookie(CSRF_SECRET), 'x-csrftoken': CSRF_SECRET };
  await expect({ ...good, origin: `http://${host}` }, 204, undefined, 'Origin = the host');
  await expect({ ...good, origin: 'http://evil.example' }, 403, 'Origin checking failed - http://evil.example does not match any trusted origins.', 'foreign Origin');
  await expect({ ...good, origin: `https://${host}` }, 403, `Origin checking failed - https://${host} does not match any trusted origins.`, 'Origin with the other scheme');
  await expect({ ...good, origin: 'null' }, 403, 'Origin checking failed - null does not match any trusted origins.', 'Origin null');
  await expect({ ...good, origin: 'https://inventree.example.com' }, 204, undefined, 'CSRF_TRUSTED_ORIGINS');
  await expect({ ...good, origin: 'https://a.trusted.example' }, 204, undefined, 'CSRF_TRUSTED_ORIGINS wildcard');
  await expect({ ...good, origin: 'http://a.trusted.example' }, 403, 'Origin checking failed - http://a.trusted.example does not match any trusted origins.', 'wildcard is per scheme');
  await expect({ ...good, origin: 'http://evil.example', cookie: `sessionid=${oracleSession}` }, 403, 'Origin checking failed - http://evil.example does not match any trusted origins.', 'Origin is checked before the cookie');

  // Over HTTPS (here: behind a trusted proxy) without Origin, Django checks the Referer.
  const https = { ...good, 'x-forwarded-proto': 'https' };
  await expect(https, 403, 'Referer checking failed - no Referer.', 'https without Referer');
  await expect({ ...https, referer: `https://${host}/platform/` }, 204, undefined, 'same-host Referer');
  await expect({ ...https, referer: `http://${host}/` }, 403, 'Referer checking failed - Referer is insecure while host is secure.', 'http Referer');
  await expect({ ...https, referer: 'nonsense' }, 403, 'Referer checking failed - Referer is malformed.', 'malformed Referer');
  await expect({ ...https, referer: 'https://evil.example/x' }, 403, 'Referer checking failed - https://evil.example/x does not match any trusted origins.', 'foreign Referer');
  await expect({ ...https, referer: 'https://b.trusted.example/x' }, 204, undefined, 'trusted Referer');
  await expect({ ...https, origin: `https://${host}` }, 204, undefined, 'https with a matching Origin needs no Referer');

  const nonStaff = await createUser(db, { isStaff: false, password: HASHES.pbkdf2_sha256 });
  const nonStaffSession = await insertSession(db, mintSessionData(loginSession(HASHES.pbkdf2_sha256, nonStaff.id)));
  await expect({ cookie: `sessionid=${nonStaffSession}` }, 403, 'CSRF cookie not set.', 'CSRF is checked before the staff permission');

  for (const method of ['GET', 'HEAD', 'OPTIONS'] as const) {
    const res = await app.inject({ method, url: '/api/background-task/pending/', headers: { cookie: `sessionid=${oracleSession}` } });
    t.equal(res.statusCode, 200, `${method} needs no CSRF token`);
  }
  const post = await app.inject({ method: 'POST', url: '/api/background-task/', headers: { cookie: `sessionid=${oracleSession}` } });
  t.equal(post.statusCode, 403, 'a 405 method is CSRF-checked first, as DRF runs initial() before dispatch');
  t.equal(post.body, '{"detail":"CSRF Failed: CSRF cookie not set."}');

  const staffToken = await createToken(db, 1);
  const tokenDelete = await del({ authorization: `Token ${staffToken}` });
  t.equal(tokenDelete.statusCode, 204, 'token authentication needs no CSRF token, session cookie or not');
});
