/**
 * Logs, captured from the app's own logger configuration: JSON lines, a
 * request id per request (echoed; the client's only with TRUST_PROXY), no
 * credential and no task payload anywhere, one audit line per bulk DELETE.
 */
import t from 'tap';
import { buildApp } from '../../src/app.js';
import { loggerOptions, prettyLine, requestIdGenerator } from '../../src/ops/logging.js';
import { testConfig } from '../helpers/config.js';
import { createTestDatabase } from '../helpers/database.js';
import { createToken, createUser } from '../helpers/users.js';
import { LogCapture, seedQueue } from './support.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const database = await createTestDatabase();
t.teardown(() => database.close());
const capture = new LogCapture();
const config = testConfig({ logLevel: 'trace' });
const app = await buildApp({ config, db: database.db, logger: loggerOptions(config, { stream: capture }), databaseKind: database.kind });
// Test-only route: logs headers the way a careless handler might.
app.get('/__test/log-headers', async (request) => {
  request.log.info({ headers: request.headers }, 'headers');
  return {};
});
t.teardown(() => app.close());

const seeded = await seedQueue(database.db);
const user = await createUser(database.db, { isStaff: true, username: 'auditor' });
const token = await createToken(database.db, user.id);

t.test('credentials never reach the log', async (t) => {
  const secrets = {
    token,
    basicPassword: 'basic-password-that-must-not-leak',
    session: 'sessionvalue0123456789abcdefghij',
    csrf: 'csrfvalue0123456789',
    proxy: 'proxy-credential-value',
  };
  const basic = `Basic ${Buffer.from(`auditor:${secrets.basicPassword}`).toString('base64')}`;
  const cookie = `sessionid=${secrets.session}; csrftoken=${secrets.csrf}`;
  const calls = [
    { url: '/api/background-task/', headers: { authorization: `Token ${token}` } },
    { url: '/api/background-task/failed/', headers: { authorization: basic } },
    { url: '/api/background-task/pending/', headers: { cookie } },
    { url: '/__test/log-headers', headers: { authorization: `Token ${token}`, cookie, 'proxy-authorization': secrets.proxy } },
    { url: '/no/such/path', headers: { authorization: basic, cookie } },
  ];
  for (const call of calls) await app.inject(call);
  const text = capture.text;
  t.ok(text.length > 0, 'something was logged');
  for (const [name, secret] of Object.entries(secrets)) {
    t.notMatch(text, secret, `${name} absent`);
    t.notMatch(text, Buffer.from(secret).toString('base64'), `${name} absent in base64`);
  }
  t.notMatch(text, basic.slice(6), 'basic credentials absent');
  const logged = capture.lines().find((l) => l.msg === 'headers') as { headers: Record<string, string> };
  t.equal(logged.headers.authorization, '[redacted]');
  t.equal(logged.headers.cookie, '[redacted]');
  t.equal(logged.headers['proxy-authorization'], '[redacted]');
  t.equal(logged.headers.host, 'localhost:80', 'other headers kept');
  for (const line of text.split('\n').filter(Boolean)) t.doesNotThrow(() => JSON.parse(line), 'every line is JSON');
});

t.test('bulk DELETE: one info audit line; task payloads never logged', async (t) => {
  await app.inject({ url: '/api/background-task/failed/', headers: { authorization: `Token ${token}` } });
  await app.inject({ url: '/api/background-task/pending/', headers: { authorization: `Token ${token}` } });
  const from = capture.text.length;
  const res = await app.inject({
    method: 'DELETE',
    url: '/api/background-task/failed/',
    headers: { authorization: `Token ${token}` },
    payload: { items: seeded.failedIds.slice(0, 2) },
  });
  t.ok(res.statusCode < 300, `DELETE answered ${res.statusCode}`);
  const lines = capture.text
    .slice(from)
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const audit = lines.filter((l) => l.audit === 'bulk-delete');
  t.equal(audit.length, 1, 'one audit line');
  t.match(audit[0], {
    level: 30,
    user: 'auditor',
    endpoint: 'failed',
    selector: { items: seeded.failedIds.slice(0, 2), itemCount: 2 },
    deleted: 2,
    reqId: res.headers['x-request-id'],
  });
  t.notMatch(capture.text, seeded.payloadMarker, 'no args, kwargs, result or payload in any line');
});

t.test('request ids: one per request, echoed, in every line of it', async (t) => {
  const res = await app.inject({ url: '/healthz', headers: { 'x-request-id': 'client-chosen-id' } });
  const id = res.headers['x-request-id'] as string;
  t.match(id, UUID, 'a UUID, not the client value (TRUST_PROXY off)');
  const mine = capture.lines().filter((l) => l.reqId === id);
  t.same(
    mine.map((l) => l.msg),
    ['incoming request', 'request completed'],
    'request and response lines carry it',
  );
  const other = await app.inject('/healthz');
  t.not(other.headers['x-request-id'], id);
});

t.test('TRUST_PROXY: the client X-Request-Id is used when sane', async (t) => {
  const generate = requestIdGenerator(true);
  const req = (value?: string) => ({ headers: value === undefined ? {} : { 'x-request-id': value } }) as never;
  t.equal(generate(req('abc-123_Z.9')), 'abc-123_Z.9');
  t.match(generate(req('has space')), UUID);
  t.match(generate(req('line\nbreak')), UUID);
  t.match(generate(req('x'.repeat(129))), UUID);
  t.match(generate(req()), UUID);
  t.match(requestIdGenerator(false)(req('abc')), UUID);

  const trusted = await buildApp({ config: testConfig({ trustProxy: true }), db: database.db, logger: false, databaseKind: database.kind });
  t.teardown(() => trusted.close());
  t.equal((await trusted.inject({ url: '/healthz', headers: { 'x-request-id': 'edge-42' } })).headers['x-request-id'], 'edge-42');
});

t.test('LOG_LEVEL and the TTY format', async (t) => {
  const quiet = loggerOptions({ logLevel: 'warn' }, { stream: new LogCapture() }) as { level: string };
  t.equal(quiet.level, 'warn');
  const line = prettyLine(JSON.stringify({ level: 30, time: Date.UTC(2026, 0, 1, 12, 0, 1), pid: 1, hostname: 'h', reqId: 'r1', msg: 'hello', n: 2 }));
  t.equal(line, '12:00:01.000 INFO  [r1] hello  n=2');
  t.equal(prettyLine('not json'), 'not json');
  const tty = loggerOptions({ logLevel: 'info' }, { stream: new LogCapture(), isTTY: true }) as { stream: unknown };
  t.ok(tty.stream, 'pretty stream on a TTY');
});
