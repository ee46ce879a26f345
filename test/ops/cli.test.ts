/**
 * The real command line, spawned: `bgtasks --version`, `--help` (every
 * command, every environment variable), and `bgtasks serve` — one banner
 * with the password masked, JSON-only stdout without any credential in it,
 * the ops endpoints over real HTTP, and exit code 0 on SIGTERM.
 * On PostgreSQL (TEST_DATABASE_URL) it serves a schema of its own; otherwise
 * the embedded database in a temporary DATA_DIR.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { SETTINGS } from '../../src/config/env.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { createSchema } from './support.js';

t.setTimeout(300_000); // first start of the embedded database: initdb

const CLI = join(PROJECT_ROOT, 'src/cli.ts');
const version = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** The environment for the child: ours minus every setting, plus `env`. */
function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base = { ...process.env };
  for (const s of SETTINGS) delete base[s.env];
  return { ...base, ...env };
}

function bgtasks(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: PROJECT_ROOT, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
}

async function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = bgtasks(args);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => (stdout += d));
  child.stderr?.on('data', (d) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout, stderr };
}

t.test('bgtasks --version', async (t) => {
  const { code, stdout } = await run(['--version']);
  t.equal(code, 0);
  t.equal(stdout.trim(), version);
});

t.test('bgtasks --help: every command and every environment variable', async (t) => {
  const { code, stdout } = await run(['--help']);
  t.equal(code, 0);
  const commands = [...readFileSync(CLI, 'utf8').matchAll(/^\s+([\w-]+): \{ summary:/gm)].map((m) => m[1]!);
  t.ok(commands.includes('serve') && commands.includes('migrate'), `commands: ${commands.join(', ')}`);
  for (const command of commands) t.match(stdout, new RegExp(`^  ${command}\\s`, 'm'), `command ${command}`);
  for (const setting of SETTINGS) t.match(stdout, new RegExp(`^  ${setting.env}\\s`, 'm'), setting.env);
});

t.test('bgtasks serve: banner, ops endpoints, no secrets in the log, SIGTERM → exit 0', { timeout: 240_000 }, async (t) => {
  const PASSWORD = 'banner-password-must-be-masked';
  const TOKEN = 'Token cli-token-that-must-not-be-logged';
  const COOKIE = 'sessionid=cli-session-that-must-not-be-logged';
  const env: Record<string, string> = { HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'debug', METRICS_TOKEN: 'cli-metrics-token' };
  let databaseKind: string;
  if (process.env.TEST_DATABASE_URL) {
    const { schema, drop } = await createSchema(process.env.TEST_DATABASE_URL);
    t.teardown(drop);
    const url = new URL(process.env.TEST_DATABASE_URL);
    url.password = PASSWORD; // the test server trusts local connections; the banner must hide it anyway
    url.searchParams.set('options', `-c search_path=${schema}`);
    env.DATABASE_URL = url.toString();
    env.DB_STATEMENT_TIMEOUT_MS = '0';
    databaseKind = 'PostgreSQL';
  } else {
    const dataDir = mkdtempSync(join(tmpdir(), 'bgtasks-cli-'));
    t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
    env.DATA_DIR = dataDir;
    env.ADMIN_PASSWORD = PASSWORD;
    databaseKind = 'PGlite';
  }

  const child = bgtasks(['serve'], env);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => (stdout += d));
  child.stderr?.on('data', (d) => (stderr += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  t.teardown(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });

  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner within 120 s; stderr: ${stderr}`)), 120_000);
    const look = () => {
      const m = /listening on (http:\/\/[^\s]+)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stderr?.on('data', look);
    child.on('exit', () => reject(new Error(`serve exited early; stderr: ${stderr}`)));
  });

  t.match(base, /^http:\/\/127\.0\.0\.1:\d+$/, 'the real port, not 0');
  const banner = stderr.slice(stderr.indexOf('background-task-api'));
  t.match(banner, `background-task-api ${version} listening on ${base}`);
  t.match(banner, new RegExp(`database:\\s+.*${databaseKind}`));
  t.match(banner, /API_COMPAT=schema/);
  t.match(banner, `docs:      ${base}/api/docs/`);
  if (env.DATABASE_URL) {
    t.notMatch(stderr, PASSWORD, 'password masked');
    t.match(banner, /postgres:\/\/postgres:\*\*\*\*@/);
  }
  t.equal(stderr.match(/listening on/g)?.length, 1, 'one banner');
  t.notMatch(stdout, /background-task-api \S+ listening on/, 'no banner on stdout');
  t.comment(banner.split('\n').slice(0, 5).join('\n'));

  const healthz = await fetch(`${base}/healthz`);
  t.equal(healthz.status, 200);
  t.equal(healthz.headers.get('content-type'), 'application/health+json; charset=utf-8');
  t.match(healthz.headers.get('x-request-id'), /^[0-9a-f-]{36}$/);
  const readyz = await fetch(`${base}/readyz`);
  t.equal(readyz.status, 200, await readyz.clone().text());
  t.equal((await fetch(`${base}/metrics`)).status, 401);
  const metrics = await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer cli-metrics-token' } });
  t.equal(metrics.status, 200);
  t.match(await metrics.text(), /^django_q_database_up 1$/m);
  t.equal((await fetch(`${base}/api/schema/`)).status, 200);
  t.equal((await fetch(`${base}/api/docs/`)).status, 200);
  const api = await fetch(`${base}/api/background-task/`, { headers: { authorization: TOKEN, cookie: COOKIE } });
  t.equal(api.status, 401);
  // The embedded database's first start created `admin` with ADMIN_PASSWORD;
  // a PostgreSQL schema of the test's own has no users at all.
  const basic = await fetch(`${base}/api/background-task/failed/`, {
    headers: { authorization: `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}` },
  });
  const basicStatus = env.DATABASE_URL ? 401 : 200;
  t.equal(basic.status, basicStatus);

  child.kill('SIGTERM');
  const { code, signal } = await exited;
  t.equal(code, 0, 'exit code 0');
  t.equal(signal, null);

  const lines = stdout.split('\n').filter(Boolean);
  const bad = lines.filter((l) => {
    try {
      JSON.parse(l);
      return false;
    } catch {
      return true;
    }
  });
  t.same(bad, [], 'stdout is JSON lines only');
  // Every request above, in order, as pino logged it: one `incoming request`
  // and one `request completed` line per request id, with its method, URL
  // and status (the docs page's own asset requests aside).
  type Entry = { msg?: string; reqId?: string; level?: number; time?: number; req?: { method: string; url: string }; res?: { statusCode: number } };
  const entries = lines.map((l) => JSON.parse(l) as Entry);
  const incoming = new Map(entries.filter((e) => e.msg === 'incoming request').map((e) => [e.reqId, `${e.req?.method} ${e.req?.url}`]));
  const answered = entries
    .filter((e) => e.msg === 'request completed')
    .map((e) => `${incoming.get(e.reqId)} ${e.res?.statusCode}`)
    .filter((line) => !line.includes(' /api/docs/static/'));
  t.same(answered, [
    'GET /healthz 200',
    'GET /readyz 200',
    'GET /metrics 401',
    'GET /metrics 200',
    'GET /api/schema/ 200',
    'GET /api/docs/ 200',
    'GET /api/background-task/ 401',
    `GET /api/background-task/failed/ ${basicStatus}`,
  ]);
  t.ok(entries.every((e) => typeof e.level === 'number' && typeof e.time === 'number'), 'every line has a level and a time');
  t.match(stdout, /"msg":"shutting down"/);
  for (const secret of ['cli-token-that-must-not-be-logged', 'cli-session-that-must-not-be-logged', 'cli-metrics-token', PASSWORD])
    t.notMatch(stdout, secret, `${secret} not logged`);
  t.notMatch(stderr.replace(/^.*ADMIN_PASSWORD.*$/gm, ''), 'cli-token-that-must-not-be-logged');
});
