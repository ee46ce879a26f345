import t from 'tap';
import { createTestApp } from '../helpers/app.js';
import { insertPending, insertTask } from '../helpers/rows.js';
import { staffAuthorization } from '../helpers/users.js';

const PENDING = '/api/background-task/pending/';
const FAILED = '/api/background-task/failed/';

t.test('bulk delete', async (t) => {
  const { app, database } = await createTestApp(t);
  const db = database.db;
  const authorization = await staffAuthorization(db);
  const del = (url: string, payload?: unknown, contentType = 'application/json') =>
    app.inject({
      method: 'DELETE',
      url,
      headers: { authorization, ...(payload !== undefined ? { 'content-type': contentType } : {}) },
      ...(payload !== undefined ? { payload: typeof payload === 'string' ? payload : JSON.stringify(payload) } : {}),
    });
  const pendingIds = async () => (await db.selectFrom('django_q_ormq').select('id').orderBy('id').execute()).map((r) => r.id);
  const taskIds = async () => (await db.selectFrom('django_q_task').select('id').orderBy('id').execute()).map((r) => r.id);

  t.test('selector errors are InvenTree 0.15 400s and delete nothing', async (t) => {
    const p = await insertPending(db);
    const nothing = '{"non_field_errors":["List of items or filters must be provided for bulk deletion"]}';
    for (const body of [undefined, {}, { items: [] }, { items: [], filters: {} }, { items: 0 }, { items: '' }, { filters: null }, null, '']) {
      const res = await del(PENDING, body === undefined ? undefined : body);
      t.equal(res.statusCode, 400, JSON.stringify(body));
      t.equal(res.body, nothing);
    }
    for (const items of [{ a: 1 }, 'abc', 5, true]) {
      const res = await del(PENDING, { items });
      t.equal(res.body, `{"items":["'items' must be supplied as a list object"]}`, JSON.stringify(items));
    }
    for (const filters of [[1], 'x', 3, true]) {
      const res = await del(PENDING, { filters });
      t.equal(res.body, `{"filters":["'filters' must be supplied as a dict object"]}`, JSON.stringify(filters));
    }
    const wrongType = await del(PENDING, { items: ['abc'] });
    t.equal(wrongType.statusCode, 400);
    t.match(wrongType.json(), { items: [/integers/] }, 'InvenTree: 500; we: a clear 400');
    const wrongFailed = await del(FAILED, { items: [5] });
    t.equal(wrongFailed.statusCode, 400);
    t.match(wrongFailed.json(), { items: [/strings/] });
    const array = await del(PENDING, [1, 2]);
    t.equal(array.body, '{"non_field_errors":["Invalid data. Expected a dictionary, but got list."]}');
    const malformed = await del(PENDING, '{"items": [1', 'application/json');
    t.equal(malformed.statusCode, 400);
    t.match(malformed.json(), { detail: /^JSON parse error - / });
    const text = await del(PENDING, 'items=1', 'text/plain');
    t.equal(text.statusCode, 415);
    t.equal(text.body, '{"detail":"Unsupported media type \\"text/plain\\" in request."}');
    const formFilters = await del(PENDING, 'filters=x', 'application/x-www-form-urlencoded');
    t.equal(formFilters.body, `{"filters":["'filters' must be supplied as a dict object"]}`);
    t.same(await pendingIds(), [p.pk], 'nothing was deleted');
  });

  t.test('items: only those ids; unknown ids ignored; 204 without body', async (t) => {
    const a = await insertPending(db);
    const b = await insertPending(db);
    const c = await insertPending(db);
    const before = await pendingIds();
    const res = await del(PENDING, { items: [a.pk, String(c.pk), 999999, 12345678901234] });
    t.equal(res.statusCode, 204);
    t.equal(res.body, '');
    t.same(await pendingIds(), before.filter((id) => id !== a.pk && id !== c.pk));
    const form = await del(PENDING, `items=${b.pk}&items=424242`, 'application/x-www-form-urlencoded');
    t.equal(form.statusCode, 204, 'form-encoded items work');
    t.notOk((await pendingIds()).includes(b.pk));
  });

  t.test('failed: only failed tasks can ever be deleted', async (t) => {
    const failed = await insertTask(db, { success: false, func: 'part.tasks.a' });
    const ok = await insertTask(db, { success: true, func: 'part.tasks.a' });
    const res = await del(FAILED, { items: [failed.id, ok.id] });
    t.equal(res.statusCode, 204);
    const ids = await taskIds();
    t.notOk(ids.includes(failed.id));
    t.ok(ids.includes(ok.id), 'a success listed by id survives');
    const viaFilter = await del(FAILED, { filters: { func: 'part.tasks.a' } });
    t.equal(viaFilter.statusCode, 204);
    t.ok((await taskIds()).includes(ok.id), 'a success matched by filters survives');
  });

  t.test('filters: Django lookups, AND-ed with items', async (t) => {
    const reset = async () => {
      await db.deleteFrom('django_q_task').execute();
      const mk = (id: string, func: string, attempt: number, stopped: string) =>
        insertTask(db, { id, func, attemptCount: attempt, stopped, started: '2024-01-01T00:00:00Z' });
      await mk('1'.repeat(32), 'part.tasks.check_stock', 1, '2024-05-01T00:00:00Z');
      await mk('2'.repeat(32), 'part.tasks.update_pricing', 3, '2024-05-02T00:00:00Z');
      await mk('3'.repeat(32), 'order.tasks.notify', 5, '2024-05-03T00:00:00Z');
      await mk('4'.repeat(32), 'Order.Tasks.Notify_100%', 2, '2024-05-04T00:00:00Z');
    };
    const [t1, t2, t3, t4] = ['1', '2', '3', '4'].map((c) => ({ id: c.repeat(32) })) as [{ id: string }, { id: string }, { id: string }, { id: string }];
    const cases: Array<[Record<string, unknown>, string[]]> = [
      [{ func__startswith: 'part.' }, [t1.id, t2.id]],
      [{ func__istartswith: 'ORDER.' }, [t3.id, t4.id]],
      [{ func__contains: '100%' }, [t4.id]],
      [{ func__contains: 'tasks_' }, []],
      [{ func__icontains: 'NOTIFY' }, [t3.id, t4.id]],
      [{ func__endswith: 'stock' }, [t1.id]],
      [{ func__iexact: 'order.tasks.notify' }, [t3.id]],
      [{ func: 'order.tasks.notify' }, [t3.id]],
      [{ attempt_count__gte: 3 }, [t2.id, t3.id]],
      [{ attempt_count__in: [1, '5'] }, [t1.id, t3.id]],
      [{ attempt_count__range: [2, 3] }, [t2.id, t4.id]],
      [{ stopped__lt: '2024-05-02T00:00:00Z' }, [t1.id]],
      [{ stopped__gte: '2024-05-03 00:00' }, [t3.id, t4.id]],
      [{ hook__isnull: false }, []],
      [{ hook: null }, [t1.id, t2.id, t3.id, t4.id]],
      [{ pk: t2.id }, [t2.id]],
      [{ id__in: [] }, []],
    ];
    for (const [filters, expected] of cases) {
      await reset();
      const res = await del(FAILED, { filters });
      t.equal(res.statusCode, 204, JSON.stringify(filters));
      const left = await taskIds();
      t.same([t1.id, t2.id, t3.id, t4.id].filter((id) => !left.includes(id)), expected, JSON.stringify(filters));
    }
    await reset();
    const both = await del(FAILED, { items: [t1.id, t3.id], filters: { func__startswith: 'part.' } });
    t.equal(both.statusCode, 204);
    const left = await taskIds();
    t.notOk(left.includes(t1.id), 'in items and matching the filter');
    t.ok(left.includes(t3.id), 'in items but not matching the filter');

    const errors: Array<[Record<string, unknown>, RegExp]> = [
      [{ nope: 1 }, /Unknown field 'nope'/],
      [{ func__regex: 'x' }, /Unsupported lookup 'regex'/],
      [{ func__a__b: 'x' }, /Unsupported lookup 'a__b'/],
      [{ attempt_count__gt: 'many' }, /expects an integer/],
      [{ stopped__lt: 'yesterday' }, /expects a date-time/],
      [{ stopped__lt: '2024-02-30T00:00:00Z' }, /Invalid date-time/],
      [{ success: 'maybe' }, /expects true or false/],
      [{ func__in: 'x' }, /expects a list/],
      [{ attempt_count__range: [1] }, /two values/],
      [{ func__gt: { a: 1 } }, /expects a string/],
      [{ func__startswith: null }, /None/],
    ];
    const count = (await taskIds()).length;
    for (const [filters, message] of errors) {
      const res = await del(FAILED, { filters });
      t.equal(res.statusCode, 400, JSON.stringify(filters));
      t.match(res.json(), { filters: [message] }, JSON.stringify(filters));
    }
    t.equal((await taskIds()).length, count, 'no failed request deleted anything');
    const pendingFilter = await del(PENDING, { filters: { func: 'x' } });
    t.match(pendingFilter.json(), { filters: [/Unknown field 'func'/] }, 'pending rows have no func column');
  });
});

t.test('a read-only database connection: DELETE is a clear 403, nothing lost', async (t) => {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    t.pass('skipped: needs a real PostgreSQL server (TEST_DATABASE_URL)', { skip: 'needs TEST_DATABASE_URL' });
    return;
  }
  const { createTestDatabase } = await import('../helpers/database.js');
  const { openPostgres } = await import('../../src/db/connect.js');
  const database = await createTestDatabase();
  t.teardown(() => database.close());
  const task = await insertTask(database.db, { success: false });
  const readOnly = openPostgres({
    url: `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent('-c default_transaction_read_only=on')}`,
    schema: database.schema!,
    poolMax: 2,
  });
  t.teardown(() => readOnly.close());
  const { app } = await createTestApp(t, {}, { ...database, db: readOnly.db });
  const authorization = await staffAuthorization(database.db);
  const list = await app.inject({ method: 'GET', url: FAILED, headers: { authorization } });
  t.equal(list.statusCode, 200, 'reads work');
  const res = await app.inject({
    method: 'DELETE',
    url: FAILED,
    headers: { authorization, 'content-type': 'application/json' },
    payload: JSON.stringify({ items: [task.id] }),
  });
  t.equal(res.statusCode, 403);
  t.match(res.json(), { detail: /read-only/ });
  t.equal((await database.db.selectFrom('django_q_task').select('id').execute()).length, 1);
});
