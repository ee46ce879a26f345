/**
 * Q_RETRY_SECONDS (django-q's Q_CLUSTER['retry']): parsed and validated in
 * src/config/env.ts; on django-q 1.3.9 tables a claimed pending row is held
 * until `lock + retry` (the pending detail's lock_state / locked_until);
 * what retry and run now enqueue carries the ORM broker's lock (django-q2:
 * `now`; 1.3.9: `now - retry`), and the queue counts' locked rows follow the
 * same version's `lock_size`.
 */
import { sql } from 'kysely';
import t from 'tap';
import { ConfigError, loadConfig } from '../../src/config/env.js';
import { ensureSidecarTables } from '../../src/tasks/actions/index.js';
import { queryQueueCounts } from '../../src/tasks/queue-counts.js';
import { createTestApp } from '../helpers/app.js';
import { createTestDatabase } from '../helpers/database.js';
import { insertPending, insertSchedule, insertTask, TEST_SECRET_KEY } from '../helpers/rows.js';
import { staffAuthorization } from '../helpers/users.js';

const BASE = '/api/background-task';

t.test('Q_RETRY_SECONDS: default 60, a whole number of seconds from 1', async (t) => {
  t.equal(loadConfig({}).qRetrySeconds, 60);
  t.equal(loadConfig({ Q_RETRY_SECONDS: '' }).qRetrySeconds, 60);
  t.equal(loadConfig({ Q_RETRY_SECONDS: '120' }).qRetrySeconds, 120);
  t.equal(loadConfig({ Q_RETRY_SECONDS: ' 7 ' }).qRetrySeconds, 7);
  const bad: Array<[string, string]> = [
    ['0', 'must be between 1 and 31536000, got 0'],
    ['31536001', 'must be between 1 and 31536000, got 31536001'],
    ['-5', 'must be a whole number, got "-5"'],
    ['1.5', 'must be a whole number, got "1.5"'],
    ['60s', 'must be a whole number, got "60s"'],
  ];
  for (const [raw, why] of bad) {
    t.throws(() => loadConfig({ Q_RETRY_SECONDS: raw }), new ConfigError(`invalid configuration: Q_RETRY_SECONDS ${why}`), raw);
  }
});

/** RFC 3339 as the API writes a timestamp with milliseconds (microseconds shown). */
const wire = (ms: number) => new Date(ms).toISOString().replace(/Z$/, '000Z');

t.test('pending detail on django-q 1.3.9 tables: held until lock + Q_RETRY_SECONDS', async (t) => {
  const database = await createTestDatabase();
  // django-q 1.3.9's tables lack django-q2's columns: that is how the flavour is told.
  await sql`ALTER TABLE django_q_schedule DROP COLUMN intended_date_kwarg`.execute(database.db);
  await sql`ALTER TABLE django_q_task DROP COLUMN cluster`.execute(database.db);
  const claimedAt = Math.floor(Date.now() / 1000) * 1000 - 30_000 + 123; // claimed 30 s ago (1.3.9 writes lock = now)
  const claimed = await insertPending(database.db, { lock: new Date(claimedAt) });

  for (const [retry, state, until] of [
    [60, 'locked', wire(claimedAt + 60_000)],
    [600, 'locked', wire(claimedAt + 600_000)],
    [20, 'waiting', null],
  ] as const) {
    const { app } = await createTestApp(t, { secretKey: TEST_SECRET_KEY, qRetrySeconds: retry }, database);
    const authorization = await staffAuthorization(database.db);
    const res = await app.inject({ method: 'GET', url: `${BASE}/pending/${claimed.pk}/`, headers: { authorization } });
    t.equal(res.statusCode, 200);
    const body = res.json();
    t.equal(body.lock, wire(claimedAt), `retry ${retry}: lock as stored`);
    t.equal(body.lock_state, state, `retry ${retry}`);
    t.equal(body.locked_until, until, `retry ${retry}`);
  }
  t.teardown(() => database.close());
});

t.test('pending detail on django-q2 tables: held until lock, whatever Q_RETRY_SECONDS', async (t) => {
  const { app, database } = await createTestApp(t, { secretKey: TEST_SECRET_KEY, qRetrySeconds: 600 });
  const authorization = await staffAuthorization(database.db);
  const lockedMs = Math.floor(Date.now() / 1000) * 1000 + 3_600_000 + 456;
  const past = await insertPending(database.db, { lock: new Date(Date.now() - 30_000) });
  const future = await insertPending(database.db, { lock: new Date(lockedMs) });
  const p = (await app.inject({ method: 'GET', url: `${BASE}/pending/${past.pk}/`, headers: { authorization } })).json();
  t.equal(p.lock_state, 'waiting', 'django-q2 claims with lock = now + retry: a past lock is free');
  t.equal(p.locked_until, null);
  const f = (await app.inject({ method: 'GET', url: `${BASE}/pending/${future.pk}/`, headers: { authorization } })).json();
  t.equal(f.lock_state, 'locked');
  t.equal(f.locked_until, wire(lockedMs));
});

/** django-q 1.3.9's tables lack django-q2's columns: that is how the flavour is told. */
async function asDjangoQ139(db: Parameters<typeof insertTask>[0]) {
  await sql`ALTER TABLE django_q_schedule DROP COLUMN intended_date_kwarg`.execute(db);
  await sql`ALTER TABLE django_q_task DROP COLUMN cluster`.execute(db);
}

for (const flavor of ['django-q2', 'django-q 1.3.9'] as const) {
  // django-q2's ORM.enqueue writes lock = now; 1.3.9's writes lock = now - retry.
  const before = flavor === 'django-q2' ? 0n : 90_000_000n;
  t.test(`${flavor}: retry and run now enqueue with the broker's lock (now - ${before / 1_000_000n} s)`, async (t) => {
    const { app, database } = await createTestApp(t, { secretKey: TEST_SECRET_KEY, qRetrySeconds: 90 });
    const db = database.db;
    await ensureSidecarTables(db);
    const authorization = await staffAuthorization(db);
    const failed = await insertTask(db, { func: 'part.tasks.check_stock' });
    const schedule = await insertSchedule(db, { func: 'part.tasks.check_stock' });
    if (flavor !== 'django-q2') await asDjangoQ139(db);
    t.equal((await app.inject({ method: 'POST', url: `${BASE}/failed/${failed.id}/retry/`, headers: { authorization } })).statusCode, 200);
    t.equal((await app.inject({ method: 'POST', url: `${BASE}/scheduled/${schedule.pk}/run/`, headers: { authorization } })).statusCode, 202);
    // The action's `now` is its transaction's now(), which is also its audit row's `at`.
    const queued = await sql<{ id: number; lock_us: string }>`SELECT id, (extract(epoch FROM lock) * 1000000)::bigint::text AS lock_us FROM django_q_ormq ORDER BY id`.execute(db);
    const audited = await sql<{ action: string; at_us: string }>`SELECT action, (extract(epoch FROM at) * 1000000)::bigint::text AS at_us FROM bgtasks_audit ORDER BY id`.execute(db);
    t.same(
      audited.rows.map((a) => a.action),
      ['retry', 'run'],
    );
    t.equal(queued.rows.length, 2);
    for (const [i, q] of queued.rows.entries()) {
      t.equal(BigInt(audited.rows[i]!.at_us) - BigInt(q.lock_us), before, `${audited.rows[i]!.action}: lock is the action's now minus ${before / 1_000_000n} s`);
    }
  });

  t.test(`${flavor}: the queue counts' locked rows are the broker's lock_size`, async (t) => {
    const database = await createTestDatabase();
    t.teardown(() => database.close());
    if (flavor !== 'django-q2') await asDjangoQ139(database.db);
    const now = Date.now();
    for (const offset of [-3_600_000, -45_000, -5_000, 5_000, 3_600_000]) await insertPending(database.db, { lock: new Date(now + offset) });
    await insertPending(database.db, { lock: null });
    const counts = await queryQueueCounts(database.db, 30);
    t.equal(counts.pending, 6);
    // django-q2: held while lock > now (the two future locks); 1.3.9 with retry 30 s:
    // held while lock > now - 30 s (claimed 5 s ago, and the two future ones).
    t.equal(counts.pendingLocked, flavor === 'django-q2' ? 2 : 3);
  });
}
