/**
 * A real PostgreSQL going away and coming back, without restarting the
 * server: the app's pool goes through a TCP proxy this suite stops and
 * starts (the machine's cluster itself is never touched). Also the
 * per-statement timeout: a query running past DB_STATEMENT_TIMEOUT_MS is a
 * 503 JSON answer, not a hung request. Needs a real server, so on a PGlite
 * run it uses the machine's PostgreSQL, and skips when there is none.
 */
import { sql } from 'kysely';
import t from 'tap';
import { openPostgres } from '../../src/db/connect.js';
import { buildApp } from '../../src/app.js';
import { testConfig } from '../helpers/config.js';
import { createSchema, eventually, POSTGRES_URL, postgresReachable, TcpProxy } from './support.js';

const unreachable = await postgresReachable();
if (unreachable) {
  t.comment(`skipped: ${unreachable}`);
  t.pass('skipped: no PostgreSQL server', { skip: unreachable });
} else {
  const target = new URL(POSTGRES_URL);
  const { schema, drop } = await createSchema();
  t.teardown(drop);
  const proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
  await proxy.start();
  t.teardown(() => proxy.stop());
  const viaProxy = new URL(POSTGRES_URL);
  viaProxy.host = `127.0.0.1:${proxy.port}`;
  const STATEMENT_TIMEOUT_MS = 300;
  const handle = openPostgres({ url: viaProxy.toString(), schema, poolMax: 4, statementTimeoutMs: STATEMENT_TIMEOUT_MS });
  t.teardown(() => handle.close());
  const config = testConfig({ databaseUrl: viaProxy.toString(), dbStatementTimeoutMs: STATEMENT_TIMEOUT_MS, countsTtlSeconds: 0 });
  const app = await buildApp({ config, db: handle.db, logger: false, databaseKind: 'postgres' });
  // Test-only route: a statement that outlives the statement timeout.
  app.get('/__test/sleep', async () => {
    await sql`SELECT pg_sleep(3)`.execute(handle.db);
    return { slept: true };
  });
  // Test-only route: a query still running when the database goes away.
  app.get('/__test/busy', async () => {
    await sql`SELECT pg_sleep(0.25)`.execute(handle.db);
    return { busy: true };
  });
  t.teardown(() => app.close());

  const ready = async () => (await app.inject('/readyz')).statusCode === 200;

  t.test('database stopped: /readyz 503, /healthz 200, /metrics says so; back: 200 again', async (t) => {
    t.ok(await ready(), 'ready while the database is up');
    // No pause: the next checkout may get a pooled client whose socket is
    // closing, which must fail the query, not crash the process.
    await proxy.stop();
    const res = await app.inject('/readyz');
    t.equal(res.statusCode, 503);
    t.equal(res.headers['content-type'], 'application/health+json; charset=utf-8');
    const body = res.json();
    t.equal(body.status, 'fail');
    t.match(body.checks['database:connection'], [{ status: 'fail', output: /unreachable|no answer/ }]);
    t.match(body.checks['database:schema'], [{ status: 'fail' }]);
    t.notMatch(res.body, /127\.0\.0\.1|localhost|postgres:\/\/|ECONNREFUSED/, 'no host, URL or driver message');
    t.notMatch(res.body, String(proxy.port));
    t.equal((await app.inject('/healthz')).statusCode, 200, 'liveness does not depend on the database');

    const metrics = await app.inject('/metrics');
    t.equal(metrics.statusCode, 200, 'process metrics still served');
    t.match(metrics.body, /^django_q_database_up 0$/m);
    t.notMatch(metrics.body, /^django_q_pending_tasks/m, 'no stale queue figures');

    const api = await app.inject({ url: '/api/background-task/', headers: { authorization: 'Token whatever' } });
    t.equal(api.statusCode, 503, 'the API answers 503 meanwhile, even while authenticating');
    t.match(api.json(), { detail: String });

    await proxy.start();
    t.ok(await eventually(ready, 5000), 'ready again without a restart');
    t.match((await app.inject('/metrics')).body, /^django_q_database_up 1$/m);
  });

  t.test('the database vanishing under a running query: 503, and the process lives on', async (t) => {
    t.ok(await eventually(ready, 5000));
    const busy = app.inject('/__test/busy');
    await new Promise((resolve) => setTimeout(resolve, 60));
    await proxy.stop();
    const res = await busy;
    t.equal(res.statusCode, 503);
    t.same(res.json(), { detail: 'The database is unavailable. Please try again later.' });
    await proxy.start();
    t.ok(await eventually(ready, 5000), 'ready again');
  });

  t.test('DB_STATEMENT_TIMEOUT_MS: a runaway query is a 503 JSON answer', async (t) => {
    const started = Date.now();
    const res = await app.inject('/__test/sleep');
    const took = Date.now() - started;
    t.equal(res.statusCode, 503);
    t.equal(res.headers['content-type'], 'application/json');
    t.same(res.json(), { detail: 'The database is unavailable. Please try again later.' });
    t.ok(took < 2500, `cancelled after ${took} ms, not after pg_sleep's 3 s`);
    t.ok(await ready(), 'the pool is usable afterwards');
  });
}
