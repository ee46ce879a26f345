/**
 * Issue #12 item 7: `bgtasks seed` writes runnable work, so it must not land
 * in a database a django-q cluster serves by accident.
 *   - a DATABASE_URL database only with --yes (refused before connecting);
 *   - never one holding InvenTree's own tables, --yes or not, unless
 *     --i-know-a-live-cluster-will-run-these;
 *   - the demo's task functions are under a module InvenTree does not have
 *     (bgtasks_demo.…) unless --inventree-functions asks for the real ones.
 * The PostgreSQL parts use the machine's server (a schema of their own) on
 * either run; they are skipped, saying so, when there is none.
 */
import { sql } from 'kysely';
import t from 'tap';
import { UsageError } from '../../src/cli/args.js';
import { run as seedCommand } from '../../src/cli/seed.js';
import { openPostgres } from '../../src/db/connect.js';
import { decodeTaskPayload } from '../../src/djangoq/index.js';
import { DEMO_FUNCTION_PREFIX, seed } from '../../src/seed/seed.js';
import { createTestDatabase } from '../helpers/database.js';
import { CLUSTER, TEST_SECRET_KEY } from '../helpers/rows.js';
import { createSchema, POSTGRES_URL, postgresReachable } from '../ops/support.js';

const quiet = async <T>(fn: () => Promise<T>): Promise<T> => {
  const log = console.log;
  console.log = () => {};
  try {
    return await fn();
  } finally {
    console.log = log;
  }
};

const SMALL = ['--pending', '3', '--failed', '2', '--success', '4', '--scheduled', '14'];

t.test('DATABASE_URL without --yes: refused before connecting', async (t) => {
  // Nothing listens on port 1: reaching the network would be a DatabaseUnreachableError, not a UsageError.
  const env = { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', SECRET_KEY: TEST_SECRET_KEY, DB_CONNECT_RETRY_SECONDS: '0', LOG_LEVEL: 'silent' };
  await t.rejects(seedCommand([], env), UsageError, 'refused');
  await t.rejects(seedCommand([], env), /add --yes to confirm/);
  await t.rejects(seedCommand(['--reset'], env), /--reset on DATABASE_URL deletes every queued/);
  await t.rejects(seedCommand(['--inventree-functions'], env), /add --yes/);
});

t.test('demo function paths do not exist in InvenTree (embedded database)', async (t) => {
  const database = await createTestDatabase();
  t.teardown(() => database.close());
  const db = database.db;
  await seed(db, { counts: { pending: 10, failed: 10, success: 10, scheduled: 14 }, secretKey: TEST_SECRET_KEY, clusterName: CLUSTER });
  const funcs = await allFunctions(db);
  t.ok(funcs.length >= 10 + 10 + 10 + 14, `${funcs.length} function paths`);
  t.same(
    funcs.filter((f) => !f.startsWith(DEMO_FUNCTION_PREFIX)),
    [],
    `every one under ${DEMO_FUNCTION_PREFIX}`,
  );
  t.equal(DEMO_FUNCTION_PREFIX, 'bgtasks_demo.');
});

/** Every function path written: task rows, schedules and the pickled callables of pending payloads. */
async function allFunctions(db: Parameters<typeof seed>[0]): Promise<string[]> {
  const tasks = await db.selectFrom('django_q_task').select('func').execute();
  const schedules = await db.selectFrom('django_q_schedule').select('func').execute();
  const pending = await db.selectFrom('django_q_ormq').select('payload').execute();
  const pendingFuncs = pending.map((r) => {
    const decoded = decodeTaskPayload(r.payload, { keys: [TEST_SECRET_KEY], salt: CLUSTER, verify: true });
    return decoded.ok ? String(decoded.task.func) : `undecodable: ${r.payload.slice(0, 20)}`;
  });
  return [...tasks.map((r) => r.func), ...schedules.map((r) => r.func), ...pendingFuncs];
}

const unreachable = await postgresReachable();
t.test('a real PostgreSQL database', { skip: unreachable ?? false }, async (t) => {
  const { schema, drop } = await createSchema();
  t.teardown(drop);
  const url = new URL(POSTGRES_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const env = { DATABASE_URL: url.toString(), SECRET_KEY: TEST_SECRET_KEY, Q_CLUSTER_NAME: CLUSTER, DB_STATEMENT_TIMEOUT_MS: '0', LOG_LEVEL: 'silent' };
  const handle = openPostgres({ url: POSTGRES_URL, schema, poolMax: 1 });
  t.teardown(() => handle.close());
  const db = handle.db;
  const counts = async () =>
    (
      await sql<{ n: string }>`SELECT (SELECT count(*) FROM django_q_ormq) + (SELECT count(*) FROM django_q_task) + (SELECT count(*) FROM django_q_schedule) AS n`.execute(db)
    ).rows[0]?.n;

  t.equal(await quiet(() => seedCommand([...SMALL, '--yes'], env)), 0, 'a plain django-q database: seeded with --yes');
  t.same((await allFunctions(db)).filter((f) => !f.startsWith(DEMO_FUNCTION_PREFIX)), [], 'demo function paths');

  await sql`CREATE TABLE part_part (id serial PRIMARY KEY)`.execute(db);
  const before = await counts();
  await t.rejects(seedCommand([...SMALL, '--yes'], env), /holds InvenTree's own tables \(part_part\)/, 'InvenTree tables: refused even with --yes');
  await t.rejects(seedCommand([...SMALL, '--yes', '--reset'], env), /--i-know-a-live-cluster-will-run-these/, 'and with --reset');
  t.equal(await counts(), before, 'nothing written or deleted');

  t.equal(
    await quiet(() => seedCommand(['--pending', '1', '--failed', '0', '--success', '0', '--scheduled', '0', '--yes', '--i-know-a-live-cluster-will-run-these'], env)),
    0,
    'written when the operator says a live cluster will run them',
  );
  t.equal(
    await quiet(() => seedCommand([...SMALL, '--reset', '--yes', '--inventree-functions', '--i-know-a-live-cluster-will-run-these'], env)),
    0,
  );
  const real = await allFunctions(db);
  t.ok(real.includes('InvenTree.tasks.run_backup'), "--inventree-functions: InvenTree's real names");
  t.ok(real.includes('InvenTree.tasks.delete_successful_tasks'));
  t.same(real.filter((f) => f.startsWith(DEMO_FUNCTION_PREFIX)), []);
});
