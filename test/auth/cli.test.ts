/**
 * `bgtasks user` / `bgtasks token` and the first-start admin, on the
 * embedded database (a fresh DATA_DIR) — and, when TEST_DATABASE_URL is set,
 * on PostgreSQL too — ending with the created credentials working against
 * the real app.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { PGlite } from '@electric-sql/pglite';
import t from 'tap';
import { ensureAdmin } from '../../src/auth/index.js';
import { closeHashWorker } from '../../src/auth/hash-worker.js';
import { checkPassword } from '../../src/auth/password-hashers.js';
import { UsageError } from '../../src/cli/args.js';
import { run as token } from '../../src/cli/token.js';
import { run as user } from '../../src/cli/user.js';
import { openPglite } from '../../src/db/connect.js';
import { createTestApp } from '../helpers/app.js';
import { testConfig } from '../helpers/config.js';
import { createTestDatabase, PGLITE_TEMPLATE, type TestDatabase } from '../helpers/database.js';
import { basicHeader } from './fixtures.js';

t.teardown(closeHashWorker);

/** Runs a command, capturing what it prints. */
async function cli(command: typeof user, argv: string[], env: NodeJS.ProcessEnv, stdin?: string) {
  let stdout = '';
  let stderr = '';
  const log = console.log;
  const write = process.stderr.write.bind(process.stderr);
  const stdinDescriptor = Object.getOwnPropertyDescriptor(process, 'stdin');
  console.log = (...args: unknown[]) => {
    stdout += `${args.join(' ')}\n`;
  };
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  if (stdin !== undefined) Object.defineProperty(process, 'stdin', { value: Readable.from([Buffer.from(stdin)]), configurable: true });
  try {
    const code = await command(argv, env);
    return { code, stdout, stderr };
  } finally {
    console.log = log;
    process.stderr.write = write;
    if (stdinDescriptor) Object.defineProperty(process, 'stdin', stdinDescriptor);
  }
}

interface Target {
  label: string;
  env: NodeJS.ProcessEnv;
  /** Opens the same database for the app (after the commands have closed it). */
  open(): Promise<TestDatabase>;
  cleanup(): Promise<void>;
}

async function pgliteTarget(): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'bgtasks-auth-cli-'));
  // Start DATA_DIR from the migrated template instead of paying initdb.
  if (existsSync(PGLITE_TEMPLATE)) {
    const seed = await PGlite.create({ dataDir: join(dir, 'pglite'), loadDataDir: new Blob([readFileSync(PGLITE_TEMPLATE)]) });
    await seed.close();
  }
  return {
    label: 'embedded',
    env: { DATA_DIR: dir, LOG_LEVEL: 'silent' },
    async open() {
      return { ...(await openPglite({ dataDir: join(dir, 'pglite') })), label: 'pglite' };
    },
    async cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgresTarget(): Promise<Target> {
  const database = await createTestDatabase();
  const url = `${database.url}${database.url?.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${database.schema}`)}`;
  return {
    label: 'postgres',
    // The statement timeout would replace the URL's options (search_path).
    env: { DATABASE_URL: url, DB_STATEMENT_TIMEOUT_MS: '0', LOG_LEVEL: 'silent' },
    async open() {
      return database;
    },
    async cleanup() {
      await database.close();
    },
  };
}

const targets = [pgliteTarget, ...(process.env.TEST_DATABASE_URL ? [postgresTarget] : [])];

for (const makeTarget of targets) {
  t.test(`commands (${makeTarget === pgliteTarget ? 'embedded database' : 'PostgreSQL'})`, async (t) => {
    const target = await makeTarget();
    t.teardown(() => target.cleanup());
    const { env } = target;

    const help = await cli(user, ['--help'], env);
    t.equal(help.code, 0);
    t.match(help.stdout, /bgtasks user create --username NAME/);
    t.match((await cli(token, ['--help'], env)).stdout, /bgtasks token create --user NAME/);
    await t.rejects(cli(user, ['create'], env), UsageError, 'create needs --username');
    await t.rejects(cli(user, ['create', '--username', 'a', '--password', 'x', '--password-stdin'], env), UsageError);
    await t.rejects(cli(user, ['frobnicate'], env), UsageError);
    await t.rejects(cli(token, ['create'], env), UsageError, 'create needs --user');
    await t.rejects(cli(token, ['create', '--user', 'x', '--expiry', '2024-02-30'], env), UsageError, 'a real date');
    await t.rejects(cli(token, ['revoke'], env), UsageError);

    const created = await cli(user, ['create', '--username', 'ops', '--password', 'pa ss:word', '--staff'], env);
    t.equal(created.code, 0, created.stderr);
    t.match(created.stdout, /^created user "ops" \(id \d+, staff\)\n$/);
    const viaStdin = await cli(user, ['create', '--username', 'reader', '--password-stdin'], env, 'from stdin\n');
    t.equal(viaStdin.code, 0, viaStdin.stderr);
    t.match(viaStdin.stderr, /without --staff this user cannot call/);
    t.equal((await cli(user, ['create', '--username', 'bot', '--staff'], env)).code, 0, 'a token-only user');
    const duplicate = await cli(user, ['create', '--username', 'ops', '--password', 'x'], env);
    t.equal(duplicate.code, 1);
    t.match(duplicate.stderr, /already exists/);
    await t.rejects(cli(user, ['create', '--username', 'bad name'], env), UsageError, 'Django username rules');

    const issued = await cli(token, ['create', '--user', 'ops', '--name', 'ci', '--expiry', '2099-12-31'], env);
    t.equal(issued.code, 0, issued.stderr);
    t.match(issued.stdout, /^inv-[0-9a-f]{40}-\d{8}\n$/, 'the key alone on stdout');
    t.match(issued.stderr, /valid through 2099-12-31/);
    const key = issued.stdout.trim();
    const botKey = (await cli(token, ['create', '--user', 'bot'], env)).stdout.trim();
    const doomed = (await cli(token, ['create', '--user', 'ops'], env)).stdout.trim();
    t.equal((await cli(token, ['create', '--user', 'nobody'], env)).code, 1, 'unknown user');
    t.equal((await cli(token, ['revoke', doomed], env)).code, 0);
    t.equal((await cli(token, ['revoke', 'no-such-key'], env)).code, 1);

    const listed = await cli(user, ['list'], env);
    t.equal(listed.code, 0);
    const lines = listed.stdout.trim().split('\n');
    t.match(lines[0], /^ID\s+USERNAME\s+FLAGS\s+PASSWORD\s+TOKENS$/);
    t.match(listed.stdout, /\bops\s+staff\s+yes\s+1\n/, 'the revoked token is not counted');
    t.match(listed.stdout, /\breader\s+-\s+yes\s+0\n/);
    t.match(listed.stdout, /\bbot\s+staff\s+no\s+1\n/);
    t.notMatch(listed.stdout, /pbkdf2|inv-/, 'no hashes or keys');

    const database = await target.open();
    const stored = await database.db.selectFrom('auth_user').select(['username', 'password']).orderBy('id').execute();
    t.match(stored.find((u) => u.username === 'ops')?.password, /^pbkdf2_sha256\$1000000\$[a-zA-Z0-9]{22}\$/, "Django 5.2's iteration count");
    t.ok(await checkPassword('from stdin', stored.find((u) => u.username === 'reader')?.password ?? ''), 'stdin password without its newline');
    t.match(stored.find((u) => u.username === 'bot')?.password, /^!/, 'unusable password');

    const { app } = await createTestApp(t, {}, database);
    const get = (authorization: string) => app.inject({ method: 'GET', url: '/api/background-task/', headers: { authorization } });
    t.equal((await get(`Token ${key}`)).statusCode, 200, 'the issued token works');
    t.equal((await get(`Token ${botKey}`)).statusCode, 200, "the token-only user's token works");
    t.equal((await get(`Token ${doomed}`)).body, '{"detail":"Token has been revoked"}');
    t.equal((await get(basicHeader('ops', 'pa ss:word'))).statusCode, 200, 'the password works');
    t.equal((await get(basicHeader('reader', 'from stdin'))).statusCode, 403, 'a non-staff user is refused');
    if (target.label === 'embedded') t.teardown(() => database.close());
  });
}

t.test('ensureAdmin: the first start of an empty database', async (t) => {
  const database = await createTestDatabase();
  t.teardown(() => database.close());
  const config = testConfig();
  const first = await ensureAdmin(database.db, config);
  t.equal(first.created, true);
  t.same(first.generated, { password: true, token: true }, 'both secrets generated');
  t.equal(first.username, 'admin');
  t.match(first.password, /^[a-zA-Z0-9]{24}$/);
  t.match(first.token, /^inv-[0-9a-f]{40}-\d{8}$/);
  const row = await database.db.selectFrom('auth_user').selectAll().where('username', '=', 'admin').executeTakeFirstOrThrow();
  t.equal(row.is_staff, true);
  t.equal(row.is_superuser, true);
  t.match(row.password, /^pbkdf2_sha256\$1000000\$/);
  t.same(await ensureAdmin(database.db, config), { created: false, username: 'admin' }, 'nothing on later starts');

  const { app } = await createTestApp(t, {}, database);
  t.equal((await app.inject({ url: '/api/background-task/', headers: { authorization: `Token ${first.token}` } })).statusCode, 200);
  t.equal((await app.inject({ url: '/api/background-task/', headers: { authorization: basicHeader('admin', first.password ?? '') } })).statusCode, 200);

  const other = await createTestDatabase();
  t.teardown(() => other.close());
  const given = await ensureAdmin(other.db, { ...config, adminUsername: 'root', adminPassword: 'given-password', adminToken: 'inv-given-token-0000000000000000000000000000000000' });
  t.same(given, {
    created: true,
    username: 'root',
    password: 'given-password',
    token: 'inv-given-token-0000000000000000000000000000000000',
    generated: { password: false, token: false },
  });
  t.ok(await checkPassword('given-password', (await other.db.selectFrom('auth_user').select('password').where('username', '=', 'root').executeTakeFirstOrThrow()).password));

  const third = await createTestDatabase();
  t.teardown(() => third.close());
  await third.db.insertInto('auth_user').values({ username: 'admin', password: '!', is_staff: false, is_superuser: false, is_active: true, first_name: '', last_name: '', email: '', date_joined: new Date(), last_login: null }).execute();
  const blocked = await ensureAdmin(third.db, config);
  t.equal(blocked.created, false);
  t.match(blocked.note, /exists without staff rights/);
});
