/**
 * Token specifics: expiry day in TIME_ZONE, last_seen on the first use of a
 * day (and a read-only database that cannot record it), header variants,
 * and the brute-force limit on failed Token/Basic attempts.
 */
import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import t from 'tap';
import { todayIn } from '../../src/auth/dates.js';
import { TokenAuthenticator } from '../../src/auth/token.js';
import { ApiError } from '../../src/http/errors.js';
import { createTestApp } from '../helpers/app.js';
import { createToken, createUser } from '../helpers/users.js';
import { basicHeader, FIXTURE_PASSWORD, HASHES } from './fixtures.js';

const { app, database, config } = await createTestApp(t);
const db = database.db;
const staff = await createUser(db, { isStaff: true, password: HASHES.pbkdf2_sha256 });

function captureLog() {
  const lines: { level: string; msg: string }[] = [];
  const at = (level: string) => (a: unknown, b?: unknown) => lines.push({ level, msg: String(typeof a === 'string' ? a : b) });
  return { lines, log: { warn: at('warn'), info: at('info'), debug: at('debug'), error: at('error') } as unknown as FastifyBaseLogger };
}
const lastSeen = async (key: string) =>
  (await sql<{ d: string | null }>`SELECT to_char(last_seen, 'YYYY-MM-DD') AS d FROM users_apitoken WHERE key = ${key}`.execute(db)).rows[0]?.d;
const get = (headers: Record<string, string>, remoteAddress = '127.0.0.1') =>
  app.inject({ method: 'GET', url: '/api/background-task/', headers, remoteAddress });

t.test('header variants', async (t) => {
  const key = await createToken(db, staff.id);
  for (const header of [`Token ${key}`, `TOKEN ${key}`, `tOkEn ${key}`, `Token\t${key}`, `  Token   ${key}  `]) {
    t.equal((await get({ authorization: header })).statusCode, 200, JSON.stringify(header));
  }
  const invalid = await get({ authorization: 'Token \xff\xfe' });
  t.equal(invalid.statusCode, 401);
  t.equal(invalid.body, '{"detail":"Invalid token header. Token string should not contain invalid characters."}');
  const empty = await get({ authorization: '' });
  t.equal(empty.body, '{"detail":"Authentication credentials were not provided."}', 'an empty header is no header');
});

t.test('expiry: valid through its day, in TIME_ZONE', async (t) => {
  const today = todayIn(config.timeZone);
  const key = await createToken(db, staff.id, { expiry: today });
  t.equal((await get({ authorization: `Token ${key}` })).statusCode, 200, 'valid on its expiry day');

  // Kiritimati (UTC+14) is always a calendar day ahead of Pago Pago (UTC-11).
  const pagoToday = todayIn('Pacific/Pago_Pago');
  const edge = await createToken(db, staff.id, { expiry: pagoToday });
  const { log } = captureLog();
  const behind = new TokenAuthenticator({ db, timeZone: 'Pacific/Pago_Pago', log });
  const ahead = new TokenAuthenticator({ db, timeZone: 'Pacific/Kiritimati', log });
  t.equal((await behind.authenticate(['Token', edge])).id, staff.id, 'still its day in Pago Pago');
  await t.rejects(ahead.authenticate(['Token', edge]), new ApiError(401, { detail: 'Token has expired' }), 'already past it in Kiritimati');
});

t.test('last_seen: set to today on the first use of a day', async (t) => {
  const key = await createToken(db, staff.id);
  t.equal(await lastSeen(key), null);
  t.equal((await get({ authorization: `Token ${key}` })).statusCode, 200);
  t.equal(await lastSeen(key), todayIn(config.timeZone));
  await db.updateTable('users_apitoken').set({ last_seen: '2001-02-03' }).where('key', '=', key).execute();
  t.equal((await get({ authorization: `Token ${key}` })).statusCode, 200);
  t.equal(await lastSeen(key), todayIn(config.timeZone), 'updated again on a new day');
  const failed = await createToken(db, staff.id, { revoked: true });
  await get({ authorization: `Token ${failed}` });
  t.equal(await lastSeen(failed), null, 'a refused token is not marked seen');
});

t.test('last_seen cannot be written: logged once, requests still served', async (t) => {
  await sql`CREATE FUNCTION auth_test_read_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'cannot execute UPDATE in a read-only transaction' USING ERRCODE = '25006'; END $$`.execute(db);
  await sql`CREATE TRIGGER auth_test_read_only BEFORE UPDATE ON users_apitoken FOR EACH ROW EXECUTE FUNCTION auth_test_read_only()`.execute(db);
  t.teardown(async () => {
    await sql`DROP TRIGGER IF EXISTS auth_test_read_only ON users_apitoken`.execute(db);
    await sql`DROP FUNCTION IF EXISTS auth_test_read_only()`.execute(db);
  });
  const { lines, log } = captureLog();
  const auth = new TokenAuthenticator({ db, timeZone: 'UTC', log });
  const keys = [await createToken(db, staff.id), await createToken(db, staff.id)];
  for (const key of [...keys, ...keys]) t.equal((await auth.authenticate(['Token', key])).id, staff.id);
  t.equal(lines.length, 1, 'one log line for any number of failed writes');
  t.match(lines[0], { level: 'warn', msg: /last_seen/ });
  t.notMatch(lines[0]?.msg ?? '', keys[0] as string, 'the key is not logged');
  t.equal(await lastSeen(keys[0] as string), null);
  const res = await get({ authorization: `Token ${keys[0]}` });
  t.equal(res.statusCode, 200, 'the app serves the request');
});

t.test('brute force: failed Token/Basic attempts limited per client (default 20 a minute)', async (t) => {
  t.equal(config.authRateLimitPerMinute, 20);
  const good = await createToken(db, staff.id);
  const attacker = '198.51.100.66';
  for (let i = 1; i <= 20; i++) {
    const res = await get({ authorization: i % 2 ? `Token guess${i}` : basicHeader(staff.username, `guess${i}`) }, attacker);
    if (res.statusCode !== 401) t.fail(`attempt ${i}: ${res.statusCode}`);
  }
  const blocked = await get({ authorization: 'Token guess21' }, attacker);
  t.equal(blocked.statusCode, 429);
  t.match(blocked.body, /^\{"detail":"Request was throttled\. Expected available in (\d+) seconds?\."\}$/);
  const wait = Number(blocked.headers['retry-after']);
  t.ok(wait >= 1 && wait <= 60, `Retry-After: ${wait}`);
  t.equal(blocked.body, JSON.stringify({ detail: `Request was throttled. Expected available in ${wait} second${wait === 1 ? '' : 's'}.` }));
  t.equal(blocked.headers['www-authenticate'], undefined);
  t.equal((await get({ authorization: `Token ${good}` }, attacker)).statusCode, 429, 'a right guess is not even checked');
  t.equal((await get({ authorization: basicHeader(staff.username, FIXTURE_PASSWORD) }, attacker)).statusCode, 429, 'nor a right password');
  t.equal((await get({}, attacker)).statusCode, 401, 'requests without Token/Basic are not throttled');

  t.equal((await get({ authorization: `Token ${good}` }, '198.51.100.67')).statusCode, 200, 'other clients are not affected');
  for (let i = 0; i < 30; i++) {
    const res = await get({ authorization: `Token ${good}` }, '198.51.100.68');
    if (res.statusCode !== 200) t.fail(`success ${i}: ${res.statusCode}`);
  }
  t.pass('successes are never counted');

  for (let i = 0; i < 20; i++) await get({ authorization: 'Token x' }, `2001:db8:5:6::${i + 1}`);
  t.equal((await get({ authorization: `Token ${good}` }, '2001:db8:5:6:ffff::1')).statusCode, 429, 'IPv6 clients count per /64');
  t.equal((await get({ authorization: `Token ${good}` }, '2001:db8:5:7::1')).statusCode, 200, 'the next /64 is another client');
});
