/**
 * `bgtasks migrate --with-indexes` (src/db/indexes.ts): which indexes, that
 * they are what the planner uses for the failed list, idempotence, and that
 * nothing is created without the flag.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import t from 'tap';
import { run as migrateCli } from '../../src/cli/migrate.js';
import { dropIndexes, ensureIndexes, INDEXES, presentIndexes } from '../../src/db/indexes.js';
import { createTestDatabase } from '../helpers/database.js';

t.test('ensureIndexes creates, reuses and drops the bgtasks_* indexes', async (t) => {
  const database = await createTestDatabase();
  t.teardown(() => database.close());
  const { db } = database;
  const concurrently = database.kind === 'postgres';

  t.same(await presentIndexes(db), [], 'none after a plain migrate');
  const first = await ensureIndexes(db, { concurrently });
  t.same(
    first.map((r) => r.name),
    INDEXES.map((i) => i.name),
    'one result per index',
  );
  const { rows: trgm } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_available_extensions WHERE name = 'pg_trgm'`.execute(db);
  for (const result of first) {
    if (result.name === 'bgtasks_task_func_upper') {
      t.ok(result.outcome === 'created' || /PostgreSQL 14/.test(result.reason ?? ''), 'statistics on UPPER(func) where supported');
    } else if (result.name === 'bgtasks_task_func_trgm' && !trgm[0]?.n) {
      t.equal(result.outcome, 'skipped', 'no pg_trgm here: the trigram index is skipped');
      t.match(result.reason, /pg_trgm/);
    } else t.equal(result.outcome, 'created', `${result.name} created`);
  }
  const present = await presentIndexes(db);
  t.ok(present.includes('bgtasks_task_failed_stopped') && present.includes('bgtasks_task_success_started'));

  const again = await ensureIndexes(db, { concurrently });
  t.ok(
    again.every((r) => r.outcome === 'exists' || r.outcome === 'skipped'),
    'idempotent: the second run creates nothing',
  );

  const { rows: defs } = await sql<{ indexdef: string }>`
    SELECT indexdef FROM pg_indexes WHERE indexname = 'bgtasks_task_failed_stopped' AND schemaname = current_schema()
  `.execute(db);
  t.match(defs[0]?.indexdef, /\(stopped DESC, id\) WHERE \(NOT success\)/, 'partial index in the failed list order');

  t.same((await dropIndexes(db, { concurrently })).sort(), [...present].sort(), 'dropIndexes removes what exists');
  t.same(await presentIndexes(db), []);
});

t.test('the failed page uses bgtasks_task_failed_stopped when it exists', async (t) => {
  const database = await createTestDatabase();
  t.teardown(() => database.close());
  const { db } = database;
  await sql`
    INSERT INTO django_q_task (id, name, func, started, stopped, success, attempt_count)
    SELECT md5(i::text), 'n' || i, 'f.g', now() - i * interval '1 minute', now() - i * interval '1 minute', i % 10 = 0, 1
    FROM generate_series(1, 5000) AS i
  `.execute(db);
  await ensureIndexes(db, { concurrently: database.kind === 'postgres', only: ['bgtasks_task_failed_stopped'] });
  await sql`ANALYZE django_q_task`.execute(db);
  const { rows } = await sql<{ 'QUERY PLAN': string }>`
    EXPLAIN SELECT t.id FROM django_q_task t WHERE t.success = false ORDER BY t.stopped DESC, t.id ASC LIMIT 25
  `.execute(db);
  t.match(rows.map((r) => r['QUERY PLAN']).join('\n'), /bgtasks_task_failed_stopped/, 'an index scan, no sort of every failure');
});

t.test('bgtasks migrate creates indexes only with --with-indexes', async (t) => {
  const url = process.env.TEST_DATABASE_URL;
  let env: NodeJS.ProcessEnv;
  let cleanup: () => Promise<void>;
  let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  if (url) {
    // A schema of its own, reached through the connection's search_path.
    database = await createTestDatabase();
    const target = new URL(url);
    target.searchParams.set('options', `-c search_path=${database.schema}`);
    env = { DATABASE_URL: target.toString(), LOG_LEVEL: 'silent' };
    cleanup = () => database!.close();
  } else {
    const dataDir = mkdtempSync(join(tmpdir(), 'bgtasks-indexes-'));
    env = { DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
    cleanup = async () => rmSync(dataDir, { recursive: true, force: true });
  }
  t.teardown(cleanup);
  const lines: string[] = [];
  const log = console.log;
  console.log = (line: unknown) => void lines.push(String(line));
  try {
    t.equal(await migrateCli([], env), 0);
    t.notOk(lines.some((l) => l.startsWith('index ')), 'plain migrate: no index');
    if (database) t.same(await presentIndexes(database.db), [], 'nothing created without the flag');
    t.equal(await migrateCli(['--with-indexes'], env), 0);
  } finally {
    console.log = log;
  }
  t.ok(lines.some((l) => /^index bgtasks_task_failed_stopped: created/.test(l)), 'reports each index');
  if (database) t.ok((await presentIndexes(database.db)).includes('bgtasks_task_failed_stopped'));
});
