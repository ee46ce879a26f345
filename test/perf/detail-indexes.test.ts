/**
 * The bgtasks_* indexes the succeeded list, the task filters and the
 * scheduled detail rely on are what the planner picks for their queries
 * (`bgtasks migrate --with-indexes`, src/db/indexes.ts).
 */
import { sql } from 'kysely';
import t from 'tap';
import { ensureIndexes } from '../../src/db/indexes.js';
import { createTestDatabase } from '../helpers/database.js';

t.test('plans of the succeeded list, the filters and a schedule\'s runs use their indexes', async (t) => {
  const database = await createTestDatabase();
  t.teardown(() => database.close());
  const { db } = database;
  await sql`
    INSERT INTO django_q_task (id, name, func, "group", started, stopped, success, attempt_count)
    SELECT md5(i::text), 'n' || i, 'f.g' || (i % 50), 'grp' || (i % 200), now() - i * interval '1 minute', now() - i * interval '1 minute', i % 10 <> 0, 1
    FROM generate_series(1, 20000) AS i
  `.execute(db);
  await ensureIndexes(db, {
    concurrently: database.kind === 'postgres',
    only: ['bgtasks_task_success_stopped', 'bgtasks_task_group_started', 'bgtasks_task_func_stopped', 'bgtasks_task_failed_started'],
  });
  await sql`ANALYZE django_q_task`.execute(db);
  const plan = async (query: ReturnType<typeof sql>) =>
    (await sql<{ 'QUERY PLAN': string }>`EXPLAIN ${query}`.execute(db)).rows.map((r) => r['QUERY PLAN']).join('\n');

  t.match(await plan(sql`SELECT t.id FROM django_q_task t WHERE t.success = true ORDER BY t.stopped DESC, t.id ASC LIMIT 25`), /bgtasks_task_success_stopped/, 'succeeded page');
  t.match(await plan(sql`SELECT t.id FROM django_q_task t WHERE t."group" = 'grp7' AND t.func = 'f.g7' ORDER BY t.started DESC, t.id LIMIT 20`), /bgtasks_task_group_started/, "a schedule's runs");
  t.match(await plan(sql`SELECT count(*) FROM django_q_task t WHERE t.success = true AND t.func = 'f.g3'`), /bgtasks_task_func_stopped/, 'func filter (the count)');
  t.match(
    await plan(sql`SELECT count(*) FROM django_q_task t WHERE t.success = false AND t.started >= now() - interval '30 minutes'`),
    /bgtasks_task_failed_started/,
    'started_after on failures',
  );
});
