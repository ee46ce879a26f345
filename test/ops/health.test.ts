/**
 * /healthz and /readyz on the suite's database (PGlite or PostgreSQL):
 * status, media type, body shape, no credentials needed, nothing about the
 * configuration in the body, liveness touching no database, readiness
 * failing on missing tables and on shutdown; plus the 413 JSON body limit.
 */
import { sql } from 'kysely';
import t from 'tap';
import { migrate } from '../../src/db/migrate.js';
import { createTestApp } from '../helpers/app.js';
import { createTestDatabase } from '../helpers/database.js';
import { staffAuthorization } from '../helpers/users.js';
import { QueryCounter } from './support.js';

const database = await createTestDatabase();
t.teardown(() => database.close());
const counter = new QueryCounter();
const SECRET = 'health-secret-key-should-never-show';
const { app } = await createTestApp(t, { secretKey: SECRET, metricsToken: undefined }, { ...database, db: database.db.withPlugin(counter) });

/** Strings that would reveal where the database is or how the service is set up. */
const leaks = () => [SECRET, 'postgres://', '127.0.0.1', ':5432', database.schema, database.url].filter((s): s is string => !!s);

t.test('GET /healthz: pass, health+json, no database', async (t) => {
  const before = counter.statements.length;
  const res = await app.inject('/healthz');
  t.equal(res.statusCode, 200);
  t.equal(res.headers['content-type'], 'application/health+json; charset=utf-8');
  t.equal(res.headers['cache-control'], 'no-store');
  const body = res.json();
  t.equal(body.status, 'pass');
  t.match(body.checks, { 'process:uptime': [{ status: 'pass', observedUnit: 's' }] });
  t.equal(counter.statements.length, before, 'no statement sent');
  t.equal((await app.inject({ method: 'HEAD', url: '/healthz' })).statusCode, 200, 'HEAD');
  for (const leak of leaks()) t.notMatch(res.body, leak);
});

t.test('GET /readyz: pass with per-check details', async (t) => {
  const res = await app.inject('/readyz');
  t.equal(res.statusCode, 200);
  t.equal(res.headers['content-type'], 'application/health+json; charset=utf-8');
  const body = res.json();
  t.equal(body.status, 'pass');
  t.match(body.checks, {
    'server:shutdown': [{ status: 'pass' }],
    'database:connection': [{ componentId: 'primary', componentType: 'datastore', status: 'pass', observedUnit: 'ms', observedValue: Number }],
    'database:schema': [{ componentId: 'primary', status: 'pass' }],
  });
  for (const leak of leaks()) t.notMatch(res.body, leak);
  t.match(counter.statements.at(-1) ?? '', /information_schema/, 'the schema check ran');
});

t.test('no credentials needed; credentials are not looked at', async (t) => {
  for (const url of ['/healthz', '/readyz', '/metrics']) {
    const res = await app.inject({ url, headers: { authorization: 'Token not-a-real-token', cookie: 'sessionid=nope' } });
    t.equal(res.statusCode, 200, url);
  }
});

t.test('/readyz: 503 naming the missing table, 200 once it is back', async (t) => {
  await sql`DROP TABLE django_q_ormq`.execute(database.db);
  const res = await app.inject('/readyz');
  t.equal(res.statusCode, 503);
  t.equal(res.headers['content-type'], 'application/health+json; charset=utf-8');
  const body = res.json();
  t.equal(body.status, 'fail');
  t.match(body.checks['database:connection'], [{ status: 'pass' }]);
  t.match(body.checks['database:schema'], [{ status: 'fail', output: /django_q_ormq \(missing table; expected as created by django-q2/ }]);
  t.equal((await app.inject('/healthz')).statusCode, 200, 'liveness unaffected');
  await migrate(database.db);
  t.equal((await app.inject('/readyz')).statusCode, 200);
});

t.test('/readyz fails as soon as shutdown starts', async (t) => {
  app.services.lifecycle.shuttingDown = true;
  t.teardown(() => {
    app.services.lifecycle.shuttingDown = false;
  });
  const before = counter.statements.length;
  const res = await app.inject('/readyz');
  t.equal(res.statusCode, 503);
  t.same(res.json().checks, { 'server:shutdown': [{ status: 'fail', output: 'shutting down' }] });
  t.equal(counter.statements.length, before, 'no database work while shutting down');
  t.equal((await app.inject('/healthz')).statusCode, 200, 'still alive');
});

t.test('concurrent probes share one readiness check', async (t) => {
  const before = counter.count(/information_schema/);
  const all = await Promise.all(Array.from({ length: 5 }, () => app.inject('/readyz')));
  for (const res of all) t.equal(res.statusCode, 200);
  t.ok(counter.count(/information_schema/) - before < 5, 'fewer schema checks than probes');
});

t.test('a body over 1 MiB is a 413 with a JSON body', async (t) => {
  const authorization = await staffAuthorization(database.db);
  const payload = JSON.stringify({ items: [], filler: 'x'.repeat(1024 * 1024 + 10) });
  const res = await app.inject({
    method: 'DELETE',
    url: '/api/background-task/pending/',
    headers: { authorization, 'content-type': 'application/json' },
    payload,
  });
  t.equal(res.statusCode, 413);
  t.equal(res.headers['content-type'], 'application/json');
  t.match(res.json(), { detail: String });
});

t.test('ops routes are not part of the InvenTree document; other paths keep its 404', async (t) => {
  const res = await app.inject('/healthz/');
  t.equal(res.statusCode, 404);
  t.match(res.json(), { detail: 'API endpoint not found' });
});
