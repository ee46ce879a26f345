/**
 * The building blocks against known answers: Python-compatible header
 * parsing, every Django hasher on hashes Django made, Django signing on the
 * docs/formats.md §7 worked example, CSRF masking on a Django-made token, the limiter and
 * the verification cache on a fake clock.
 */
import t from 'tap';
import { defaultExpiry, generateTokenKey, isIsoDate, usernameProblem } from '../../src/auth/accounts.js';
import { todayIn } from '../../src/auth/dates.js';
import { closeHashWorker } from '../../src/auth/hash-worker.js';
import { authorizationParts, parseCookies, pythonB64decode } from '../../src/auth/headers.js';
import { isSameDomain, maskSecret, unmaskToken } from '../../src/auth/csrf.js';
import { parseBasic } from '../../src/auth/basic.js';
import {
  checkPassword,
  decoyLike,
  hasherStats,
  identifyHasher,
  makePbkdf2Sha256,
} from '../../src/auth/password-hashers.js';
import { clientKey, FailureLimiter, throttled } from '../../src/auth/rate-limit.js';
import { SESSION_SALT, sessionAuthHash } from '../../src/auth/session.js';
import { VerificationCache } from '../../src/auth/verification-cache.js';
import { BadSignature, loadsJson as djangoLoadsJson, signature } from '../../src/djangoq/index.js';
import { ApiError } from '../../src/http/errors.js';
import {
  CSRF_MASKED,
  CSRF_SECRET,
  FIXTURE_PASSWORD,
  HASHES,
  mintSessionData,
  ORACLE_AUTH_HASH,
  ORACLE_HASH,
  ORACLE_PASSWORD,
  ORACLE_SESSION,
  ORACLE_SESSION_DATA,
  ORACLE_TIME,
  SECRET_KEY,
  UNCHECKABLE_HASHES,
} from './fixtures.js';

t.teardown(closeHashWorker);

t.test('Authorization header split like bytes.split()', async (t) => {
  t.same(authorizationParts(undefined), []);
  t.same(authorizationParts(''), []);
  t.same(authorizationParts('   '), []);
  t.same(authorizationParts('Token abc'), ['Token', 'abc']);
  t.same(authorizationParts(' token\tabc \x0b'), ['token', 'abc']);
  t.same(authorizationParts('Token a b'), ['Token', 'a', 'b']);
  // U+00A0 is not whitespace to bytes.split(): it stays inside the part.
  t.same(authorizationParts('Token a\u00a0b'), ['Token', 'a\u00a0b']);
});

t.test('base64 decoded as Python decodes it', async (t) => {
  const dec = (s: string) => pythonB64decode(Buffer.from(s, 'latin1'))?.toString('latin1');
  t.equal(dec('YWJj'), 'abc');
  t.equal(dec('YWI='), 'ab');
  t.equal(dec('YQ=='), 'a');
  t.equal(dec('YWI'), undefined, 'missing padding: Incorrect padding');
  t.equal(dec('Y'), undefined, 'one char over a multiple of 4');
  t.equal(dec('YW*Jj'), 'abc', 'non-alphabet characters are skipped');
  t.equal(dec('YQ==garbage'), 'a', 'complete padding ends the input');
  t.equal(dec('YQ=Y=Q'), 'a\x06', 'data resets the pad count; the next complete padding ends the input');
  t.equal(dec('YQ=Y'), undefined, 'a pad then data leaves the quantum open');
  t.equal(dec('_-8='), undefined, 'URL-safe characters are not base64 to b64decode');
  t.equal(dec(''), '');
});

t.test('Basic credentials parsed as DRF parses them', async (t) => {
  const parts = (header: string) => authorizationParts(header);
  t.same(parseBasic(parts(`Basic ${Buffer.from('ann:pa:ss').toString('base64')}`)), { username: 'ann', password: 'pa:ss' });
  t.same(parseBasic(parts(`Basic ${Buffer.from('ann').toString('base64')}`)), { username: 'ann', password: '' }, 'no colon: empty password');
  t.same(parseBasic(parts(`Basic ${Buffer.from('jürgen:pw', 'utf8').toString('base64')}`)).username, 'jürgen', 'UTF-8');
  t.same(parseBasic(parts(`Basic ${Buffer.from('j\xfcrgen:pw', 'latin1').toString('base64')}`)).username, 'jürgen', 'latin-1 fallback');
  const reason = (header: string) => {
    try {
      parseBasic(parts(header));
      return 'parsed';
    } catch (err) {
      return (err as ApiError).body.detail;
    }
  };
  t.equal(reason('Basic'), 'Invalid basic header. No credentials provided.');
  t.equal(reason('Basic a b'), 'Invalid basic header. Credentials string should not contain spaces.');
  t.equal(reason('Basic YWI'), 'Invalid basic header. Credentials not correctly base64 encoded.');
});

t.test('cookies parsed as Django parses them', async (t) => {
  const c = parseCookies('sessionid=abc; csrftoken="q\\"x\\012"; flag; sessionid=last; a=b=c; =v');
  t.equal(c.get('sessionid'), 'last', 'the last duplicate wins');
  t.equal(c.get('csrftoken'), 'q"x\n', 'quoted values are unquoted');
  t.equal(c.get(''), 'v');
  t.equal(c.get('a'), 'b=c');
  t.equal(parseCookies('x=%41').get('x'), '%41', 'no URL-decoding');
  t.equal(parseCookies(undefined).size, 0);
});

t.test('Django password hashers on Django-made hashes', async (t) => {
  for (const [name, encoded] of Object.entries(HASHES)) {
    t.equal(identifyHasher(encoded), encoded.split('$')[0], `${name}: identified`);
    t.equal(await checkPassword(FIXTURE_PASSWORD, encoded), true, `${name}: right password`);
    t.equal(await checkPassword(`${FIXTURE_PASSWORD} `, encoded), false, `${name}: wrong password`);
    t.equal(await checkPassword('', encoded), false, `${name}: empty password`);
  }
  t.equal(await checkPassword(ORACLE_PASSWORD, ORACLE_HASH), true, '§6 worked example (260000 iterations)');
  for (const [name, encoded] of Object.entries(UNCHECKABLE_HASHES)) {
    t.equal(identifyHasher(encoded), undefined, `${name}: not checkable`);
    t.equal(await checkPassword(FIXTURE_PASSWORD, encoded), false, `${name}: never matches`);
  }
  // Django re-encodes and compares whole strings: a non-canonical count never matches.
  t.equal(await checkPassword(FIXTURE_PASSWORD, HASHES.pbkdf2_sha256.replace('$1000$', '$01000$')), false);
  t.equal(await checkPassword(FIXTURE_PASSWORD, 'pbkdf2_sha256$1000$$abc'), false, 'empty salt');
  t.equal(await checkPassword(FIXTURE_PASSWORD, HASHES.argon2id.replace('v=19', 'v=16')), false, 'argon2 1.0');
  t.equal(await checkPassword(FIXTURE_PASSWORD, HASHES.scrypt.replace('$1024$', '$1000$')), false, 'scrypt N not a power of 2');
});

t.test("Django's default argon2 cost is verified off the event loop", async (t) => {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 5);
  t.equal(await checkPassword(FIXTURE_PASSWORD, HASHES.argon2idDjangoDefault), true);
  clearInterval(timer);
  // Hashed on the event loop, no timer callback could have run before the
  // check resolved; a worker leaves the loop free to tick (100 MiB, t=2, p=8).
  t.ok(ticks >= 1, `timer ticked ${ticks} times while the worker hashed`);
});

t.test('new hashes are Django-compatible pbkdf2_sha256 at 1,000,000 iterations', async (t) => {
  const encoded = await makePbkdf2Sha256('s3cret');
  t.match(encoded, /^pbkdf2_sha256\$1000000\$[a-zA-Z0-9]{22}\$[A-Za-z0-9+/]{43}=$/);
  t.equal(await checkPassword('s3cret', encoded), true);
  t.equal(
    await makePbkdf2Sha256(FIXTURE_PASSWORD, { iterations: 1000, salt: 'fixturesaltfixturesalt' }),
    HASHES.pbkdf2_sha256,
    'byte-identical to Django for the same salt and count',
  );
});

t.test('decoys cost what the real hash costs and never match', async (t) => {
  for (const encoded of Object.values(HASHES)) {
    const decoy = decoyLike(encoded);
    t.ok(decoy, `decoy for ${encoded.slice(0, 20)}`);
    t.equal(identifyHasher(decoy as string), identifyHasher(encoded));
    t.not(decoy, encoded);
    t.equal(await checkPassword(FIXTURE_PASSWORD, decoy as string), false);
  }
  t.equal(decoyLike(ORACLE_HASH)?.split('$')[1], '260000', 'same iteration count');
  t.equal(decoyLike('!unusable'), undefined);
  const before = hasherStats.pbkdf2;
  await checkPassword('x', decoyLike(HASHES.pbkdf2_sha256) as string);
  t.equal(hasherStats.pbkdf2, before + 1, 'a decoy is one real PBKDF2 computation');
});

/** Session decoding as session.ts does it: the value, or why not. */
function loadsJson(signed: string, keys: string[], salt: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: djangoLoadsJson(signed, { keys, salt }) };
  } catch (err) {
    return { ok: false, reason: err instanceof BadSignature ? 'bad-signature' : 'malformed' };
  }
}

t.test('Django signing on the §7 worked example', async (t) => {
  const result = loadsJson(ORACLE_SESSION_DATA, [SECRET_KEY], SESSION_SALT);
  t.same(result, { ok: true, value: ORACLE_SESSION });
  const sep = ORACLE_SESSION_DATA.lastIndexOf(':');
  t.equal(
    signature(ORACLE_SESSION_DATA.slice(0, sep), SECRET_KEY, SESSION_SALT),
    ORACLE_SESSION_DATA.slice(sep + 1),
    'our signature of value:timestamp is byte-identical to Django’s',
  );
  t.equal(sessionAuthHash(ORACLE_HASH, SECRET_KEY), ORACLE_AUTH_HASH, '_auth_user_hash of the §6 password hash');
  t.same(loadsJson(ORACLE_SESSION_DATA, ['other-key', SECRET_KEY], SESSION_SALT), result, 'a fallback key verifies');
  t.same(loadsJson(ORACLE_SESSION_DATA, ['other-key'], SESSION_SALT), { ok: false, reason: 'bad-signature' });
  t.same(loadsJson(ORACLE_SESSION_DATA, [SECRET_KEY], 'another.salt'), { ok: false, reason: 'bad-signature' });
  t.same(loadsJson(`${ORACLE_SESSION_DATA.slice(0, -1)}A`, [SECRET_KEY], SESSION_SALT), { ok: false, reason: 'bad-signature' });
  t.same(loadsJson('no separators at all', [SECRET_KEY], SESSION_SALT), { ok: false, reason: 'bad-signature' });
  // Node's zlib compresses differently from CPython's, but any zlib stream is valid Django session data.
  const minted = mintSessionData(ORACLE_SESSION, { time: ORACLE_TIME });
  t.equal(minted.split(':')[1], '1tTBVF', 'base62 timestamp as in §4.2');
  t.same(loadsJson(minted, [SECRET_KEY], SESSION_SALT), result);
  const plain = mintSessionData({ a: 1 });
  t.notOk(plain.startsWith('.'), 'short data stays uncompressed, as Django leaves it');
  t.same(loadsJson(plain, [SECRET_KEY], SESSION_SALT), { ok: true, value: { a: 1 } });
});

t.test('CSRF masking as Django masks', async (t) => {
  t.equal(unmaskToken(CSRF_MASKED), CSRF_SECRET, 'unmasks a Django-made token');
  const mask = 'ZYXWVUTSRQPONMLKJIHGFEDCBAzyxwvu';
  t.equal(unmaskToken(maskSecret(CSRF_SECRET, mask)), CSRF_SECRET);
  t.equal(maskSecret(CSRF_SECRET, CSRF_MASKED.slice(0, 32)), CSRF_MASKED, 'same mask, same token as Django');
  t.ok(isSameDomain('api.example.com', '.example.com'));
  t.ok(isSameDomain('example.com', '.example.com'));
  t.notOk(isSameDomain('badexample.com', '.example.com'));
  t.notOk(isSameDomain('x', ''));
});

t.test('failure limiter: sliding minute per client', async (t) => {
  let now = 1_000_000;
  const limiter = new FailureLimiter({ limit: 3, now: () => now });
  const ip = '203.0.113.7';
  for (let i = 0; i < 3; i++) {
    t.equal(limiter.retryAfter(ip), undefined, `attempt ${i + 1} allowed`);
    limiter.recordFailure(ip);
    now += 10_000;
  }
  t.equal(limiter.retryAfter(ip), 30, 'blocked until the oldest failure is a minute old');
  t.equal(limiter.retryAfter('203.0.113.8'), undefined, 'other clients unaffected');
  now += 29_999;
  t.equal(limiter.retryAfter(ip), 1);
  now += 1;
  t.equal(limiter.retryAfter(ip), undefined, 'free again');
  t.equal(new FailureLimiter({ limit: 0 }).retryAfter(ip), undefined, '0 disables');

  const small = new FailureLimiter({ limit: 1, maxClients: 2, now: () => now });
  for (const c of ['a', 'b', 'c']) small.recordFailure(c);
  t.equal(small.trackedClients, 2, 'bounded memory');

  const e = throttled(42);
  t.equal(e.statusCode, 429);
  t.same(e.body, { detail: 'Request was throttled. Expected available in 42 seconds.' });
  t.same(e.headers, { 'retry-after': '42' });
  t.same(throttled(1).body, { detail: 'Request was throttled. Expected available in 1 second.' });
});

t.test('client keys: IPv4 as is, IPv6 by /64', async (t) => {
  t.equal(clientKey('198.51.100.1'), '198.51.100.1');
  t.equal(clientKey('::ffff:198.51.100.1'), '198.51.100.1');
  t.equal(clientKey('2001:db8:1:2:3:4:5:6'), '2001:db8:1:2::/64');
  t.equal(clientKey('2001:db8:1:2::9'), '2001:db8:1:2::/64');
  t.equal(clientKey('2001:db8::1'), '2001:db8:0:0::/64');
  t.equal(clientKey('::1'), '0:0:0:0::/64');
});

t.test('verification cache: successes only, TTL, keyed by the stored hash', async (t) => {
  let now = 0;
  const cache = new VerificationCache({ ttlMs: 60_000, now: () => now });
  let computed = 0;
  const verify = (result: boolean) => async () => {
    computed++;
    return result;
  };
  t.equal(await cache.check('ann', 'pw', 'hash1', verify(true)), true);
  t.equal(await cache.check('ann', 'pw', 'hash1', verify(true)), true);
  t.equal(computed, 1, 'second check from memory');
  t.equal(await cache.check('ann', 'pw', 'hash2', verify(false)), false, 'a changed stored hash is checked afresh');
  t.equal(await cache.check('ann', 'pw', 'hash2', verify(false)), false);
  t.equal(computed, 3, 'failures are not remembered');
  t.equal(await cache.check('ann', 'pw2', 'hash1', verify(false)), false, 'another password is checked');
  now += 60_001;
  t.equal(await cache.check('ann', 'pw', 'hash1', verify(true)), true);
  t.equal(computed, 5, 'expired after the TTL');
  const shared = await Promise.all(Array.from({ length: 10 }, () => cache.check('bob', 'pw', 'h', verify(true))));
  t.same(shared, Array(10).fill(true));
  t.equal(computed, 6, 'concurrent checks share one computation');
  const off = new VerificationCache({ ttlMs: 0 });
  await off.check('a', 'b', 'c', verify(true));
  await off.check('a', 'b', 'c', verify(true));
  t.equal(computed, 8, 'TTL 0 remembers nothing');
  // ('a','b:c') and ('a:b','c') must not share a key.
  await cache.check('a', 'b\0c', 'h', verify(true));
  t.equal(await cache.check('a\0b', 'c', 'h', verify(false)), false, 'fields cannot run into each other');
});

t.test('dates, token keys, usernames', async (t) => {
  const instant = new Date('2025-01-02T03:04:05Z');
  t.equal(todayIn('UTC', instant), '2025-01-02');
  t.equal(todayIn('America/Los_Angeles', instant), '2025-01-01');
  t.equal(todayIn('Pacific/Kiritimati', new Date('2025-01-01T12:00:00Z')), '2025-01-02');
  t.match(generateTokenKey('UTC', instant), /^inv-[0-9a-f]{40}-20250102$/);
  t.equal(generateTokenKey().length, 53);
  t.equal(defaultExpiry('UTC', instant), '2026-01-02');
  t.ok(isIsoDate('2024-02-29'));
  t.notOk(isIsoDate('2023-02-29'));
  t.notOk(isIsoDate('2024-2-9'));
  t.equal(usernameProblem('ann.o+m@x-y_z'), undefined);
  t.equal(usernameProblem('jürgen'), undefined);
  t.ok(usernameProblem('has space'));
  t.ok(usernameProblem(''));
  t.ok(usernameProblem('x'.repeat(151)));
});

t.test('ApiError shapes', async (t) => {
  t.ok(throttled(1) instanceof ApiError);
});
