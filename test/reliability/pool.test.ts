/**
 * The connection pool exhausted: a request that cannot get a connection
 * within the bound (POOL_WAIT_MS, shortened here) is the documented 503, not
 * a hang; on PostgreSQL authentication has its own pool and still decides;
 * the service recovers by itself once connections free up, with nothing
 * leaked. On PGlite the one connection is held by an open transaction.
 */
import t from 'tap';
import { UNAVAILABLE, listenApp, openSuiteDatabase, within } from './support.js';

const WAIT_MS = 800;
const database = await openSuiteDatabase({ poolMax: 3, poolWaitMs: WAIT_MS });
t.teardown(() => database.close());
const server = await listenApp(database);
t.teardown(() => server.close());
const headers = { authorization: server.authorization };
const OVERVIEW = '/api/background-task/';

t.test('every connection taken: 503 after the bound, then recovery', async (t) => {
  t.equal((await within(server.app, { url: OVERVIEW, headers })).status, 200, 'served before');
  // Hold every connection of the main pool in an open transaction.
  const held = await Promise.all(Array.from({ length: database.kind === 'postgres' ? 3 : 1 }, () => database.handle.db.startTransaction().execute()));
  try {
    const answers = await Promise.all(
      ['/api/background-task/', '/api/background-task/failed/?limit=5', '/api/background-task/pending/', '/api/background-task/scheduled/'].map((url) =>
        within(server.app, { url, headers }),
      ),
    );
    for (const answer of answers) {
      t.equal(answer.status, 503, 'a clear 503, not a hang');
      t.same(JSON.parse(answer.body), UNAVAILABLE);
      t.match(answer.contentType, /^application\/json/);
    }
    const wrong = await within(server.app, { url: OVERVIEW, headers: { authorization: 'Token nope' } });
    if (database.kind === 'postgres') t.equal(wrong.status, 401, 'authentication has its own pool: still decided');
    else t.equal(wrong.status, 503, 'PGlite: one connection, authentication waits the same bound');
    t.equal((await server.app.inject('/healthz')).statusCode, 200, 'liveness is unaffected');
  } finally {
    for (const trx of held) await trx.rollback().execute();
  }
  t.equal((await within(server.app, { url: OVERVIEW, headers })).status, 200, 'recovered by itself');
  t.same(
    (await database.sessions()).filter((s) => s.state === 'idle in transaction'),
    [],
    'nothing idle in transaction',
  );
});

t.test('a burst of 60 concurrent requests on a pool of 3: only 200 or the documented 503, then all 200', async (t) => {
  const urls = ['/api/background-task/', '/api/background-task/failed/', '/api/background-task/pending/?limit=2', '/api/background-task/scheduled/'];
  const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => within(server.app, { url: urls[i % urls.length]!, headers }, 30_000)));
  for (const answer of answers) {
    t.ok(answer.status === 200 || answer.status === 503, `status ${answer.status}`);
    if (answer.status === 503) t.same(JSON.parse(answer.body), UNAVAILABLE);
  }
  for (const url of urls) t.equal((await within(server.app, { url, headers })).status, 200, `${url} after the burst`);
});
