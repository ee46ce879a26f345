/**
 * Issue #12 items 2 and 9: password hashing under hostile load.
 *
 *  - Concurrent wrong passwords from one address: attempts in flight count
 *    against AUTH_RATE_LIMIT before anything is hashed (counted hashes, not
 *    time), and a correct token meanwhile is answered before the burst ends.
 *  - The global hash queue (AUTH_HASH_QUEUE): beyond it, 503 + Retry-After at
 *    once, without waiting (a latch holds the hashes, so "at once" means
 *    "settled while every hash was still blocked").
 *  - Cost parameters read from the database are bounded; over-cost hashes are
 *    refused unchecked and logged once; the unknown-user decoy has one
 *    constant cost whatever was verified before.
 */
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import t from 'tap';
import { DECOY_TEMPLATE } from '../../src/auth/basic.js';
import { closeHashWorker } from '../../src/auth/hash-worker.js';
import { defaultHashConcurrency } from '../../src/auth/hash-queue.js';
import { createAuthenticator } from '../../src/auth/index.js';
import { checkPassword, costProblem, HASH_COST_LIMITS, hasherStats, makePbkdf2Sha256 } from '../../src/auth/password-hashers.js';
import { ApiError } from '../../src/http/errors.js';
import { createTestApp } from '../helpers/app.js';
import { testConfig } from '../helpers/config.js';
import { createToken, createUser } from '../helpers/users.js';
import { basicHeader, FIXTURE_PASSWORD, HASHES } from './fixtures.js';

t.teardown(closeHashWorker);

function captureLog() {
  const lines: { level: string; obj: unknown; msg: string }[] = [];
  const at = (level: string) => (a: unknown, b?: unknown) => lines.push({ level, obj: a, msg: String(typeof a === 'string' ? a : b) });
  return { lines, log: { warn: at('warn'), info: at('info'), debug: at('debug'), error: at('error') } as unknown as FastifyBaseLogger };
}

const fakeRequest = (authorization: string, ip: string) => ({ headers: { authorization }, ip }) as unknown as FastifyRequest;

t.test('200 concurrent wrong passwords from one address: 20 hashed, 180 × 429; a token is served meanwhile', async (t) => {
  const { app, database } = await createTestApp(t, { authRateLimitPerMinute: 20 });
  const db = database.db;
  // Half Django 4.2's count: each guess still costs far more than a token lookup.
  await createUser(db, { username: 'victim', isStaff: true, password: await makePbkdf2Sha256('the right one', { iterations: 300_000 }) });
  const staff = await createUser(db, { isStaff: true });
  const token = await createToken(db, staff.id);

  const hashesBefore = hasherStats.pbkdf2;
  const order: string[] = [];
  const burst = Array.from({ length: 200 }, (_, i) =>
    app
      .inject({ method: 'GET', url: '/api/background-task/', headers: { authorization: basicHeader('victim', `guess-${i}`) }, remoteAddress: '198.51.100.7' })
      .then((res) => {
        order.push('burst');
        return res;
      }),
  );
  const tokenRequest = app
    .inject({ method: 'GET', url: '/api/background-task/', headers: { authorization: `Token ${token}` }, remoteAddress: '203.0.113.50' })
    .then((res) => {
      order.push('token');
      return res;
    });
  const responses = await Promise.all(burst);
  const tokenResponse = await tokenRequest;

  const hashed = hasherStats.pbkdf2 - hashesBefore;
  const byStatus = (code: number) => responses.filter((r) => r.statusCode === code);
  t.equal(hashed, 20, 'exactly AUTH_RATE_LIMIT passwords were hashed');
  t.equal(byStatus(401).length, 20, '20 × 401');
  t.equal(byStatus(429).length, 180, 'the rest × 429');
  for (const res of byStatus(429)) {
    if (!/^\{"detail":"Request was throttled\. Expected available in \d+ seconds?\."\}$/.test(res.body) || !/^\d+$/.test(String(res.headers['retry-after'])))
      t.fail(`429 body/header: ${res.body} ${res.headers['retry-after']}`);
  }
  t.equal(tokenResponse.statusCode, 200, 'the token request from another client succeeds');
  t.ok(order.indexOf('token') < order.lastIndexOf('burst'), 'and is answered before the burst has finished');
  t.equal(byStatus(401).length + byStatus(429).length, 200, 'nothing else');
});

t.test('hash queue: beyond AUTH_HASH_QUEUE waiting, 503 + Retry-After at once', async (t) => {
  const { database } = await createTestApp(t);
  const db = database.db;
  await createUser(db, { username: 'queued', isStaff: true, password: HASHES.pbkdf2_sha256 });
  let release!: () => void;
  const latch = new Promise<void>((resolve) => {
    release = resolve;
  });
  let started = 0;
  const concurrency = 2;
  const auth = createAuthenticator(
    { db, config: testConfig({ authHashQueue: 4, authRateLimitPerMinute: 0 }), log: captureLog().log },
    {
      hashConcurrency: concurrency,
      checkPassword: async (password, encoded) => {
        started++;
        await latch;
        return checkPassword(password, encoded);
      },
    },
  );
  const settled: Array<{ i: number; outcome: unknown }> = [];
  const attempts = Array.from({ length: 30 }, (_, i) =>
    auth.authenticate(fakeRequest(basicHeader('queued', `wrong-${i}`), `192.0.2.${i + 1}`)).then(
      (user) => settled.push({ i, outcome: user }),
      (err) => settled.push({ i, outcome: err }),
    ),
  );
  // Let every request reach the queue: the hashes cannot finish (latched).
  while (settled.length < 30 - concurrency - 4) await new Promise((resolve) => setTimeout(resolve, 5));
  t.equal(started, concurrency, `${concurrency} hashes running`);
  t.same(auth.hashQueue.size, { running: concurrency, waiting: 4 }, '4 waiting');
  t.equal(settled.length, 30 - concurrency - 4, 'everyone else was answered while the hashes were still blocked');
  for (const { outcome } of settled) {
    t.ok(outcome instanceof ApiError && outcome.statusCode === 503, '503');
    const e = outcome as ApiError;
    t.same(e.body, { detail: 'Too many password checks in progress. Please try again later.' });
    t.match(e.headers?.['retry-after'], /^[1-9]\d*$/, 'Retry-After in whole seconds');
  }
  release();
  await Promise.all(attempts);
  t.equal(started, concurrency + 4, 'the waiting ones were hashed afterwards');
  t.equal(settled.filter((s) => s.outcome instanceof ApiError && s.outcome.statusCode === 401).length, concurrency + 4);
  t.equal(auth.hashQueue.refused, 30 - concurrency - 4);

  // A token never waits for the queue.
  const staff = await createUser(db, { isStaff: true });
  const key = await createToken(db, staff.id);
  const blocked = new Promise<void>(() => {});
  const busy = createAuthenticator(
    { db, config: testConfig({ authHashQueue: 0 }), log: captureLog().log },
    { hashConcurrency: 1, checkPassword: () => blocked.then(() => false) },
  );
  void busy.authenticate(fakeRequest(basicHeader('queued', 'x'), '192.0.2.200')).catch(() => {});
  t.equal((await busy.authenticate(fakeRequest(`Token ${key}`, '192.0.2.201'))).id, staff.id, 'token answered while the only hash slot is stuck');
  t.equal(defaultHashConcurrency({ UV_THREADPOOL_SIZE: '4' }) <= 3, true, "leaves one of libuv's threads free");
  t.equal(defaultHashConcurrency({ UV_THREADPOOL_SIZE: '1' }), 1, 'at least one');
});

t.test('cost parameters from the database are bounded', async (t) => {
  t.same(HASH_COST_LIMITS, {
    pbkdf2Iterations: 5_000_000,
    argon2MemoryKiB: 262_144,
    argon2Time: 10,
    argon2Parallelism: 64,
    scryptWork: 2 ** 21,
    bcryptRounds: 16,
  });
  t.equal(await checkPassword(FIXTURE_PASSWORD, HASHES.argon2idDjangoDefault), true, "Django's own defaults verify");

  // Each fixture is a real hash of FIXTURE_PASSWORD: lowering a bound just
  // below its cost turns a match into a refusal that computes nothing.
  const cases: Array<[keyof typeof HASHES, Partial<typeof HASH_COST_LIMITS>, keyof typeof hasherStats]> = [
    ['pbkdf2_sha256', { pbkdf2Iterations: 999 }, 'pbkdf2'],
    ['pbkdf2_sha1', { pbkdf2Iterations: 999 }, 'pbkdf2'],
    ['argon2id', { argon2MemoryKiB: 1023 }, 'argon2'],
    ['argon2i', { argon2Time: 1 }, 'argon2'],
    ['argon2d', { argon2Parallelism: 1 }, 'argon2'],
    ['bcrypt_sha256', { bcryptRounds: 3 }, 'bcrypt'],
    ['scrypt', { scryptWork: 1024 * 8 - 1 }, 'scrypt'],
  ];
  const saved = { ...HASH_COST_LIMITS };
  t.teardown(() => Object.assign(HASH_COST_LIMITS, saved));
  for (const [name, lower, stat] of cases) {
    Object.assign(HASH_COST_LIMITS, saved);
    t.equal(await checkPassword(FIXTURE_PASSWORD, HASHES[name]), true, `${name}: verifies within the bounds`);
    Object.assign(HASH_COST_LIMITS, lower);
    const before = hasherStats[stat];
    t.equal(await checkPassword(FIXTURE_PASSWORD, HASHES[name]), false, `${name}: refused above ${JSON.stringify(lower)}`);
    t.equal(hasherStats[stat], before, `${name}: nothing computed`);
    t.ok(costProblem(HASHES[name]), `${name}: the problem is named`);
  }
  Object.assign(HASH_COST_LIMITS, saved);
});

t.test('absurd stored costs: refused at the decoy cost, logged once per user', async (t) => {
  const { database } = await createTestApp(t);
  const db = database.db;
  const absurd = {
    pbkdf2: 'pbkdf2_sha256$2147483647$saltsaltsalt$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
    argon2: 'argon2$argon2id$v=19$m=4194304,t=1000,p=8$Zml4dHVyZXNhbHRmaXh0dXJlc2FsdA$zjy6JpUSGCmc3WUut6TfUA',
    scrypt: `scrypt$1073741824$saltsaltsalt$8$1$${Buffer.alloc(64).toString('base64')}`,
    bcrypt: 'bcrypt_sha256$$2b$31$k.QNKbkEbfwvHl4M9a.By.E30hivJ9j2SX8TlT2WGBEM8FZzStQIG',
  };
  const { lines, log } = captureLog();
  const auth = createAuthenticator({ db, config: testConfig({ authRateLimitPerMinute: 0 }), log });
  for (const [name, hash] of Object.entries(absurd)) {
    const user = await createUser(db, { username: `absurd-${name}`, isStaff: true, password: hash });
    // Twice for the first user: the second attempt must not log again.
    for (let i = 0; i < (name === 'pbkdf2' ? 2 : 1); i++) {
      const before = { ...hasherStats };
      await t.rejects(auth.authenticate(fakeRequest(basicHeader(user.username, 'whatever'), '192.0.2.9')), new ApiError(401, { detail: 'Invalid username/password.' }), `${name}: 401`);
      t.same(
        { ...hasherStats, pbkdf2: hasherStats.pbkdf2 - before.pbkdf2 },
        { ...before, pbkdf2: 1 },
        `${name}: one constant decoy computation, nothing at the stored cost`,
      );
    }
  }
  const warnings = lines.filter((l) => l.level === 'warn');
  t.equal(warnings.length, 4, 'one warning per user, not per attempt');
  for (const w of warnings) {
    t.match(w.msg, /exceeds the cost bounds/);
    t.notMatch(JSON.stringify(w.obj), /\$/, 'the hash is not logged');
  }
});

t.test('the unknown-user decoy has one constant cost', async (t) => {
  const { database } = await createTestApp(t);
  const db = database.db;
  t.equal(DECOY_TEMPLATE.split('$').slice(0, 2).join('$'), 'pbkdf2_sha256$600000', "Django 4.2's default (InvenTree 0.15)");
  // Most recent login and last verified: an argon2 hash at Django's default cost.
  const argon = await createUser(db, { username: 'argon-user', isStaff: true, password: HASHES.argon2idDjangoDefault });
  await db.updateTable('auth_user').set({ last_login: new Date() }).where('id', '=', argon.id).execute();
  const checked: string[] = [];
  const auth = createAuthenticator(
    { db, config: testConfig({ authRateLimitPerMinute: 0, authCacheSeconds: 0 }), log: captureLog().log },
    {
      checkPassword: (password, encoded) => {
        checked.push(encoded);
        return checkPassword(password, encoded);
      },
    },
  );
  const probe = async () => {
    checked.length = 0;
    await t.rejects(auth.authenticate(fakeRequest(basicHeader('nobody-at-all', 'x'), '192.0.2.10')), new ApiError(401, { detail: 'Invalid username/password.' }));
    t.equal(checked.length, 1, 'one computation');
    return (checked[0] ?? '').split('$').slice(0, 2).join('$');
  };
  t.equal(await probe(), 'pbkdf2_sha256$600000', 'before anything was verified');
  t.equal((await auth.authenticate(fakeRequest(basicHeader('argon-user', FIXTURE_PASSWORD), '192.0.2.11'))).id, argon.id);
  t.equal(await probe(), 'pbkdf2_sha256$600000', 'after an argon2 hash was verified');
  const cheap = await createUser(db, { username: 'cheap-user', isStaff: true, password: HASHES.pbkdf2_sha1 });
  t.equal((await auth.authenticate(fakeRequest(basicHeader('cheap-user', FIXTURE_PASSWORD), '192.0.2.11'))).id, cheap.id);
  t.equal(await probe(), 'pbkdf2_sha256$600000', 'after a cheap hash was verified');
});
