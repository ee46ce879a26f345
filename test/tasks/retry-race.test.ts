/**
 * Retries racing bulk deletes (and each other) over the same failed rows,
 * many rounds: whatever the interleaving, each failed row ends either
 * deleted or retried exactly once — never retried and still present, never
 * queued twice — and every request answers as documented (no 500: the
 * writers lock rows in one order, so they wait for each other instead of
 * deadlocking).
 *
 * On real PostgreSQL (TEST_DATABASE_URL) the requests run on a pool of four
 * connections, so their transactions really overlap and wait on each
 * other's row locks. PGlite is one connection: the transactions are
 * serialised, so there it proves only the request-level outcome (a later
 * request finds the rows an earlier one took gone) under every order
 * the event loop happens to produce.
 */
import t from 'tap';
import { dictGet, loadTaskPayload, type PyDict } from '../../src/djangoq/index.js';
import { createTestApp } from '../helpers/app.js';
import { CLUSTER, insertTask, TEST_SECRET_KEY } from '../helpers/rows.js';
import { staffAuthorization } from '../helpers/users.js';

const BASE = '/api/background-task';
const ROUNDS = 25;
const ROWS = 6;

t.test('concurrent retries and bulk deletes of the same failed rows', async (t) => {
  const { app, database } = await createTestApp(t, { secretKey: TEST_SECRET_KEY });
  const db = database.db;
  const authorization = await staffAuthorization(db);
  const send = (method: 'POST' | 'DELETE', path: string, payload?: object) =>
    app.inject({ method, url: `${BASE}${path}`, headers: { authorization }, ...(payload ? { payload } : {}) });

  let deletedRows = 0;
  let retriedRows = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const rows: Array<{ id: string; func: string }> = [];
    for (let i = 0; i < ROWS; i++) {
      const func = `race.r${round}.t${i}`;
      // `started` decreasing while the rows are stored in order: the retry's
      // order (started, id) is then not the order a DELETE's scan meets them in.
      const started = new Date(Date.UTC(2026, 0, 1) - i * 60_000);
      rows.push({ id: (await insertTask(db, { func, group: `race-${round}`, started })).id, func });
    }
    const ids = rows.map((r) => r.id);
    const firstHalf = ids.slice(0, ROWS / 2);
    const reversed = [...ids].reverse();

    // Overlapping selections, in different orders, by items and by filters.
    const requests = [
      send('POST', '/failed/retry/', { items: ids }),
      send('DELETE', '/failed/', { items: reversed }),
      send('POST', '/failed/retry/', { items: reversed }),
      send('POST', `/failed/${ids[round % ROWS]}/retry/`),
      send('DELETE', '/failed/', { filters: { group: `race-${round}` } }),
      send('POST', '/failed/retry/', { filters: { group: `race-${round}` } }),
      send('DELETE', '/failed/', { items: firstHalf }),
      send('POST', `/failed/${ids[(round + 3) % ROWS]}/retry/`),
    ];
    // Rotate which request is issued first, so that each kind gets to start the round.
    const rotated = requests.map((_, i) => requests[(i + round) % requests.length]!);
    const answers = await Promise.all(rotated);

    const retriedBy = new Map<string, string[]>();
    for (const res of answers) {
      const method = res.raw.req.method;
      const url = res.raw.req.url;
      if (method === 'DELETE') {
        t.equal(res.statusCode, 204, `round ${round}: ${method} ${url}: ${res.body}`);
        continue;
      }
      if (res.statusCode === 404) {
        t.match(url, /\/failed\/[0-9a-f]{32}\/retry\/$/, `round ${round}: only a one-task retry may find its row gone`);
        t.equal(res.body, '{"detail":"Not found."}');
        continue;
      }
      t.equal(res.statusCode, 200, `round ${round}: ${method} ${url}: ${res.body}`);
      const body = res.json() as { retried: number; tasks: Array<{ failed: string; task_id: string }> };
      t.equal(body.retried, body.tasks.length);
      for (const task of body.tasks) retriedBy.set(task.failed, [...(retriedBy.get(task.failed) ?? []), task.task_id]);
    }

    const present = new Set((await db.selectFrom('django_q_task').select('id').where('id', 'in', ids).execute()).map((r) => r.id));
    const queued = (await db.selectFrom('django_q_ormq').select('payload').execute()).map((r) => loadTaskPayload(r.payload, { verify: true, keys: [TEST_SECRET_KEY], salt: CLUSTER }));
    const queuedFuncs = queued.map((task) => dictGet(task as PyDict, 'func'));

    for (const { id, func } of rows) {
      const newIds = retriedBy.get(id) ?? [];
      const enqueued = queuedFuncs.filter((f) => f === func).length;
      t.ok(newIds.length <= 1, `round ${round}: ${id} retried at most once (${newIds.length})`);
      t.equal(enqueued, newIds.length, `round ${round}: ${func} queued exactly as often as it was reported retried`);
      t.notOk(present.has(id), `round ${round}: ${id} is gone (every row was asked to be deleted or retried)`);
      if (newIds.length) retriedRows++;
      else deletedRows++;
    }
    await db.deleteFrom('django_q_ormq').execute();
  }
  t.equal(retriedRows + deletedRows, ROUNDS * ROWS, 'every row accounted for');
  t.comment(`${database.label}: ${retriedRows} rows retried, ${deletedRows} deleted over ${ROUNDS} rounds`);
});
