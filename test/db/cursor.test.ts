/**
 * src/db/cursor.ts: a cursor is released exactly once, whichever comes first
 * — the last row, close()/return() (also before the first next(), which an
 * async generator would ignore), its signal aborting, or a failing query —
 * and stream slots bound how many cursors run at once. Released means: no
 * cursor left in the session (pg_cursors, PGlite) / no session of ours idle
 * in transaction (PostgreSQL), and the slot free again.
 */
import { sql } from 'kysely';
import t from 'tap';
import { openCursor } from '../../src/db/cursor.js';
import { databasePolicy, PoolBusyError } from '../../src/db/pool.js';
import { eventually, openSuiteDatabase } from '../reliability/support.js';

const database = await openSuiteDatabase({ poolMax: 2, poolWaitMs: 500 });
t.teardown(() => database.close());
const db = database.handle.db;
const policy = databasePolicy(db)!;
await sql`INSERT INTO django_q_ormq (key, payload, lock) SELECT 'InvenTree', 'p' || g::text, now() FROM generate_series(1, 2500) AS g`.execute(db);
const rows = db.selectFrom('django_q_ormq').select(['id', 'payload']).orderBy('id');

/** Nothing held: no slot in use, no open cursor (PGlite's one session), no session idle in transaction (PostgreSQL). */
async function released(): Promise<boolean> {
  if (policy.streams.inUse !== 0) return false;
  if (database.kind === 'pglite') {
    const { rows: open } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_cursors`.execute(db);
    return open[0]!.n === 0;
  }
  return (await database.sessions()).every((s) => s.state !== 'idle in transaction');
}

t.test('read to the end: every row, then released', async (t) => {
  const cursor = await openCursor(db, rows, { batchRows: 1000 });
  const payloads: string[] = [];
  for await (const row of cursor) {
    payloads.push(row.payload);
    if (payloads.length === 1) t.equal(policy.streams.inUse, 1, 'a slot is held while reading');
  }
  t.same(payloads, Array.from({ length: 2500 }, (_, i) => `p${i + 1}`), 'every row, in order');
  t.ok(await eventually(released, 3000));
});

t.test('return() before the first next() releases', async (t) => {
  const cursor = await openCursor(db, rows);
  await cursor.return?.();
  t.ok(await released());
  t.same(await cursor.next(), { done: true, value: undefined }, 'and yields nothing more');
});

t.test('an aborted signal releases mid-way and ends the iteration', async (t) => {
  const controller = new AbortController();
  let releases = 0;
  const cursor = await openCursor(db, rows, { signal: controller.signal, batchRows: 100, onRelease: () => releases++ });
  let n = 0;
  for await (const _ of cursor) {
    if (++n === 150) controller.abort();
  }
  t.ok(n >= 150 && n < 2500, `stopped after ${n} rows`);
  t.ok(await eventually(released, 3000));
  await cursor.close();
  t.equal(releases, 1, 'released exactly once');
});

t.test('a signal aborted before opening takes nothing', async (t) => {
  const controller = new AbortController();
  controller.abort();
  const cursor = await openCursor(db, rows, { signal: controller.signal });
  t.same(await cursor.next(), { done: true, value: undefined });
  t.ok(await released());
});

t.test('a failing query surfaces at openCursor and releases', async (t) => {
  const bad = db.selectFrom('django_q_ormq').select('id').where(sql<boolean>`payload ~ ${'(('}`);
  await t.rejects(openCursor(db, bad), { code: '2201B' });
  t.ok(await eventually(released, 3000));
});

t.test('stream slots: beyond them a cursor waits, then fails with a 503-mapped error', async (t) => {
  const held = await Promise.all(Array.from({ length: policy.streams.size }, () => openCursor(db, rows)));
  t.equal(policy.streams.inUse, policy.streams.size);
  await t.rejects(openCursor(db, rows), PoolBusyError);
  const waiting = openCursor(db, rows);
  await held[0]!.close();
  const granted = await waiting;
  t.ok(granted, 'a freed slot goes to the waiting cursor');
  await granted.close();
  for (const c of held) await c.close();
  t.ok(await eventually(released, 3000));
});
