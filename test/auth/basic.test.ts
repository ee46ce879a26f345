/**
 * HTTP Basic end to end: every Django hasher, InvenTree's two username
 * lookups, the same work for every failure (no user enumeration), and the
 * verification cache — a thousand requests, one PBKDF2 at Django 5.2's count.
 */
import t from 'tap';
import { closeHashWorker } from '../../src/auth/hash-worker.js';
import { hasherStats, makePbkdf2Sha256 } from '../../src/auth/password-hashers.js';
import { createTestApp } from '../helpers/app.js';
import { createUser } from '../helpers/users.js';
import { basicHeader, FIXTURE_PASSWORD, HASHES, UNCHECKABLE_HASHES } from './fixtures.js';

t.teardown(closeHashWorker);
// A TTL longer than the suite: on a loaded machine 1000 requests can outlast
// the default 60 s, and expiry is covered by the unit tests.
const { app, database } = await createTestApp(t, { authRateLimitPerMinute: 0, authCacheSeconds: 3600 });
const db = database.db;

const get = (authorization: string) => app.inject({ method: 'GET', url: '/api/background-task/', headers: { authorization } });
const INVALID = '{"detail":"Invalid username/password."}';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

t.test('a failure costs one hash computation whoever the user is', async (t) => {
  // The decoy for an unknown user costs what InvenTree 0.15 (Django 4.2) writes.
  const hash = await makePbkdf2Sha256('right', { iterations: 600_000 });
  const known = await createUser(db, { username: 'timing-known', isStaff: true, password: hash });
  await createUser(db, { username: 'timing-inactive', isStaff: true, isActive: false, password: hash });
  await createUser(db, { username: 'timing-unusable', isStaff: true });
  t.equal((await get(basicHeader(known.username, 'right'))).statusCode, 200);

  const cases = {
    'wrong password': basicHeader('timing-known', 'guess'),
    'unknown user': basicHeader('timing-nobody', 'guess'),
    'inactive user': basicHeader('timing-inactive', 'guess'),
    'unusable password': basicHeader('timing-unusable', 'guess'),
  };
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  for (let round = 0; round < 3; round++) {
    for (const [name, header] of Object.entries(cases)) {
      const before = hasherStats.pbkdf2;
      const started = performance.now();
      const res = await get(header);
      (times[name] as number[]).push(performance.now() - started);
      t.equal(res.statusCode, 401, `${name}: 401`);
      t.equal(res.body, INVALID, `${name}: the same body`);
      t.equal(hasherStats.pbkdf2 - before, 1, `${name}: exactly one PBKDF2 (round ${round})`);
    }
  }
  const medians = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
  t.comment(`median ms per failure: ${JSON.stringify(Object.fromEntries(Object.entries(medians).map(([k, v]) => [k, Math.round(v)])))}`);
  const base = medians['wrong password'] as number;
  for (const [name, m] of Object.entries(medians)) {
    // Same work (asserted exactly above); the clock only guards against gross differences on a busy machine.
    t.ok(m > base / 3 && m < base * 3, `${name} takes about as long as a wrong password (${m.toFixed(0)} vs ${base.toFixed(0)} ms)`);
  }
});

t.test("every hasher of Django's default list, through the API", async (t) => {
  for (const [name, hash] of Object.entries(HASHES)) {
    if (name === 'argon2idDjangoDefault') continue;
    const user = await createUser(db, { isStaff: true, password: hash });
    t.equal((await get(basicHeader(user.username, FIXTURE_PASSWORD))).statusCode, 200, `${name}: right password`);
    const wrong = await get(basicHeader(user.username, 'wrong'));
    t.equal(wrong.statusCode, 401, `${name}: wrong password`);
    t.equal(wrong.body, INVALID);
  }
  for (const [name, hash] of Object.entries(UNCHECKABLE_HASHES)) {
    const user = await createUser(db, { isStaff: true, password: hash });
    const res = await get(basicHeader(user.username, FIXTURE_PASSWORD));
    t.equal(res.statusCode, 401, `${name}: never accepted`);
    t.equal(res.body, INVALID);
  }
  const latin1 = `Basic ${Buffer.from(`${(await createUser(db, { username: 'jürgen', isStaff: true, password: HASHES.pbkdf2_sha1 })).username}:${FIXTURE_PASSWORD}`, 'latin1').toString('base64')}`;
  t.equal((await get(latin1)).statusCode, 200, 'credentials in latin-1 (DRF falls back from UTF-8)');
});

t.test("usernames: ModelBackend's exact match, then allauth's case-insensitive one", async (t) => {
  await createUser(db, { username: 'MixedCase', isStaff: true, password: HASHES.pbkdf2_sha256 });
  t.equal((await get(basicHeader('MixedCase', FIXTURE_PASSWORD))).statusCode, 200, 'exact');
  t.equal((await get(basicHeader('mixedcase', FIXTURE_PASSWORD))).statusCode, 200, 'other case (allauth, username__iexact)');
  await createUser(db, { username: 'twin', isStaff: true, password: HASHES.pbkdf2_sha256 });
  await createUser(db, { username: 'TWIN', isStaff: true, password: HASHES.pbkdf2_sha1 });
  t.equal((await get(basicHeader('twin', FIXTURE_PASSWORD))).statusCode, 200, 'exact among case twins');
  t.equal((await get(basicHeader('TWIN', FIXTURE_PASSWORD))).statusCode, 200, 'the other twin, exactly');
  const ambiguous = await get(basicHeader('Twin', FIXTURE_PASSWORD));
  t.equal(ambiguous.statusCode, 401, 'ambiguous case-insensitive match: refused');
  t.equal(ambiguous.body, INVALID);
});

t.test('verification cache: a thousand requests, one PBKDF2 at 1,000,000 iterations', async (t) => {
  const started = performance.now();
  const hash = await makePbkdf2Sha256('correct horse', {});
  const oneHash = performance.now() - started;
  t.match(hash, /^pbkdf2_sha256\$1000000\$/);
  const user = await createUser(db, { username: 'cached', isStaff: true, password: hash });
  const header = basicHeader(user.username, 'correct horse');

  let ticks = 0;
  const timer = setInterval(() => ticks++, 10);
  const firstStarted = performance.now();
  const before = hasherStats.pbkdf2;
  t.equal((await get(header)).statusCode, 200);
  const first = performance.now() - firstStarted;
  clearInterval(timer);
  t.ok(ticks >= 1, `the event loop ran during PBKDF2 (${ticks} timer ticks in ${first.toFixed(0)} ms)`);

  const loopStarted = performance.now();
  for (let i = 0; i < 999; i++) {
    const res = await get(header);
    if (res.statusCode !== 200) t.fail(`request ${i + 2}: ${res.statusCode} ${res.body}`);
  }
  const rest = performance.now() - loopStarted;
  t.equal(hasherStats.pbkdf2 - before, 1, '1000 requests, one PBKDF2');
  t.comment(`PBKDF2-SHA256 x1,000,000: ${oneHash.toFixed(0)} ms to hash, first request ${first.toFixed(0)} ms; the next 999 requests: ${rest.toFixed(0)} ms (${(rest / 999).toFixed(2)} ms each)`);

  const concurrent = basicHeader(user.username, 'concurrent guess');
  const beforeBurst = hasherStats.pbkdf2;
  const burst = await Promise.all(Array.from({ length: 5 }, () => get(concurrent)));
  t.same(burst.map((r) => r.statusCode), [401, 401, 401, 401, 401]);
  t.equal(hasherStats.pbkdf2 - beforeBurst, 1, 'identical concurrent attempts share one computation');

  const beforeWrong = hasherStats.pbkdf2;
  t.equal((await get(basicHeader(user.username, 'wrong'))).statusCode, 401);
  t.equal((await get(basicHeader(user.username, 'wrong'))).statusCode, 401);
  t.equal(hasherStats.pbkdf2 - beforeWrong, 2, 'failures are never cached');

  // A new stored hash (password changed) is checked afresh, at once.
  await db.updateTable('auth_user').set({ password: await makePbkdf2Sha256('correct horse', { iterations: 1000 }) }).where('id', '=', user.id).execute();
  const beforeChange = hasherStats.pbkdf2;
  t.equal((await get(header)).statusCode, 200, 'same password, new hash: accepted');
  t.equal(hasherStats.pbkdf2 - beforeChange, 1, 'after one fresh PBKDF2');
  await db.updateTable('auth_user').set({ password: await makePbkdf2Sha256('another', { iterations: 1000 }) }).where('id', '=', user.id).execute();
  t.equal((await get(header)).statusCode, 401, 'old password after a change: refused at once');
  t.equal((await get(basicHeader(user.username, 'another'))).statusCode, 200, 'new password: accepted');

  await db.updateTable('auth_user').set({ is_active: false }).where('id', '=', user.id).execute();
  const inactive = await get(basicHeader(user.username, 'another'));
  t.equal(inactive.statusCode, 401, 'deactivation takes effect at once, cache or not');
  t.equal(inactive.body, INVALID);
  await db.updateTable('auth_user').set({ is_active: true, is_staff: false }).where('id', '=', user.id).execute();
  t.equal((await get(basicHeader(user.username, 'another'))).statusCode, 403, 'and so does losing staff');
});
