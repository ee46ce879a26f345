/**
 * Issue #12 item 11, through the real command: `bgtasks serve` on a fresh
 * DATA_DIR under umask 022 with stderr not a terminal —
 *   DATA_DIR and the embedded database 0700, the secret key 0600;
 *   the generated admin password and token never on the stream, but in a
 *   0600 file in DATA_DIR that the stream names (and the token works);
 *   every API answer with X-Content-Type-Options: nosniff and
 *   Cache-Control: no-store, over a real socket.
 * Also: ADMIN_TOKEN must be a token InvenTree would accept, and an operator
 * at a terminal still sees the generated credentials once.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { ADMIN_CREDENTIALS_FILE, announceCreatedAdmin } from '../../src/auth/admin.js';
import { ConfigError, loadConfig, SETTINGS } from '../../src/config/env.js';
import { embeddedSecretKey } from '../../src/config/secret-key.js';
import { PROJECT_ROOT } from '../../src/paths.js';

const mode = (path: string) => statSync(path).mode & 0o777;

t.test('bgtasks serve, first start, no terminal', { timeout: 240_000 }, async (t) => {
  const parent = mkdtempSync(join(tmpdir(), 'bgtasks-first-start-'));
  t.teardown(() => rmSync(parent, { recursive: true, force: true }));
  const dataDir = join(parent, 'data');
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const s of SETTINGS) delete env[s.env];
  Object.assign(env, { DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn' });
  const umask = process.umask(0o022); // the child inherits it
  const child = spawn(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'src/cli.ts'), 'serve', '--no-demo'], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  process.umask(umask);
  t.teardown(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.resume();
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner within 200 s: ${stderr}`)), 200_000);
    child.stderr.on('data', () => {
      const m = /listening on (http:\/\/\S+)/.exec(stderr);
      if (m && /Created staff user/.test(stderr)) {
        clearTimeout(timer);
        resolve(m[1] as string);
      }
    });
    child.on('exit', () => reject(new Error(`serve exited: ${stderr}`)));
  });

  t.equal(mode(dataDir), 0o700, 'DATA_DIR 0700');
  t.equal(mode(join(dataDir, 'pglite')), 0o700, 'the embedded database 0700');
  t.equal(mode(join(dataDir, 'secret_key')), 0o600, 'the secret key 0600');

  const file = join(dataDir, ADMIN_CREDENTIALS_FILE);
  t.equal(mode(file), 0o600, 'the credentials file 0600');
  const content = readFileSync(file, 'utf8');
  const password = /password: (\S+)/.exec(content)?.[1];
  const token = /token: +(\S+)/.exec(content)?.[1];
  t.ok(password && token, 'password and token in the file');
  t.match(token, /^inv-[0-9a-f]{40}-\d{8}$/);
  t.notMatch(stderr, password as string, 'the password is not on the stream');
  t.notMatch(stderr, token as string, 'nor the token');
  t.match(stderr, `they are in ${file}`, 'the stream says where they are');

  const res = await fetch(`${base}/api/background-task/`, { headers: { authorization: `Token ${token}` } });
  t.equal(res.status, 200, 'the token from the file works');
  t.equal(res.headers.get('x-content-type-options'), 'nosniff');
  t.equal(res.headers.get('cache-control'), 'no-store');
  await res.arrayBuffer();
  for (const [path, authorization] of [
    ['/api/background-task/', undefined],
    ['/api/background-task/failed/?limit=1', `Token ${token}`],
    ['/api/no-such-thing/', `Token ${token}`],
  ] as const) {
    const r = await fetch(`${base}${path}`, authorization ? { headers: { authorization } } : {});
    t.equal(r.headers.get('x-content-type-options'), 'nosniff', `${path} ${r.status}: nosniff`);
    t.equal(r.headers.get('cache-control'), 'no-store', `${path} ${r.status}: no-store`);
    await r.arrayBuffer();
  }
  const health = await fetch(`${base}/healthz`);
  t.equal(health.headers.get('x-content-type-options'), 'nosniff', '/healthz: nosniff');
  await health.arrayBuffer();

  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGTERM');
  await exited;
});

t.test('an existing secret key file with loose modes is tightened', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bgtasks-key-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  chmodSync(dir, 0o755);
  writeFileSync(join(dir, 'secret_key'), 'k'.repeat(50), { mode: 0o644 });
  chmodSync(join(dir, 'secret_key'), 0o644);
  t.equal(embeddedSecretKey(dir), 'k'.repeat(50));
  t.equal(mode(join(dir, 'secret_key')), 0o600);
  t.equal(mode(dir), 0o700);
});

t.test('at a terminal the generated credentials are shown once; given ones never', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bgtasks-announce-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const admin = { created: true, username: 'admin', password: 'generated-pw', token: 'inv-tok', generated: { password: true, token: true } };
  let out = '';
  announceCreatedAdmin(admin, { dataDir: dir, tty: true, origin: 'http://x', write: (s) => (out += s) });
  t.match(out, /password: generated-pw/);
  t.match(out, /token: +inv-tok/);
  out = '';
  announceCreatedAdmin({ ...admin, generated: { password: false, token: false } }, { dataDir: dir, tty: false, origin: 'http://x', write: (s) => (out += s) });
  t.equal(out, '\nCreated staff user "admin" (ADMIN_PASSWORD and ADMIN_TOKEN as configured).\n');
  out = '';
  announceCreatedAdmin({ ...admin, generated: { password: false, token: true } }, { dataDir: dir, tty: true, origin: 'http://x', write: (s) => (out += s) });
  t.notMatch(out, 'generated-pw', 'a configured password is not repeated');
  t.match(out, /token: +inv-tok/);
});

t.test('ADMIN_TOKEN must be a token InvenTree accepts', async (t) => {
  const good = `inv-${'0123456789abcdef0123456789abcdef01234567'}-20250102`;
  t.equal(good.length, 53);
  t.equal(loadConfig({ ADMIN_TOKEN: good }).adminToken, good);
  t.equal(loadConfig({ ADMIN_TOKEN: 'x'.repeat(50) }).adminToken, 'x'.repeat(50), '50 characters (MinLengthValidator(50))');
  t.equal(loadConfig({ ADMIN_TOKEN: 'x'.repeat(100) }).adminToken, 'x'.repeat(100), '100 characters (max_length=100)');
  for (const bad of ['short-secret-token', 'x'.repeat(49), 'x'.repeat(101), `${good.slice(0, 30)} ${good.slice(31)}`, `${good}\u00e9`]) {
    let message = '';
    try {
      loadConfig({ ADMIN_TOKEN: bad });
    } catch (err) {
      t.ok(err instanceof ConfigError);
      message = (err as Error).message;
    }
    t.match(message, /ADMIN_TOKEN must be an InvenTree API token/, `refused: ${bad.length} characters`);
    t.notMatch(message, bad, 'the value is not echoed');
  }
});
