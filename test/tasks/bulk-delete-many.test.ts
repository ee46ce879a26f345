/**
 * Bulk delete by very long `items` lists (#12 item 6): 70,000 ids, beyond
 * the protocol's 65,535 bind parameters, delete exactly the rows named (one
 * array parameter), on PGlite and PostgreSQL. Failed-task ids are 32
 * characters, so the 1 MiB body limit caps their lists near 29,000 ids:
 * that many work, and a larger body is a clear 413.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import t from 'tap';
import { createTestApp } from '../helpers/app.js';
import { insertTask } from '../helpers/rows.js';
import { staffAuthorization } from '../helpers/users.js';

const { app, database } = await createTestApp(t);
const db = database.db;
const authorization = await staffAuthorization(db);
const del = (url: string, body: unknown) =>
  app.inject({ method: 'DELETE', url, headers: { authorization, 'content-type': 'application/json' }, payload: JSON.stringify(body) });

t.test('70,000 pending ids: exactly the rows named are deleted', async (t) => {
  await sql`INSERT INTO django_q_ormq (key, payload, lock) SELECT 'InvenTree', 'p' || g::text, now() FROM generate_series(1, 80000) AS g`.execute(db);
  const ids = (await db.selectFrom('django_q_ormq').select('id').orderBy('id').execute()).map((r) => Number(r.id));
  t.equal(ids.length, 80000);
  // 60,000 existing ids and 10,000 that do not exist.
  const doomed = ids.slice(0, 60000);
  const missing = Array.from({ length: 10000 }, (_, i) => ids.at(-1)! + 1000 + i);
  const res = await del('/api/background-task/pending/', { items: [...doomed, ...missing] });
  t.equal(res.statusCode, 204, res.body);
  const left = await db.selectFrom('django_q_ormq').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  t.equal(Number(left.n), 20000, 'the 20,000 rows not named remain');
  const min = await db.selectFrom('django_q_ormq').select((eb) => eb.fn.min('id').as('min')).executeTakeFirstOrThrow();
  t.equal(Number(min.min), ids[60000], 'and they are the ones not named');
});

t.test('29,000 failed-task ids (near the body limit): exactly the failures named', async (t) => {
  const { id } = await insertTask(db, { error: 'boom' });
  await sql`
    INSERT INTO django_q_task (id, name, func, hook, args, kwargs, result, "group", started, stopped, success, attempt_count, cluster)
    SELECT md5(g::text), name || g::text, func, hook, args, kwargs, result, "group", started, stopped, g % 2 = 0, attempt_count, cluster
    FROM django_q_task, generate_series(1, 30000) AS g WHERE id = ${id}`.execute(db);
  const named = Array.from({ length: 29000 }, (_, i) => i + 1);
  const body = { items: named.map((g) => md5(g)) };
  t.ok(JSON.stringify(body).length < 1024 * 1024, 'the body fits the 1 MiB limit');
  const res = await del('/api/background-task/failed/', body);
  t.equal(res.statusCode, 204, res.body);
  const left = await sql<{ failed: string; succeeded: string }>`
    SELECT count(*) FILTER (WHERE NOT success) AS failed, count(*) FILTER (WHERE success) AS succeeded FROM django_q_task`.execute(db);
  // Named: 14,500 failures (odd g) deleted, 14,500 successes untouched (only failures go through /failed/).
  t.same(left.rows[0], { failed: String(1 + 15000 - 14500), succeeded: '15000' });

  const tooBig = await del('/api/background-task/failed/', { items: Array.from({ length: 40000 }, (_, i) => md5(i)) });
  t.equal(tooBig.statusCode, 413);
  t.same(tooBig.json(), { detail: 'Request body is too large.' });

  const nul = await del('/api/background-task/failed/', { items: ['a\u0000b', md5(30000)] });
  t.equal(nul.statusCode, 204, 'an id holding NUL matches nothing; the others are deleted');
});

function md5(n: number): string {
  return createHash('md5').update(String(n)).digest('hex');
}
