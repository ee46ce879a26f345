/**
 * Counts on large tables (src/tasks/count-estimates.ts) and the decode memo
 * (src/tasks/decoded-cache.ts): exact below EXACT_COUNT_LIMIT, planner
 * estimates above it, reconciled with the page read; response shapes
 * unchanged. Functional only: nothing here measures time.
 */
import { sql } from 'kysely';
import t from 'tap';
import {
  EXACT_COUNT_LIMIT,
  estimatedCount,
  isLargeTable,
  plannerRows,
  plannerTableRows,
  reconcileCount,
} from '../../src/tasks/count-estimates.js';
import { DecodedCache } from '../../src/tasks/decoded-cache.js';
import { pickledText } from '../../src/tasks/pickled-text.js';
import { encodePickledField } from '../../src/djangoq/index.js';
import { createTestApp } from '../helpers/app.js';
import { createTestDatabase } from '../helpers/database.js';
import { staffAuthorization } from '../helpers/users.js';

t.test('reconcileCount keeps an estimate consistent with the page read', async (t) => {
  t.equal(reconcileCount(1000, 0, 25, 25), 1000, 'a full first page: the estimate stands');
  t.equal(reconcileCount(1000, 990, 25, 7), 997, 'a short page ends the list: exact');
  t.equal(reconcileCount(1000, 0, 25, 0), 0, 'an empty first page: nothing there');
  t.equal(reconcileCount(1000, 2000, 25, 0), 1000, 'past the end, the estimate is below the offset: kept');
  t.equal(reconcileCount(5000, 2000, 25, 0), 2000, 'past the end: at most the offset');
  t.equal(reconcileCount(100, 200, 25, 25), 225, 'a full page proves at least offset + limit');
});

t.test('DecodedCache memoises, and stays within its budget', async (t) => {
  let decodes = 0;
  const cache = new DecodedCache<string>(1000);
  const decode = (k: string) => {
    decodes++;
    return k.toUpperCase();
  };
  t.equal(cache.get('abc', decode, (v) => v.length), 'ABC');
  t.equal(cache.get('abc', decode, (v) => v.length), 'ABC');
  t.equal(decodes, 1, 'decoded once');
  const huge = 'x'.repeat(200);
  cache.get(huge, decode, (v) => v.length);
  cache.get(huge, decode, (v) => v.length);
  t.equal(decodes, 3, 'a value over an eighth of the budget is not kept');
  for (let i = 0; i < 500; i++) cache.get(`key-${i}`, decode, (v) => v.length);
  t.ok(cache.size * 10 <= 1000 + 10, `bounded (${cache.size} entries of ~10 characters)`);
  t.equal(cache.get('key-499', decode, (v) => v.length), 'KEY-499', 'recent entries survive');
});

t.test('pickledText is the same through the memo', async (t) => {
  const stored = encodePickledField('Something failed : Traceback …');
  t.equal(pickledText(stored), 'Something failed : Traceback …');
  t.equal(pickledText(stored), 'Something failed : Traceback …', 'second time, from memory');
  t.equal(pickledText('not base64 pickle!'), 'not base64 pickle!', 'undecodable text is shown as stored');
  t.equal(pickledText(null), null);
});

t.test('planner estimates, table sizes and the exact fallback', async (t) => {
  const database = await createTestDatabase();
  t.teardown(() => database.close());
  const { db } = database;
  await sql`
    INSERT INTO django_q_task (id, name, func, started, stopped, success, attempt_count)
    SELECT md5(i::text), 'n' || i, CASE WHEN i % 100 = 0 THEN 'rare.func' ELSE 'common.func' END, now(), now(), false, 1
    FROM generate_series(1, 3000) AS i
  `.execute(db);
  await sql`ANALYZE django_q_task`.execute(db);

  const estimate = await plannerRows(db, sql`SELECT 1 FROM django_q_task WHERE NOT success`);
  t.ok(estimate > 2500 && estimate < 3500, `the planner's estimate (${estimate}) is near 3000`);
  t.ok(Math.abs((await plannerTableRows(db, 'django_q_task')) - 3000) < 500, 'table size from the planner');
  t.equal(await isLargeTable(db, 'django_q_task'), 3000 >= EXACT_COUNT_LIMIT, 'large only above EXACT_COUNT_LIMIT');
  t.equal(await isLargeTable(db, 'django_q_task', 1000), true, 'with a low limit it is large');

  let exactCalls = 0;
  const exact = async () => {
    exactCalls++;
    return 3000;
  };
  const rows = db.selectFrom('django_q_task').select('id').where('success', '=', false);
  t.same(await estimatedCount(db, rows, exact, 1000), { count: estimate, estimated: true }, 'above the cap: the estimate');
  t.equal(exactCalls, 0, 'and no COUNT(*)');
  const rare = db.selectFrom('django_q_task').select('id').where('func', '=', 'rare.func');
  let askedCap = 0;
  const counted = await estimatedCount(
    db,
    rare,
    async (cap) => {
      askedCap = cap;
      return 30;
    },
    1000,
  );
  t.same(counted, { count: 30, estimated: false }, 'an estimate below the cap is replaced by the exact count');
  t.equal(askedCap, 1000, 'a COUNT capped at the cap');
  const wrong = await estimatedCount(db, rare, async (cap) => cap, 1000);
  t.same(wrong, { count: 1000, estimated: true }, 'a planner that underestimates: the capped count is a floor, not a scan');
});

t.test('lists and the overview on a table past EXACT_COUNT_LIMIT', async (t) => {
  const { app, database } = await createTestApp(t, { countsTtlSeconds: 0 });
  const { db } = database;
  const total = EXACT_COUNT_LIMIT + 20_000;
  // Narrow rows written by the server itself: only what the list shows.
  await sql`
    INSERT INTO django_q_task (id, name, func, started, stopped, success, attempt_count)
    SELECT md5(i::text), 'n' || i, CASE WHEN i % 1000 = 0 THEN 'rare.func' ELSE 'common.func' END,
           timestamptz '2024-01-01' + i * interval '1 second', timestamptz '2024-01-01' + i * interval '1 second', false, 1
    FROM generate_series(1, ${total}) AS i
  `.execute(db);
  await sql`ANALYZE django_q_task`.execute(db);
  const authorization = await staffAuthorization(db);
  const get = async (url: string) => {
    const res = await app.inject({ method: 'GET', url, headers: { authorization } });
    t.equal(res.statusCode, 200, url);
    return res.json();
  };

  const first = await get('/api/background-task/failed/?limit=25');
  t.same(Object.keys(first), ['count', 'next', 'previous', 'results'], 'the same shape');
  t.ok(Math.abs(first.count - total) / total < 0.1, `count ${first.count} is the planner's, within 10 % of ${total}`);
  t.equal(first.results.length, 25);
  t.match(first.next, /limit=25&offset=25$/);
  t.equal(first.results[0].stopped, '2024-01-02T09:20:00Z', 'newest first, formatted as before');

  const rare = await get('/api/background-task/failed/?limit=25&search=rare');
  t.equal(rare.count, total / 1000, 'a small match on a large table is counted exactly');

  const last = await get(`/api/background-task/failed/?limit=25&offset=${total - 10}`);
  t.equal(last.results.length, 10);
  t.equal(last.count, total, 'the last page makes the count exact');
  t.equal(last.next, null);

  const overview = await get('/api/background-task/');
  t.ok(Math.abs(overview.failed_tasks - total) / total < 0.1, `overview failed_tasks ${overview.failed_tasks} ≈ ${total}`);
  t.equal(overview.pending_tasks, 0, 'the small queue is still counted exactly');
});
