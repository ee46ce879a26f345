/**
 * The counts cache refreshes ahead of expiry (pollers never wait for a
 * count) and never stores counts older than an invalidation. The clock is
 * the test's: no sleeping through a TTL.
 */
import t from 'tap';
import { queueCountsCache } from '../../src/tasks/queue-counts.js';
import { createTestDatabase } from '../helpers/database.js';
import { insertTask } from '../helpers/rows.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

t.test('refresh ahead: the second half of the TTL starts the next query in the background', async (t) => {
  const database = await createTestDatabase();
  t.teardown(() => database.close());
  let now = 1_000_000;
  const cache = queueCountsCache(database.db, 6000, { now: () => now });
  t.equal((await cache.get()).failed, 0);
  t.equal(cache.queries, 1);
  await insertTask(database.db);
  now += 2999;
  t.equal((await cache.get()).failed, 0, 'within the first half: cached, no query');
  t.equal(cache.queries, 1);
  now += 1;
  t.equal((await cache.get()).failed, 0, 'second half: still the cached value, at once');
  t.equal(cache.queries, 2, 'and a refresh started');
  t.equal((await cache.get()).failed, 0, 'callers during the refresh keep the cached value');
  t.equal(cache.queries, 2, 'one refresh, however many callers');
  for (let i = 0; i < 250 && (await cache.get()).failed !== 1; i++) await sleep(20);
  t.equal((await cache.get()).failed, 1, 'the refreshed value arrives without anyone waiting for it');
  t.equal(cache.queries, 2, 'one refresh, however many callers');
  now += 6000;
  await insertTask(database.db);
  t.equal((await cache.get()).failed, 2, 'past the TTL (from the refresh): the caller waits for a fresh count');
  t.equal(cache.queries, 3);
});

t.test('a query in flight during invalidate() does not store its older counts', async (t) => {
  const database = await createTestDatabase();
  t.teardown(() => database.close());
  const cache = queueCountsCache(database.db, 60_000);
  const before = cache.get();
  cache.invalidate();
  await insertTask(database.db);
  await before;
  t.equal((await cache.get()).failed, 1, 'the next caller asks again');
});
