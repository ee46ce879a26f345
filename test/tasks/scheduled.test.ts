import t from 'tap';
import { createTestApp } from '../helpers/app.js';
import { insertSchedule, insertTask } from '../helpers/rows.js';
import { staffAuthorization } from '../helpers/users.js';

const URL_ = '/api/background-task/scheduled/';

t.test('scheduled list', async (t) => {
  const { app, database } = await createTestApp(t);
  const db = database.db;
  const authorization = await staffAuthorization(db);
  const get = (query = '') => app.inject({ method: 'GET', url: `${URL_}${query}`, headers: { authorization, host: 'inv.local' } });

  const ok = await insertTask(db, { success: true, func: 'InvenTree.tasks.heartbeat', started: '2024-05-19T08:03:12.345678Z' });
  const bad = await insertTask(db, { success: false, func: 'part.tasks.update_pricing', started: '2024-05-18T10:00:00Z' });
  const heartbeat = await insertSchedule(db, { func: 'InvenTree.tasks.heartbeat', scheduleType: 'I', minutes: 5, nextRun: '2024-05-19T08:08:00Z', task: ok.id, repeats: -13 });
  const pricing = await insertSchedule(db, { func: 'part.tasks.update_pricing', name: null, scheduleType: 'D', args: "1, 2, 'John'", kwargs: "sep=' + '", nextRun: '2024-05-20T00:00:00Z', task: bad.id });
  const pruned = await insertSchedule(db, { func: 'common.tasks.delete_old_notifications', scheduleType: 'C', cron: '0 3 * * *', nextRun: null, task: '0123456789abcdef0123456789abcdef' });
  const never = await insertSchedule(db, { func: 'report.tasks.cleanup_100%_done', scheduleType: 'BW', nextRun: '2024-05-21T00:00:00Z', task: null, args: null, kwargs: null });

  const all = await get();
  t.equal(all.statusCode, 200);
  const rows = all.json();
  t.ok(Array.isArray(rows), 'no limit: a bare array');
  t.same(rows.map((r: { pk: number }) => r.pk), [heartbeat.pk, pricing.pk, never.pk, pruned.pk], 'default order next_run, NULLs last');
  t.same(rows[0], {
    pk: heartbeat.pk, name: 'InvenTree.tasks.heartbeat', func: 'InvenTree.tasks.heartbeat', args: '()', kwargs: '{}',
    schedule_type: 'I', repeats: -13, last_run: '2024-05-19T08:03:12.345678Z', next_run: '2024-05-19T08:08:00Z', success: true, task: ok.id,
    paused: false,
  });
  // `paused` is an extension (tasks/actions/): the last key, absent with API_COMPAT=inventree.
  t.same(Object.keys(rows[0]), ['pk', 'name', 'func', 'args', 'kwargs', 'schedule_type', 'repeats', 'last_run', 'next_run', 'success', 'task', 'paused']);
  t.match(rows[1], { name: null, args: "1, 2, 'John'", kwargs: "sep=' + '", schedule_type: 'D', last_run: '2024-05-18T10:00:00Z', success: false });
  t.match(rows[3], { schedule_type: 'C', last_run: null, success: null, next_run: null }, 'a pruned task: null last_run/success');
  t.match(rows[2], { task: null, last_run: null, success: null, args: null, kwargs: null });

  const orderings: Array<[string, number[]]> = [
    ['?ordering=-last_run', [pruned.pk, never.pk, heartbeat.pk, pricing.pk]],
    ['?ordering=-pk', [never.pk, pruned.pk, pricing.pk, heartbeat.pk]],
    ['?ordering=bogus,-next_run', [pruned.pk, never.pk, pricing.pk, heartbeat.pk]],
    ['?ordering=name', [heartbeat.pk, pricing.pk, never.pk, pruned.pk]],
    ['?ordering=--pk', [heartbeat.pk, pricing.pk, never.pk, pruned.pk]],
  ];
  // Text order follows the database's collation, as Django's does.
  const byFunc = await db.selectFrom('django_q_schedule').select('id').orderBy('func').orderBy('id').execute();
  orderings.push(['?ordering=func', byFunc.map((r) => r.id)]);
  orderings.push(['?ordering=-func', byFunc.map((r) => r.id).reverse()]);
  for (const [query, expected] of orderings) {
    t.same((await get(query)).json().map((r: { pk: number }) => r.pk), expected, query);
  }

  const searches: Array<[string, number[]]> = [
    ['?search=TASKS', [heartbeat.pk, pricing.pk, never.pk, pruned.pk]],
    ['?search=part%20pricing', [pricing.pk]],
    ['?search=part,heartbeat', []],
    ['?search=100%25', [never.pk]],
    ['?search=_', [pricing.pk, never.pk, pruned.pk]],
    ['?search=%5Epart&search_regex=true', [pricing.pk]],
    ['?search=%5Epart', []],
    ['?search=tasks&search_whole=1&search_regex=yes', [heartbeat.pk, pricing.pk, never.pk, pruned.pk]],
    ['?search=task&search_whole=1&search_regex=yes', []],
    ['?search=task&search_whole=1', []],
    ['?search=', [heartbeat.pk, pricing.pk, never.pk, pruned.pk]],
  ];
  for (const [query, expected] of searches) {
    t.same((await get(query)).json().map((r: { pk: number }) => r.pk), expected, query);
  }
  const badRegex = await get('?search=(&search_regex=1');
  t.equal(badRegex.statusCode, 400);
  t.match(badRegex.json(), { search: [/^Invalid regular expression/] });

  const page = await get('?limit=2&ordering=pk');
  t.same(page.json(), {
    count: 4,
    next: `http://inv.local${URL_}?limit=2&offset=2&ordering=pk`,
    previous: null,
    results: (await get('?ordering=pk')).json().slice(0, 2),
  });
  t.same(Object.keys(page.json()), ['count', 'next', 'previous', 'results']);
  const last = (await get('?limit=2&offset=2&search=tasks')).json();
  t.equal(last.next, null);
  t.equal(last.previous, `http://inv.local${URL_}?limit=2&search=tasks`);
  t.equal(last.results.length, 2);
  t.same((await get('?limit=2&offset=10')).json().results, [], 'offset past the end');
  t.ok(Array.isArray((await get('?limit=0')).json()), 'limit=0: not paginated');
  t.ok(Array.isArray((await get('?limit=abc')).json()), 'limit=abc: not paginated');
});

t.test('inventree mode renders datetimes as InvenTree does, in TIME_ZONE', async (t) => {
  const { app, database } = await createTestApp(t, { apiCompat: 'inventree', timeZone: 'Europe/Berlin' });
  const authorization = await staffAuthorization(database.db);
  const task = await insertTask(database.db, { success: true, started: '2024-05-19T08:03:59.999999Z' });
  await insertSchedule(database.db, { nextRun: '2024-12-31T23:30:00Z', task: task.id });
  const res = await app.inject({ method: 'GET', url: URL_, headers: { authorization } });
  t.match(res.json()[0], { last_run: '2024-05-19 10:03', next_run: '2025-01-01 00:30' });
});
