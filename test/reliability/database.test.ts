/**
 * PostgreSQL connections killed under load (pg_terminate_backend on every
 * session of ours, repeatedly): requests in flight answer 200 or the
 * documented 503 — never another 5xx, never a hang — and the service
 * recovers by itself. A bulk delete whose connection is killed mid-statement
 * leaves all its rows (the transaction never commits); retried, it deletes
 * them all. Embedded PGlite has no connection to kill: skipped there (its
 * failure modes are in pool.test.ts and slow-clients.test.ts).
 */
import { sql } from 'kysely';
import t from 'tap';
import { UNAVAILABLE, eventually, listenApp, openSuiteDatabase, sleep, within } from './support.js';

if (!process.env.TEST_DATABASE_URL) {
  t.pass('skipped: embedded PGlite has no database connection to kill', { skip: 'PostgreSQL only (TEST_DATABASE_URL)' });
} else {
  const database = await openSuiteDatabase({ poolMax: 4 });
  t.teardown(() => database.close());
  const admin = database.admin!;
  const server = await listenApp(database);
  t.teardown(() => server.close());
  const headers = { authorization: server.authorization };
  const killOurs = async (filter = sql`true`) => {
    const { rows } = await sql<{ killed: boolean }>`
      SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity
      WHERE application_name = ${database.applicationName} AND ${filter}`.execute(admin);
    return rows.length;
  };

  t.test('every connection killed, again and again, under load', async (t) => {
    await sql`INSERT INTO django_q_ormq (key, payload, lock) SELECT 'InvenTree', 'p' || g::text, now() FROM generate_series(1, 200) AS g`.execute(
      database.handle.db,
    );
    const urls = [
      '/api/background-task/',
      '/api/background-task/failed/?limit=3',
      '/api/background-task/pending/?limit=50',
      '/api/background-task/scheduled/?limit=3',
    ];
    const answers: { url: string; status: number | 'hang'; body: string }[] = [];
    let stop = false;
    const load = Array.from({ length: 12 }, async (_, worker) => {
      for (let i = 0; !stop; i++) {
        const url = urls[(worker + i) % urls.length]!;
        const answer = await within(server.app, { url, headers });
        answers.push({ url, ...answer });
      }
    });
    let kills = 0;
    for (let round = 0; round < 8; round++) {
      await sleep(150);
      kills += await killOurs();
    }
    stop = true;
    await Promise.all(load);
    t.ok(kills > 0, `${kills} sessions killed`);
    const statuses = new Map<string, number>();
    for (const a of answers) statuses.set(String(a.status), (statuses.get(String(a.status)) ?? 0) + 1);
    t.comment(`answers: ${JSON.stringify(Object.fromEntries(statuses))}`);
    t.same(
      answers.filter((a) => a.status !== 200 && a.status !== 503),
      [],
      'only 200 or 503',
    );
    t.same(
      answers.filter((a) => a.status === 503 && a.body !== JSON.stringify(UNAVAILABLE)),
      [],
      'every 503 is the documented one',
    );
    t.ok(statuses.get('503'), 'some requests did lose their connection');
    const recovered = await eventually(async () => {
      const all = await Promise.all(urls.map((url) => within(server.app, { url, headers })));
      return all.every((a) => a.status === 200);
    }, 10_000);
    t.ok(recovered, 'the service recovered by itself');
    t.same(
      (await database.sessions()).filter((s) => s.state === 'idle in transaction'),
      [],
      'nothing idle in transaction',
    );
  });

  t.test('a bulk delete whose connection dies mid-statement deletes nothing; retried, everything', async (t) => {
    // The bulk delete's one statement: lock the rows in id order, delete them, count (src/tasks/bulk-delete.ts).
    const BULK_DELETE = /^\s*WITH locked AS \(SELECT id FROM/;
    const db = database.handle.db;
    const schema = sql.id(database.schema!);
    await sql`DELETE FROM django_q_ormq`.execute(db);
    await sql`INSERT INTO django_q_ormq (key, payload, lock) SELECT 'doomed', 'p' || g::text, now() FROM generate_series(1, 300) AS g`.execute(db);
    // A test-only trigger makes the DELETE take ~3 s, long enough to be killed in the middle.
    await sql`CREATE FUNCTION ${schema}.slow_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.01); RETURN OLD; END $$`.execute(admin);
    await sql`CREATE TRIGGER slow_delete BEFORE DELETE ON ${schema}.django_q_ormq FOR EACH ROW EXECUTE FUNCTION ${schema}.slow_delete()`.execute(admin);
    const count = async () =>
      Number((await sql<{ n: string }>`SELECT count(*) AS n FROM django_q_ormq WHERE key = 'doomed'`.execute(db)).rows[0]!.n);
    const body = JSON.stringify({ filters: { key: 'doomed' } });
    const deleting = within(server.app, { method: 'DELETE', url: '/api/background-task/pending/', headers: { ...headers, 'content-type': 'application/json' }, payload: body }, 30_000);
    const seen = await eventually(async () => (await database.sessions()).some((s) => s.state === 'active' && BULK_DELETE.test(s.query)), 5000, 20);
    t.ok(seen, 'the DELETE is running');
    await sleep(300); // some rows are already deleted inside the transaction
    t.ok((await killOurs(sql`query LIKE '%WITH locked AS (SELECT id FROM%'`)) >= 1, 'its connection is killed');
    const answer = await deleting;
    t.equal(answer.status, 503);
    t.same(JSON.parse(answer.body), UNAVAILABLE);
    t.equal(await count(), 300, 'nothing was deleted');

    await sql`DROP TRIGGER slow_delete ON ${schema}.django_q_ormq`.execute(admin);
    const retry = await within(server.app, { method: 'DELETE', url: '/api/background-task/pending/', headers: { ...headers, 'content-type': 'application/json' }, payload: body });
    t.equal(retry.status, 204, 'the service recovered: the retry succeeds');
    t.equal(await count(), 0, 'and deletes all of them');
  });
}
