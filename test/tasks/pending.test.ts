import t from 'tap';
import { pyDateTime, pyDecimal, pySet, TIMEZONE_UTC } from '../../src/djangoq/index.js';
import { createTestApp } from '../helpers/app.js';
import { CLUSTER, insertPending, TEST_SECRET_KEY } from '../helpers/rows.js';
import { staffAuthorization } from '../helpers/users.js';

const URL_ = '/api/background-task/pending/';
/** docs/formats.md §4.2: Django's own signing.dumps of a task dict, SECRET_KEY TEST_SECRET_KEY, salt InvenTree. */
const WORKED_EXAMPLE =
  'gAWV6gAAAAAAAAB9lCiMAmlklIwgMDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWaUjARuYW1llIwZYWxwaGEtYnJhdm8tY2hhcmxpZS1kZWx0YZSMBGZ1bmOUjBhiZ3Rhc2tzLnNhbXBsZV90YXNrcy5hZGSUjARhcmdzlEsBSwKGlIwGa3dhcmdzlH2UjAdzdGFydGVklIwIZGF0ZXRpbWWUjAhkYXRldGltZZSTlEMKB-kBAgMEBQpb9ZRoDIwIdGltZXpvbmWUk5RoDIwJdGltZWRlbHRhlJOUSwBLAEsAh5RSlIWUUpSGlFKUdS4:1tTBVF:1mMSqy6VjtNy4hVZdC_pHTY4ph2kqA3SdiuAy7HCeJ8';

t.test('pending list decodes signed payloads', async (t) => {
  const { app, database } = await createTestApp(t, { secretKey: TEST_SECRET_KEY });
  const db = database.db;
  const authorization = await staffAuthorization(db);
  const worked = await db.insertInto('django_q_ormq').values({ key: CLUSTER, payload: WORKED_EXAMPLE, lock: '2025-01-02T03:04:05Z' }).returning('id').executeTakeFirstOrThrow();
  const rich = await insertPending(db, {
    func: 'part.tasks.check_stock',
    args: ['R-10K', 50n, pyDecimal('12.3400'), pySet(1n)],
    kwargs: { force: true, when: pyDateTime({ year: 2025, month: 6, day: 30, hour: 23, minute: 59, second: 59, tzinfo: TIMEZONE_UTC }), note: "it's" },
    lock: null,
  });
  const asString = await insertPending(db, { func: 'InvenTree.tasks.heartbeat', funcAsString: true });
  const forged = await insertPending(db, { secretKey: 'another-instance-secret-key', lock: new Date('2025-03-04T05:06:07.891Z') });
  const garbage = await db.insertInto('django_q_ormq').values({ key: CLUSTER, payload: 'not a signed value', lock: null }).returning('id').executeTakeFirstOrThrow();

  const res = await app.inject({ method: 'GET', url: URL_, headers: { authorization } });
  t.equal(res.statusCode, 200);
  const rows = res.json();
  t.same(rows.map((r: { pk: number }) => r.pk), [worked.id, rich.pk, asString.pk, forged.pk, garbage.id], 'id order');
  t.same(rows[0], {
    pk: worked.id,
    key: 'InvenTree',
    lock: '2025-01-02T03:04:05Z',
    task_id: '0123456789abcdef0123456789abcdef',
    name: 'alpha-bravo-charlie-delta',
    func: 'bgtasks.sample_tasks.add',
    args: '(1, 2)',
    kwargs: '{}',
  });
  t.same(Object.keys(rows[0]), ['pk', 'key', 'lock', 'task_id', 'name', 'func', 'args', 'kwargs']);
  t.match(rows[1], {
    task_id: rich.id,
    name: rich.name,
    func: 'part.tasks.check_stock',
    lock: null,
    args: "('R-10K', 50, Decimal('12.3400'), {1})",
    kwargs: "{'force': True, 'when': datetime.datetime(2025, 6, 30, 23, 59, 59, tzinfo=datetime.timezone.utc), 'note': \"it's\"}",
  });
  t.match(rows[2], { func: 'InvenTree.tasks.heartbeat', args: '()', kwargs: '{}' });
  t.same(rows[3], { pk: forged.pk, key: 'InvenTree', lock: '2025-03-04T05:06:07.891000Z', task_id: '*BadSignature', name: null, func: null, args: null, kwargs: null });
  t.same(rows[4], { pk: garbage.id, key: 'InvenTree', lock: null, task_id: '*BadSignature', name: null, func: null, args: null, kwargs: null });

  const page = (await app.inject({ method: 'GET', url: `${URL_}?limit=2&offset=1&search=x&ordering=-lock`, headers: { authorization, host: 'h' } })).json();
  t.equal(page.count, 5);
  t.same(page.results.map((r: { pk: number }) => r.pk), [rich.pk, asString.pk], 'search and ordering are ignored');
  t.equal(page.next, `http://h${URL_}?limit=2&offset=3&ordering=-lock&search=x`);
  t.equal(page.previous, `http://h${URL_}?limit=2&ordering=-lock&search=x`);
});

t.test('without a SECRET_KEY payloads are decoded unverified', async (t) => {
  const { app, database } = await createTestApp(t, { secretKey: undefined });
  const authorization = await staffAuthorization(database.db);
  const forged = await insertPending(database.db, { secretKey: 'whatever-key', args: [7n] });
  const rows = (await app.inject({ method: 'GET', url: URL_, headers: { authorization } })).json();
  t.match(rows[0], { task_id: forged.id, args: '(7,)' });
});

t.test('SECRET_KEY_FALLBACKS verify payloads signed with an older key', async (t) => {
  const { app, database } = await createTestApp(t, { secretKey: 'new-key', secretKeyFallbacks: [TEST_SECRET_KEY] });
  const authorization = await staffAuthorization(database.db);
  const old = await insertPending(database.db);
  const rows = (await app.inject({ method: 'GET', url: URL_, headers: { authorization } })).json();
  t.equal(rows[0].task_id, old.id);
});
