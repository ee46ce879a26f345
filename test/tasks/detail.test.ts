/**
 * The detail routes (extensions): one pending task, one failed or
 * successful task, one schedule — rows in django-q's exact formats (the
 * seeder's helpers); unknown and malformed ids; absent with
 * API_COMPAT=inventree; EXTENSIONS=on|off.
 */
import t from 'tap';
import { pyDateTimeFromDate, pyDecimal, pyDict, pyList, pyTuple } from '../../src/djangoq/index.js';
import { createTestApp } from '../helpers/app.js';
import { insertPending, insertSchedule, insertTask, TEST_SECRET_KEY, traceback } from '../helpers/rows.js';
import { staffAuthorization } from '../helpers/users.js';

const BASE = '/api/background-task';

t.test('pending detail', async (t) => {
  const { app, database } = await createTestApp(t, { secretKey: TEST_SECRET_KEY });
  const db = database.db;
  const authorization = await staffAuthorization(db);
  const get = (path: string) => app.inject({ method: 'GET', url: `${BASE}${path}`, headers: { authorization } });

  const waiting = await insertPending(db, { args: ['R-10K', 50n], kwargs: { available: 3n, note: null }, lock: new Date('2024-05-19T08:03:12.345678Z') });
  const body = (await get(`/pending/${waiting.pk}/`)).json();
  t.match(body, {
    pk: waiting.pk,
    key: 'InvenTree',
    lock: '2024-05-19T08:03:12.345000Z',
    lock_state: 'waiting',
    locked_until: null,
    task_id: waiting.id,
    name: waiting.name,
    func: 'part.tasks.check_stock',
    args: "('R-10K', 50)",
    kwargs: "{'available': 3, 'note': None}",
    args_json: ['R-10K', 50],
    kwargs_json: { available: 3, note: null },
    hook: null,
    group: null,
    timeout: null,
    cluster: null,
    options: {},
    signature: 'verified',
  });
  t.match(body.started, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z$/);
  t.match(body.enqueued, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  t.ok(Math.abs(Date.parse(body.enqueued) - Date.now()) < 600_000, 'enqueued: the signature timestamp (now)');

  // The list shows the same row the same way.
  const listed = (await get('/pending/')).json().find((r: { pk: number }) => r.pk === waiting.pk);
  for (const k of ['pk', 'key', 'lock', 'task_id', 'name', 'func', 'args', 'kwargs']) t.same(body[k], listed[k], `${k} as the list shows it`);

  const locked = await insertPending(db, { args: [pyDecimal('1.5'), pyDateTimeFromDate(new Date('2024-01-01T00:00:00Z'))], lock: new Date(Date.now() + 3_600_000) });
  const l = (await get(`/pending/${locked.pk}/`)).json();
  t.equal(l.lock_state, 'locked');
  t.equal(l.locked_until, l.lock);
  t.equal(l.args_json, null, 'Decimal/datetime: not JSON');
  t.equal(l.args, "(Decimal('1.5'), datetime.datetime(2024, 1, 1, 0, 0, tzinfo=datetime.timezone.utc))");

  const forged = await insertPending(db, { secretKey: 'another-key' });
  const f = (await get(`/pending/${forged.pk}/`)).json();
  t.match(f, { task_id: '*BadSignature', name: null, func: null, args: null, kwargs: null, args_json: null, signature: null, enqueued: null, options: {} });

  for (const path of ['/pending/999999/', '/pending/9223372036854775807/', '/pending/9223372036854775808/', '/pending/99999999999999999999999/']) {
    const res = await get(path);
    t.equal(res.statusCode, 404, path);
    t.equal(res.body, '{"detail":"Not found."}', `${path}: DRF's NotFound`);
  }
  const malformed = await get('/pending/abc/');
  t.equal(malformed.statusCode, 404);
  t.same(Object.keys(malformed.json()), ['detail', 'url'], 'not an id at all: the API catch-all');
  t.equal((await app.inject({ method: 'GET', url: `${BASE}/pending/${waiting.pk}/` })).statusCode, 401, 'staff only, like the list');
  t.equal((await app.inject({ method: 'DELETE', url: `${BASE}/pending/${waiting.pk}/`, headers: { authorization } })).statusCode, 405);
});

t.test('pending detail without SECRET_KEY: decoded, unverified', async (t) => {
  const { app, database } = await createTestApp(t, { secretKey: undefined, secretKeyFallbacks: [] });
  const authorization = await staffAuthorization(database.db);
  const row = await insertPending(database.db);
  const res = await app.inject({ method: 'GET', url: `${BASE}/pending/${row.pk}/`, headers: { authorization } });
  t.match(res.json(), { task_id: row.id, signature: 'unverified' });
});

t.test('failed and succeeded detail, succeeded list, filters', async (t) => {
  const { app, database } = await createTestApp(t, { secretKey: TEST_SECRET_KEY });
  const db = database.db;
  const authorization = await staffAuthorization(db);
  const get = (path: string) => app.inject({ method: 'GET', url: `${BASE}${path}`, headers: { authorization } });

  const bad = await insertTask(db, {
    func: 'part.tasks.check_stock',
    args: ['R-10K', 50n],
    kwargs: { available: 3n },
    error: 'Part R-10K: need 50, have 3',
    started: '2024-05-19T08:00:00.123456Z',
    stopped: '2024-05-19T08:00:02Z',
    attemptCount: 3,
    group: 'stock',
  });
  const ok = await insertTask(db, {
    success: true,
    func: 'report.tasks.render',
    args: [],
    kwargs: { pages: pyList(1n, 2n) },
    result: pyDict({ rows: 5n, total: pyDecimal('12.50') }),
    started: '2024-05-20T10:00:00Z',
    stopped: '2024-05-20T10:00:00.5Z',
    group: 'reports',
  });
  const ok2 = await insertTask(db, { success: true, func: 'report.tasks.render', result: pyTuple('a', 1n), started: '2024-05-21T10:00:00Z', stopped: '2024-05-21T10:00:01Z' });

  const f = (await get(`/failed/${bad.id}/`)).json();
  t.same(f, {
    pk: bad.id,
    name: f.name,
    func: 'part.tasks.check_stock',
    hook: null,
    group: 'stock',
    cluster: null,
    args: "('R-10K', 50)",
    kwargs: "{'available': 3}",
    args_json: ['R-10K', 50],
    kwargs_json: { available: 3 },
    result: traceback('Part R-10K: need 50, have 3'),
    result_repr: JSON.stringify(traceback('Part R-10K: need 50, have 3')).replace(/^"|"$/g, "'").replace(/\\"/g, '"'),
    result_json: traceback('Part R-10K: need 50, have 3'),
    error: {
      type: 'ValueError',
      message: 'Part R-10K: need 50, have 3',
      frames: [
        { file: '/usr/lib/python3/dist-packages/django_q/worker.py', line: 88, function: 'worker', source: 'res = f(*task["args"], **task["kwargs"])' },
        { file: '/app/part/tasks.py', line: 12, function: 'check_stock', source: 'raise ValueError("Part R-10K: need 50, have 3")' },
      ],
      chain: [],
    },
    started: '2024-05-19T08:00:00.123456Z',
    stopped: '2024-05-19T08:00:02Z',
    duration: 1.876544,
    attempt_count: 3,
    success: false,
  });
  const listedFailure = (await get('/failed/')).json().find((r: { pk: string }) => r.pk === bad.id);
  for (const k of ['pk', 'name', 'func', 'args', 'kwargs', 'started', 'stopped', 'attempt_count', 'result']) t.same(f[k], listedFailure[k], `failed ${k} as the list shows it`);

  const s = (await get(`/succeeded/${ok.id}/`)).json();
  t.match(s, { pk: ok.id, success: true, result: "{'rows': 5, 'total': Decimal('12.50')}", result_repr: "{'rows': 5, 'total': Decimal('12.50')}", result_json: null, kwargs_json: { pages: [1, 2] }, duration: 0.5, group: 'reports', error: null });
  t.equal((await get(`/succeeded/${ok2.id}/`)).json().result_json.length, 2);

  t.equal((await get(`/failed/${ok.id}/`)).statusCode, 404, 'a success is not under failed/');
  t.equal((await get(`/succeeded/${bad.id}/`)).statusCode, 404, 'a failure is not under succeeded/');
  for (const id of ['0'.repeat(32), 'x'.repeat(33), '%00', '%E2%82%AC']) {
    const res = await get(`/failed/${id}/`);
    t.equal(res.statusCode, 404, `failed/${id}/`);
    t.equal(res.body, '{"detail":"Not found."}');
  }

  const list = (await get('/succeeded/')).json();
  t.same(list.map((r: { pk: string }) => r.pk), [ok2.id, ok.id], 'successes only, -stopped');
  t.same(Object.keys(list[0]), ['pk', 'name', 'func', 'group', 'args', 'kwargs', 'started', 'stopped', 'attempt_count', 'result']);
  const page = (await get('/succeeded/?limit=1&ordering=group')).json();
  t.equal(page.count, 2);
  t.equal(page.results[0].pk, ok.id, 'ordering=group (NULL last)');
  t.match(page.next, /\/api\/background-task\/succeeded\/\?limit=1&offset=1&ordering=group$/);
  t.same((await get('/succeeded/?search=render&group=reports')).json().map((r: { pk: string }) => r.pk), [ok.id]);
  t.same((await get('/succeeded/?started_after=2024-05-21')).json().map((r: { pk: string }) => r.pk), [ok2.id]);
  t.same((await get('/succeeded/?started_before=2024-05-20T10:00:00%2B00:00')).json().map((r: { pk: string }) => r.pk), [ok.id], 'inclusive, with an offset');
  t.same((await get('/failed/?func=part.tasks.check_stock&started_after=2024-05-19T08:00:00.123456Z')).json().map((r: { pk: string }) => r.pk), [bad.id]);
  t.same((await get('/failed/?func=part.tasks')).json(), [], 'func is exact');
  t.same((await get('/failed/?group=nope')).json(), []);
  const invalid = await get('/failed/?started_after=2024-02-30');
  t.equal(invalid.statusCode, 400);
  t.equal(invalid.body, '{"started_after":["Enter a valid date/time."]}');
  t.equal((await get('/succeeded/?started_before=yesterday')).statusCode, 400);
  t.same((await get('/failed/?group=%00')).json(), [], 'NUL matches nothing');
});

t.test('scheduled detail', async (t) => {
  const { app, database } = await createTestApp(t, { secretKey: TEST_SECRET_KEY });
  const db = database.db;
  const authorization = await staffAuthorization(db);
  const get = (path: string) => app.inject({ method: 'GET', url: `${BASE}${path}`, headers: { authorization } });

  const runs = [];
  for (let i = 0; i < 23; i++) {
    runs.push(await insertTask(db, { success: i % 5 !== 0, func: 'InvenTree.tasks.heartbeat', group: 'heartbeat', started: new Date(Date.UTC(2024, 0, 1, 0, i)), stopped: new Date(Date.UTC(2024, 0, 1, 0, i, 1)) }));
  }
  await insertTask(db, { success: true, func: 'other.func', group: 'heartbeat' });
  const last = runs[runs.length - 1]!;
  const s = await insertSchedule(db, { name: 'heartbeat', func: 'InvenTree.tasks.heartbeat', scheduleType: 'I', minutes: 5, repeats: -1, task: last.id, nextRun: '2024-01-01T01:00:00Z' });
  const body = (await get(`/scheduled/${s.pk}/`)).json();
  t.match(body, {
    pk: s.pk,
    name: 'heartbeat',
    func: 'InvenTree.tasks.heartbeat',
    hook: null,
    args: '()',
    kwargs: '{}',
    schedule_type: 'I',
    schedule_type_display: 'Minutes',
    minutes: 5,
    cron: null,
    repeats: -1,
    repeats_left: null,
    next_run: '2024-01-01T01:00:00Z',
    next_runs: ['2024-01-01T01:00:00Z', '2024-01-01T01:05:00Z', '2024-01-01T01:10:00Z', '2024-01-01T01:15:00Z', '2024-01-01T01:20:00Z'],
    next_runs_error: null,
    task: last.id,
    last_run: '2024-01-01T00:22:00Z',
    success: true,
  });
  t.equal(body.runs.length, 20, 'the latest 20 runs');
  t.same(body.runs.map((r: { pk: string }) => r.pk), runs.slice(3).reverse().map((r) => r.id), 'newest first, only this schedule func+group');
  t.same(body.runs[2], { pk: runs[20]!.id, name: body.runs[2].name, started: '2024-01-01T00:20:00Z', stopped: '2024-01-01T00:20:01Z', success: false, attempt_count: 1 });

  const once = await insertSchedule(db, { name: null, func: 'x.y', scheduleType: 'O', repeats: -1, minutes: null });
  t.match((await get(`/scheduled/${once.pk}/`)).json(), { schedule_type_display: 'Once', repeats_left: 1, last_run: null, success: null, runs: [] });
  const cron = await insertSchedule(db, { func: 'x.z', scheduleType: 'C', cron: '0 3 * * *', repeats: 4, minutes: null });
  const c = (await get(`/scheduled/${cron.pk}/`)).json();
  t.match(c, { schedule_type_display: 'Cron', cron: '0 3 * * *', repeats_left: 4, next_runs_error: null });
  t.equal(c.next_runs.length, 4, 'no more runs than repeats left');
  t.same(c.next_runs.slice(1).map((r: string) => r.slice(10)), ['T03:00:00Z', 'T03:00:00Z', 'T03:00:00Z'], 'then croniter: daily at 03:00 (TIME_ZONE UTC)');
  const broken = await insertSchedule(db, { func: 'x.w', scheduleType: 'C', cron: 'not a cron', minutes: null });
  const b = (await get(`/scheduled/${broken.pk}/`)).json();
  t.same(b.next_runs, []);
  t.type(b.next_runs_error, 'string');
  t.equal((await get('/scheduled/424242/')).body, '{"detail":"Not found."}');
});

t.test('extension routes: absent with API_COMPAT=inventree, EXTENSIONS overrides', async (t) => {
  for (const [overrides, served] of [
    [{ apiCompat: 'inventree' as const }, false],
    [{ apiCompat: 'inventree' as const, extensions: 'on' as const }, true],
    [{ apiCompat: 'schema' as const, extensions: 'off' as const }, false],
  ] as const) {
    const { app, database } = await createTestApp(t, { secretKey: TEST_SECRET_KEY, ...overrides });
    const db = database.db;
    const authorization = await staffAuthorization(db);
    const pending = await insertPending(db);
    const task = await insertTask(db, { success: false, group: 'g' });
    const schedule = await insertSchedule(db);
    const label = JSON.stringify(overrides);
    for (const path of [`/pending/${pending.pk}/`, `/failed/${task.id}/`, `/succeeded/${task.id}/`, `/scheduled/${schedule.pk}/`]) {
      const res = await app.inject({ method: 'GET', url: `${BASE}${path}`, headers: { authorization, host: 'inv.local' } });
      if (served) t.not(res.json().detail, 'API endpoint not found', `${label} ${path}: served`);
      else {
        t.equal(res.statusCode, 404, `${label} ${path}: 404`);
        t.equal(res.body, `{"detail": "API endpoint not found", "url": "http://inv.local${BASE}${path}"}`, `${label} ${path}: InvenTree's catch-all (Django's JsonResponse bytes)`);
      }
    }
    // The failed list ignores the extension filters when they are off.
    const filtered = (await app.inject({ method: 'GET', url: `${BASE}/failed/?group=other`, headers: { authorization } })).json();
    t.equal(filtered.length, served ? 0 : 1, `${label}: group filter ${served ? 'applied' : 'ignored'}`);
  }
});
