/**
 * The `bgtasks` command line as users meet it: help, version, bad input and
 * an unusable database all end in one clear line and exit code 1, never a
 * stack trace.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import t from 'tap';
import { openPostgres } from '../../src/db/connect.js';
import { PROJECT_ROOT } from '../../src/paths.js';

function bgtasks(args: string[], env: Record<string, string> = {}) {
  const res = spawnSync(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'src/cli.ts'), ...args], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

const noStack = (t: { notMatch: typeof import('tap')['default']['notMatch'] }, text: string) =>
  t.notMatch(text, /\n\s+at .+:\d+:\d+/, 'no stack trace');

t.test('help and version', async (t) => {
  const help = bgtasks(['--help']);
  t.equal(help.code, 0);
  for (const word of ['serve', 'migrate', 'seed', 'user', 'token', 'DATABASE_URL', 'SECRET_KEY', 'API_COMPAT', 'TIME_ZONE', 'Q_CLUSTER_NAME'])
    t.match(help.stdout, word);
  for (const command of ['serve', 'migrate', 'seed']) {
    const res = bgtasks([command, '--help']);
    t.equal(res.code, 0, `${command} --help`);
    t.match(res.stdout, `Usage: bgtasks ${command}`);
  }
  t.match(bgtasks(['--version']).stdout, /^\d+\.\d+\.\d+\n$/);
});

t.test('bad input: one line, exit 1', async (t) => {
  const unknown = bgtasks(['frobnicate']);
  t.equal(unknown.code, 1);
  t.equal(unknown.stderr, 'bgtasks: unknown command "frobnicate". Run `bgtasks --help`.\n');
  const badEnv = bgtasks(['serve'], { PORT: 'eighty', API_COMPAT: 'django', DATABASE_URL: 'mysql://x' });
  t.equal(badEnv.code, 1);
  t.equal(badEnv.stderr.trim().split('\n').length, 1, 'one line');
  t.match(badEnv.stderr, /^bgtasks: invalid configuration: DATABASE_URL must start with postgres:\/\/.*; PORT must be a whole number, got "eighty"; API_COMPAT must be one of schema, inventree, got "django"\n$/);
  noStack(t, badEnv.stderr);
  const badFlag = bgtasks(['migrate', '--frob']);
  t.equal(badFlag.code, 1);
  t.match(badFlag.stderr, /^bgtasks: Unknown option '--frob'/);
});

t.test('an unreachable database: retries for DB_CONNECT_RETRY_SECONDS, then names it (password masked)', async (t) => {
  const res = bgtasks(['serve'], { DATABASE_URL: 'postgres://reader:hunter2@127.0.0.1:1/inventree', DB_CONNECT_RETRY_SECONDS: '1' });
  t.equal(res.code, 1);
  t.match(res.stderr, /not reachable \(attempt 1/);
  t.match(res.stderr, /bgtasks: cannot connect to postgres:\/\/reader:\*{4}@127\.0\.0\.1:1\/inventree/);
  t.notMatch(res.stderr, /hunter2/, 'the password never appears');
  noStack(t, res.stderr);
});

t.test('serve on DATABASE_URL only checks the schema; migrate creates what is missing', { skip: process.env.TEST_DATABASE_URL ? false : 'needs TEST_DATABASE_URL (a real PostgreSQL server)' }, async (t) => {
  const base = process.env.TEST_DATABASE_URL!;
  const schema = `cli_${process.pid}`;
  const admin = openPostgres({ url: base, poolMax: 1 });
  await sql`CREATE SCHEMA ${sql.id(schema)}`.execute(admin.db);
  t.teardown(async () => {
    await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(admin.db);
    await admin.close();
  });
  const url = `${base}${base.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  const serve = bgtasks(['serve', '--port', '0'], { DATABASE_URL: url });
  t.equal(serve.code, 1);
  t.match(serve.stderr, /the database lacks what this service reads: django_q_task \(missing table; expected as created by django-q2 1\.6\.2's migrations \(InvenTree 0\.15\.x\)\).*For a database of its own, run `bgtasks migrate`/);
  const tables = async () =>
    (await sql<{ n: string }>`SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = ${schema}`.execute(admin.db)).rows[0]!.n;
  t.equal(await tables(), '0', 'serve created nothing');
  const first = bgtasks(['migrate'], { DATABASE_URL: url });
  t.equal(first.code, 0);
  t.match(first.stdout, /^created: django_q_task, django_q_ormq, django_q_schedule, auth_user, users_apitoken, django_session/);
  t.equal(await tables(), '6');
  const again = bgtasks(['migrate'], { DATABASE_URL: url });
  t.equal(again.stdout, 'nothing to create: all tables exist\n', 'idempotent');
  await sql`ALTER TABLE ${sql.id(schema, 'django_q_task')} DROP COLUMN attempt_count`.execute(admin.db);
  const old = bgtasks(['migrate'], { DATABASE_URL: url });
  t.equal(old.code, 1);
  t.match(old.stderr, /django_q_task \(missing columns: attempt_count; expected as created by django-q2 1\.6\.2's migrations/);
  const cols = await sql<{ n: string }>`SELECT count(*) AS n FROM information_schema.columns WHERE table_schema = ${schema} AND table_name = 'django_q_task'`.execute(admin.db);
  t.equal(cols.rows[0]!.n, '12', 'an existing table is never altered');
});

t.test('seed writes demo data into the embedded database', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'bgtasks-cli-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  const res = bgtasks(['seed', '--pending', '5', '--failed', '7', '--success', '4', '--scheduled', '3'], { DATA_DIR: dataDir });
  t.equal(res.code, 0, res.stderr);
  t.match(res.stdout, /^seeded 5 pending \(1 of them retries of failed tasks\), 7 failed, 4 successful tasks and 3 schedules into embedded PGlite/);
  const bad = bgtasks(['seed', '--pending', 'many'], { DATA_DIR: dataDir });
  t.equal(bad.code, 1);
  t.match(bad.stderr, /--pending takes a whole number/);
});
