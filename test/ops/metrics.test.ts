/**
 * GET /metrics: Prometheus text, queue gauges matching seeded rows, the HTTP
 * histogram without user data in labels, METRICS_TOKEN, and one set of
 * counts per TTL shared with the overview endpoint (counted in statements).
 */
import t from 'tap';
import { createTestApp } from '../helpers/app.js';
import { createTestDatabase } from '../helpers/database.js';
import { staffAuthorization } from '../helpers/users.js';
import { COUNT_QUERY, QueryCounter, seedQueue } from './support.js';

const TOKEN = 'metrics-token-0123456789';

/** `name{labels} value` lines of a scrape, keyed by `name{labels}`. */
function samples(text: string): Map<string, number> {
  const map = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const cut = line.lastIndexOf(' ');
    map.set(line.slice(0, cut), Number(line.slice(cut + 1)));
  }
  return map;
}

const database = await createTestDatabase();
t.teardown(() => database.close());
const counter = new QueryCounter();
const { app } = await createTestApp(
  t,
  { countsTtlSeconds: 60, metricsToken: TOKEN },
  { ...database, db: database.db.withPlugin(counter) },
);
const seeded = await seedQueue(database.db);
const authorization = await staffAuthorization(database.db);
const scrape = () => app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });

t.test('METRICS_TOKEN: a scrape needs the bearer token', async (t) => {
  for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: TOKEN }, { authorization: `Token ${TOKEN}` }]) {
    const res = await app.inject({ url: '/metrics', headers });
    t.equal(res.statusCode, 401, JSON.stringify(headers));
    t.equal(res.headers['content-type'], 'application/json');
    t.equal(res.headers['www-authenticate'], 'Bearer realm="metrics"');
    t.match(res.json(), { detail: String });
    t.notMatch(res.body, TOKEN);
  }
  t.equal((await scrape()).statusCode, 200);
  t.equal((await app.inject({ url: '/metrics', headers: { authorization: `bearer  ${TOKEN} ` } })).statusCode, 200, 'scheme is case-insensitive');
});

t.test('queue gauges match the seeded rows', async (t) => {
  const res = await scrape();
  t.equal(res.statusCode, 200);
  t.equal(res.headers['content-type'], 'text/plain; version=0.0.4; charset=utf-8');
  const m = samples(res.body);
  t.equal(m.get('django_q_pending_tasks{state="waiting"}'), seeded.waiting);
  t.equal(m.get('django_q_pending_tasks{state="locked"}'), seeded.locked);
  t.equal(m.get('django_q_failed_tasks'), seeded.failed);
  t.equal(m.get('django_q_scheduled_tasks'), seeded.scheduled);
  t.equal(m.get('django_q_worker_up'), 1, 'a task succeeded in the last 10 minutes');
  t.equal(m.get('django_q_database_up'), 1);
  const age = m.get('django_q_oldest_pending_task_age_seconds')!;
  t.ok(age >= seeded.oldestWaitingAgeSeconds && age < seeded.oldestWaitingAgeSeconds + 60, `oldest age ${age}`);
  t.ok(Math.abs(m.get('django_q_last_task_success_timestamp_seconds')! - seeded.lastSuccessSeconds) < 0.001);
  t.ok(m.get('django_q_scrape_duration_seconds')! >= 0);
  for (const name of ['django_q_pending_tasks', 'django_q_failed_tasks', 'django_q_worker_up'])
    t.match(res.body, new RegExp(`# TYPE ${name} gauge`));
  t.notMatch(res.body, /django_q_\w+_total/, 'no _total on gauges');
  t.match(res.body, /^process_cpu_user_seconds_total /m, 'process defaults');
  t.match(res.body, /^nodejs_eventloop_lag_seconds /m);
});

t.test('counts: one count query per TTL, shared by the overview and /metrics', async (t) => {
  app.services.counts.invalidate();
  const before = counter.count(COUNT_QUERY);
  const overview = () => app.inject({ url: '/api/background-task/', headers: { authorization } });
  const first = await Promise.all([overview(), overview(), scrape(), overview(), scrape()]);
  for (let i = 0; i < 10; i++) first.push(i % 3 ? await overview() : await scrape());
  for (const res of first) t.equal(res.statusCode, 200);
  t.equal(counter.count(COUNT_QUERY) - before, 1, '15 requests inside one TTL: one count query');
  const body = first[0]!.json();
  t.same(body, { is_running: true, pending_tasks: seeded.waiting + seeded.locked, scheduled_tasks: seeded.scheduled, failed_tasks: seeded.failed });

  app.services.counts.invalidate(); // what the TTL running out does
  await scrape();
  await overview();
  t.equal(counter.count(COUNT_QUERY) - before, 2, 'next TTL: one more');
});

t.test('HTTP histogram: route templates and status codes only', async (t) => {
  const secret = 'UserTypedSecret42';
  await app.inject({ url: `/api/background-task/failed/?search=${secret}`, headers: { authorization } });
  await app.inject({ url: `/api/background-task/${secret}/`, headers: { authorization } });
  await app.inject({ url: `/no/such/${secret}` });
  await app.inject({ method: 'DELETE', url: '/api/background-task/failed/', headers: { authorization }, payload: { items: [seeded.failedIds[0]] } });
  const res = await scrape();
  t.notMatch(res.body, secret, 'nothing a caller typed');
  t.notMatch(res.body, seeded.failedIds[0]!, 'no task id');
  t.match(res.body, /http_request_duration_seconds_count\{method="GET",route="\/api\/background-task\/failed\/",status_code="200"\} 1/);
  t.match(res.body, /http_request_duration_seconds_bucket\{le="[^"]+",method="GET",route="unmatched",status_code="404"\}/);
  t.match(res.body, /http_request_duration_seconds_count\{method="DELETE",route="\/api\/background-task\/failed\/",status_code="\d+"\} 1/);
  const routes = new Set([...res.body.matchAll(/route="([^"]*)"/g)].map((m) => m[1]));
  for (const route of routes) t.ok(route === 'unmatched' || route?.startsWith('/'), `label ${route}`);
});
