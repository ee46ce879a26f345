/**
 * The analytics endpoints (extensions): failure groups (func × exception
 * type from the decoded traceback, counts, first/last seen, ordering,
 * pagination, filters, the scan bound, routing beside failed/{id}/) and
 * throughput / failure rate per bucket (boundaries, windows, 400s); absent
 * with API_COMPAT=inventree; staff only. Rows in django-q's exact formats.
 */
import t from 'tap';
import { pyDict } from '../../src/djangoq/index.js';
import { FAILURE_GROUPS_SCAN } from '../../src/tasks/analytics/failure-groups.js';
import { createTestApp } from '../helpers/app.js';
import { insertFailedTasks, insertTask } from '../helpers/rows.js';
import { createToken, createUser, staffAuthorization } from '../helpers/users.js';

const BASE = '/api/background-task';
const GROUPS = `${BASE}/failed/groups/`;

const STOCK = 'part.tasks.check_stock';
const RENDER = 'report.tasks.render';
const SYNC = 'company.tasks.sync';

/** A KeyError as django-q stores it: str(e), " : ", format_exc(). */
const keyError = `'sku' : Traceback (most recent call last):\n  File "/app/part/tasks.py", line 20, in check_stock\n    x = d['sku']\n        ~^^^^^^^\nKeyError: 'sku'\n`;

t.test('failure groups: exact bodies, ordering, pagination, filters, routing', async (t) => {
  const { app, database } = await createTestApp(t);
  const db = database.db;
  const authorization = await staffAuthorization(db);
  const get = (url: string) => app.inject({ method: 'GET', url, headers: { authorization, host: 'inv.local' } });

  // check_stock: ValueError three times (two identical texts, one other message), KeyError once.
  const a1 = await insertTask(db, { id: 'a1'.padEnd(32, '0'), func: STOCK, error: 'Part 1 short', stopped: '2024-05-19T08:00:00Z' });
  const a2 = await insertTask(db, { id: 'a2'.padEnd(32, '0'), func: STOCK, error: 'Part 1 short', stopped: '2024-05-19T09:00:00.25Z' });
  const a3 = await insertTask(db, { id: 'a3'.padEnd(32, '0'), func: STOCK, error: 'Part 2 short', stopped: '2024-05-19T10:00:00Z' });
  const k1 = await insertTask(db, { id: 'b1'.padEnd(32, '0'), func: STOCK, result: keyError, stopped: '2024-05-20T07:30:00Z' });
  // render: one ValueError; sync: a result that is no traceback (django-q's timeout text) and a dict result.
  const r1 = await insertTask(db, { id: 'c1'.padEnd(32, '0'), func: RENDER, error: 'No template', stopped: '2024-05-18T00:00:00Z' });
  const s1 = await insertTask(db, { id: 'd1'.padEnd(32, '0'), func: SYNC, result: 'Task exceeded maximum timeout value (10 seconds)', stopped: '2024-05-21T00:00:00Z' });
  const s2 = await insertTask(db, { id: 'd2'.padEnd(32, '0'), func: SYNC, result: pyDict({ ok: false }), stopped: '2024-05-17T00:00:00Z' });
  // A success is never a failure group.
  await insertTask(db, { success: true, func: STOCK, stopped: '2024-05-22T00:00:00Z' });

  const stockValue = { func: STOCK, exception: 'ValueError', message: 'Part 2 short', count: 3, first_seen: '2024-05-19T08:00:00Z', last_seen: '2024-05-19T10:00:00Z', latest_id: a3.id };
  const stockKey = { func: STOCK, exception: 'KeyError', message: "'sku'", count: 1, first_seen: '2024-05-20T07:30:00Z', last_seen: '2024-05-20T07:30:00Z', latest_id: k1.id };
  const render = { func: RENDER, exception: 'ValueError', message: 'No template', count: 1, first_seen: '2024-05-18T00:00:00Z', last_seen: '2024-05-18T00:00:00Z', latest_id: r1.id };
  const sync = {
    func: SYNC,
    exception: null,
    message: 'Task exceeded maximum timeout value (10 seconds)',
    count: 2,
    first_seen: '2024-05-17T00:00:00Z',
    last_seen: '2024-05-21T00:00:00Z',
    latest_id: s1.id,
  };

  const all = await get(GROUPS);
  t.equal(all.statusCode, 200);
  t.equal(all.headers['content-type'], 'application/json');
  // Default order: -count, then -last_seen.
  t.same(all.json(), [stockValue, sync, stockKey, render]);
  t.notOk([a1, a2, s2].some((r) => all.body.includes(r.id)), 'only the latest failure of a group is named');

  t.same((await get(`${GROUPS}?ordering=-last_seen`)).json(), [sync, stockKey, stockValue, render]);
  t.same((await get(`${GROUPS}?ordering=first_seen`)).json(), [sync, render, stockValue, stockKey]);
  t.same((await get(`${GROUPS}?ordering=func,exception`)).json(), [sync, stockKey, stockValue, render], 'exception: a null type first');
  t.same((await get(`${GROUPS}?ordering=nope`)).json(), [stockValue, sync, stockKey, render], 'unknown field: the default order');

  t.same((await get(`${GROUPS}?limit=2&offset=1`)).json(), {
    count: 4,
    next: `http://inv.local${GROUPS}?limit=2&offset=3`,
    previous: `http://inv.local${GROUPS}?limit=2`,
    scanned: 7,
    capped: false,
    results: [sync, stockKey],
  });
  t.same((await get(`${GROUPS}?limit=10`)).json(), { count: 4, next: null, previous: null, scanned: 7, capped: false, results: [stockValue, sync, stockKey, render] });

  // The task filters narrow the failures the groups are formed from.
  t.same((await get(`${GROUPS}?func=${STOCK}`)).json(), [stockValue, stockKey]);
  t.same((await get(`${GROUPS}?func=nope.tasks.x`)).json(), []);
  const early = await get(`${GROUPS}?started_after=x`);
  t.equal(early.statusCode, 400);
  t.equal(early.body, '{"started_after":["Enter a valid date/time."]}');

  // A group's failures: the failed list filtered by its func holds them (and the func's other types).
  const opened = (await get(`${BASE}/failed/?func=${STOCK}`)).json();
  t.same(opened.map((r: { pk: string }) => r.pk).sort(), [a1.id, a2.id, a3.id, k1.id].sort());
  t.equal(opened.length, stockValue.count + stockKey.count);

  // failed/groups/ is its own route; failed/{id}/ still answers a task id.
  t.equal((await get(`${BASE}/failed/${a3.id}/`)).json().pk, a3.id);
  const notGroups = await get(`${BASE}/failed/group/`);
  t.equal(notGroups.statusCode, 404);
  t.equal(notGroups.body, '{"detail":"Not found."}', 'failed/group/ is a task id that does not exist');
  t.equal((await get(`${BASE}/failed/groups/x/`)).statusCode, 404);
});

t.test('failure groups: the scan bound', async (t) => {
  const { app, database } = await createTestApp(t);
  const db = database.db;
  const authorization = await staffAuthorization(db);
  // FAILURE_GROUPS_SCAN + 5 failures, stopped one second apart: the oldest 5 are left out.
  await insertFailedTasks(db, FAILURE_GROUPS_SCAN + 5);
  const body = (await app.inject({ method: 'GET', url: `${GROUPS}?limit=5`, headers: { authorization } })).json();
  // Python's isoformat(): microseconds as six digits.
  const first = new Date(Date.parse('2024-01-01T00:00:00Z') + 5 * 1000 + 500).toISOString().replace('.500Z', '.500000Z');
  const last = new Date(Date.parse('2024-01-01T00:00:00Z') + (FAILURE_GROUPS_SCAN + 4) * 1000 + 500).toISOString().replace('.500Z', '.500000Z');
  t.same(body, {
    count: 1,
    next: null,
    previous: null,
    scanned: FAILURE_GROUPS_SCAN,
    capped: true,
    results: [
      {
        func: 'part.tasks.bulk',
        exception: null,
        message: '',
        count: FAILURE_GROUPS_SCAN,
        first_seen: first,
        last_seen: last,
        latest_id: (FAILURE_GROUPS_SCAN + 4).toString(16).padStart(32, '0'),
      },
    ],
  });
  const exact = (await app.inject({ method: 'GET', url: `${GROUPS}?limit=5&started_after=2024-01-01T00:00:06Z`, headers: { authorization } })).json();
  t.match(exact, { scanned: FAILURE_GROUPS_SCAN - 1, capped: false }, 'filtered below the bound: not capped');
});

/** A bucket start as the API renders it (whole seconds: no fraction). */
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

t.test('stats: buckets, boundaries, totals, windows, 400', async (t) => {
  const { app, database } = await createTestApp(t);
  const db = database.db;
  const authorization = await staffAuthorization(db);
  const get = (url: string) => app.inject({ method: 'GET', url, headers: { authorization } });

  const empty = (await get(`${BASE}/stats/`)).json();
  t.equal(empty.window, '24h');
  t.equal(empty.bucket_seconds, 3600);
  t.equal(empty.buckets.length, 24);
  t.same([empty.succeeded, empty.failed, empty.failure_rate], [0, 0, null]);
  const end = Date.parse(empty.end);
  t.equal(end % 3_600_000, 0, 'the end is a whole UTC hour');
  t.ok(end > Date.now() - 3_600_000 && end <= Date.now() + 3_600_000, 'the bucket holding now() is the last');
  t.same(
    empty.buckets.map((b: { start: string }) => b.start),
    Array.from({ length: 24 }, (_, i) => iso(end - (24 - i) * 3_600_000)),
  );
  t.equal(empty.start, empty.buckets[0].start);

  // Rows on and beside the boundaries of the window seen first. If the hour
  // turns before the second request, the window moved: start again with it.
  let body: typeof empty;
  let hi = end;
  // [stopped (ms), success] of every row written.
  let written: Array<[number, boolean]> = [];
  for (let attempt = 0; ; attempt++) {
    const lo = hi - 24 * 3_600_000;
    const lastStart = hi - 3_600_000;
    written = [
      [lo - 1, true], // before the window (1 ms)
      [lo, true], // first bucket, on its start
      [lo, false],
      [lastStart - 1, true], // the 23rd bucket's last ms
      [lastStart, true], // last bucket, on its start
      [lastStart + 1, false],
      [lastStart + 2, false],
      [hi, true], // the end is exclusive (and in the future: nothing finished there yet)
    ];
    await db.deleteFrom('django_q_task').execute();
    for (const [stopped, success] of written) await insertTask(db, { success, stopped: new Date(stopped), started: new Date(stopped - 2000) });
    body = (await get(`${BASE}/stats/?window=24h`)).json();
    if (Date.parse(body.end) === hi) break;
    t.ok(attempt < 2, 'the hour turned during the test: repeated with the new window');
    hi = Date.parse(body.end);
  }
  const buckets = body.buckets as Array<{ start: string; succeeded: number; failed: number; failure_rate: number | null }>;
  t.same(buckets[0], { start: iso(hi - 24 * 3_600_000), succeeded: 1, failed: 1, failure_rate: 0.5 });
  t.same(buckets[22], { start: iso(hi - 2 * 3_600_000), succeeded: 1, failed: 0, failure_rate: 0 });
  t.same(buckets[23], { start: iso(hi - 3_600_000), succeeded: 1, failed: 2, failure_rate: 2 / 3 });
  t.same(
    buckets.slice(1, 22).map((b) => [b.succeeded, b.failed, b.failure_rate]),
    Array.from({ length: 21 }, () => [0, 0, null]),
  );
  t.same([body.succeeded, body.failed, body.failure_rate], [3, 3, 0.5]);

  const week = (await get(`${BASE}/stats/?window=7d`)).json();
  t.equal(week.window, '7d');
  t.equal(week.bucket_seconds, 21600);
  t.equal(week.buckets.length, 28);
  t.equal(Date.parse(week.end) % 21_600_000, 0, 'the end is a whole 6-hour UTC boundary');
  t.equal(Date.parse(week.end) - Date.parse(week.start), 7 * 86_400_000);
  const [weekStart, weekEnd] = [Date.parse(week.start), Date.parse(week.end)];
  const inWeek = written.filter(([stopped]) => stopped >= weekStart && stopped < weekEnd);
  t.same(
    [week.succeeded, week.failed],
    [inWeek.filter(([, ok]) => ok).length, inWeek.filter(([, ok]) => !ok).length],
    'the rows inside the week',
  );
  t.same(
    week.buckets.map((b: { start: string; succeeded: number; failed: number }) => [b.start, b.succeeded, b.failed]),
    Array.from({ length: 28 }, (_, i) => {
      const start = weekStart + i * 21_600_000;
      const inside = inWeek.filter(([stopped]) => stopped >= start && stopped < start + 21_600_000);
      return [iso(start), inside.filter(([, ok]) => ok).length, inside.filter(([, ok]) => !ok).length];
    }),
    'each row in its 6-hour bucket',
  );

  for (const bad of ['1h', '24H', '7d ']) {
    const res = await get(`${BASE}/stats/?window=${encodeURIComponent(bad)}`);
    t.equal(res.statusCode, 400, bad);
    t.equal(res.body, JSON.stringify({ window: [`Select a valid choice. ${bad} is not one of the available choices.`] }), `${bad}: DRF's shape`);
  }
  t.equal((await get(`${BASE}/stats/?window=`)).json().window, '24h', 'empty: the default');
  t.equal((await get(`${BASE}/stats/?window=1h&window=7d`)).json().window, '7d', 'the last value, as Django reads a query');
});

t.test('stats and groups in API_COMPAT=inventree with EXTENSIONS=on: InvenTree datetimes', async (t) => {
  const { app, database } = await createTestApp(t, { apiCompat: 'inventree', extensions: 'on', timeZone: 'Europe/Berlin' });
  const db = database.db;
  const authorization = await staffAuthorization(db);
  await insertTask(db, { func: STOCK, error: 'x', stopped: '2024-05-19T08:00:00Z' });
  const groups = (await app.inject({ method: 'GET', url: GROUPS, headers: { authorization } })).json();
  t.match(groups, [{ func: STOCK, exception: 'ValueError', first_seen: '2024-05-19 10:00', last_seen: '2024-05-19 10:00' }]);
  const stats = (await app.inject({ method: 'GET', url: `${BASE}/stats/`, headers: { authorization } })).json();
  t.match(stats.start, /^\d{4}-\d\d-\d\d \d\d:00$/);
});

t.test('absent with API_COMPAT=inventree; staff only', async (t) => {
  const off = await createTestApp(t, { apiCompat: 'inventree' });
  const authorization = await staffAuthorization(off.database.db);
  for (const path of ['/failed/groups/', '/stats/', '/stats/?window=7d']) {
    const res = await off.app.inject({ method: 'GET', url: `${BASE}${path}`, headers: { authorization, host: 'inv.local' } });
    t.equal(res.statusCode, 404, path);
    t.equal(res.body, `{"detail": "API endpoint not found", "url": "http://inv.local${BASE}${path}"}`, `${path}: InvenTree's catch-all (the full URL)`);
  }

  const { app, database } = await createTestApp(t);
  const user = await createUser(database.db, { isStaff: false });
  const plain = `Token ${await createToken(database.db, user.id)}`;
  for (const path of ['/failed/groups/', '/stats/']) {
    const anonymous = await app.inject({ method: 'GET', url: `${BASE}${path}` });
    t.equal(anonymous.statusCode, 401, `${path}: anonymous`);
    t.equal(anonymous.body, '{"detail":"Authentication credentials were not provided."}');
    const forbidden = await app.inject({ method: 'GET', url: `${BASE}${path}`, headers: { authorization: plain } });
    t.equal(forbidden.statusCode, 403, `${path}: not staff`);
    t.equal(forbidden.body, '{"detail":"You do not have permission to perform this action."}');
  }
});
