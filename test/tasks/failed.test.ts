import t from 'tap';
import { pyDecimal, pyTuple } from '../../src/djangoq/index.js';
import { createTestApp } from '../helpers/app.js';
import { insertFailedTasks, insertTask, traceback } from '../helpers/rows.js';
import { staffAuthorization } from '../helpers/users.js';

const URL_ = '/api/background-task/failed/';
const ID_A = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const ID_B = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
const ID_C = 'cccccccccccccccccccccccccccccccc';

async function seed(db: Parameters<typeof insertTask>[0]) {
  await insertTask(db, {
    id: ID_A,
    name: 'alpha-bravo-charlie-delta',
    func: 'part.tasks.check_stock',
    args: ['R-10K', 50n],
    kwargs: { available: 3n },
    error: 'Part R-10K: need 50, have 3',
    started: '2024-05-19T08:00:00.123456Z',
    stopped: '2024-05-19T08:00:02Z',
    attemptCount: 5,
  });
  await insertTask(db, {
    id: ID_B,
    func: 'order.tasks.notify_overdue',
    args: [],
    kwargs: {},
    result: pyTuple(pyDecimal('12.3400')),
    started: '2024-05-18T08:00:00Z',
    stopped: '2024-05-20T08:00:00Z',
  });
  await insertTask(db, { id: ID_C, func: 'report.tasks.render', args: null, kwargs: null, result: null, stopped: '2024-05-19T09:00:00Z', started: '2024-05-19T08:59:00Z' });
  await insertTask(db, { success: true, func: 'part.tasks.ok_task' });
}

t.test('failed list, schema mode', async (t) => {
  const { app, database } = await createTestApp(t);
  await seed(database.db);
  const authorization = await staffAuthorization(database.db);
  const get = (q = '') => app.inject({ method: 'GET', url: `${URL_}${q}`, headers: { authorization, host: 'inv.local' } });

  const rows = (await get()).json();
  t.same(rows.map((r: { pk: string }) => r.pk), [ID_B, ID_C, ID_A], 'only failures, default order -stopped');
  const a = rows[2];
  t.same(a, {
    pk: ID_A,
    name: 'alpha-bravo-charlie-delta',
    func: 'part.tasks.check_stock',
    args: "('R-10K', 50)",
    kwargs: "{'available': 3}",
    started: '2024-05-19T08:00:00.123456Z',
    stopped: '2024-05-19T08:00:02Z',
    attempt_count: 5,
    result: traceback('Part R-10K: need 50, have 3'),
  });
  t.same(Object.keys(a), ['pk', 'name', 'func', 'args', 'kwargs', 'started', 'stopped', 'attempt_count', 'result']);
  t.match(rows[0], { args: '()', kwargs: '{}', result: "(Decimal('12.3400'),)" }, 'result is str() of the unpickled value');
  t.match(rows[1], { args: null, kwargs: null, result: null });

  t.same((await get('?ordering=started')).json().map((r: { pk: string }) => r.pk), [ID_B, ID_A, ID_C]);
  t.same((await get('?ordering=-pk')).json().map((r: { pk: string }) => r.pk), [ID_C, ID_B, ID_A]);
  t.same((await get('?ordering=attempt_count')).json().map((r: { pk: string }) => r.pk), [ID_B, ID_C, ID_A], 'not an ordering field');
  t.same((await get('?search=tasks.check')).json().map((r: { pk: string }) => r.pk), [ID_A]);
  t.same((await get('?search=ok_task')).json(), [], 'successes are never listed');

  const page = (await get('?limit=1&offset=1')).json();
  t.same(page, {
    count: 3,
    next: `http://inv.local${URL_}?limit=1&offset=2`,
    previous: `http://inv.local${URL_}?limit=1`,
    results: [rows[1]],
  });
});

t.test('failed list, inventree mode sends the stored pickles and InvenTree datetimes', async (t) => {
  const { app, database } = await createTestApp(t, { apiCompat: 'inventree' });
  await seed(database.db);
  const authorization = await staffAuthorization(database.db);
  const rows = (await app.inject({ method: 'GET', url: URL_, headers: { authorization } })).json();
  const stored = await database.db.selectFrom('django_q_task').select(['args', 'kwargs']).where('id', '=', ID_A).executeTakeFirstOrThrow();
  t.match(rows[2], { pk: ID_A, args: stored.args, kwargs: stored.kwargs, started: '2024-05-19 08:00', stopped: '2024-05-19 08:00' });
  t.equal(rows[0].args, 'gAUpLg==', 'the empty tuple, as django-picklefield stores it');
  t.equal(rows[0].kwargs, 'gAV9lC4=', 'the empty dict');
});

t.test('an unpaginated list streams every row, past one cursor batch', async (t) => {
  const { app, database } = await createTestApp(t);
  const authorization = await staffAuthorization(database.db);
  await insertFailedTasks(database.db, 2345);
  const res = await app.inject({ method: 'GET', url: URL_, headers: { authorization } });
  t.equal(res.statusCode, 200);
  const body = res.json();
  t.equal(body.length, 2345);
  t.equal(body[0].pk, (2344).toString(16).padStart(32, '0'), 'newest stopped first');
  t.equal(body[2344].pk, '0'.repeat(32));
  t.equal(new Set(body.map((r: { pk: string }) => r.pk)).size, 2345, 'no duplicates across batches');
});
