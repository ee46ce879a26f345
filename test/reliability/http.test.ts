/**
 * Hostile HTTP on a real socket: slowloris headers, oversized and malformed
 * bodies, malformed and oversized URLs and request lines. Every exchange ends
 * in an answer below 500 (or the server closing a request it cannot parse) —
 * never a 5xx, never a hang — while other clients keep being served, and no
 * database connection is left behind.
 */
import { connect, type Socket } from 'node:net';
import t, { type Test } from 'tap';
import { eventually, listenApp, openSuiteDatabase, sleep, within } from './support.js';

const database = await openSuiteDatabase({ poolMax: 4 });
t.teardown(() => database.close());
const server = await listenApp(database);
t.teardown(() => server.close());
const { port, authorization } = server;

interface Exchange {
  /** Status of the first response, 'closed' when the server closed without one, 'hang' on no end. */
  status: number | 'closed' | 'hang';
  head: string;
  body: string;
}

/** Sends raw bytes, then reads until the server closes or goes quiet after a complete answer. */
function exchange(bytes: string | Buffer, ms = 10_000): Promise<Exchange> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    const finish = (hang = false) => {
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const match = /^HTTP\/1\.1 (\d{3})/.exec(text);
      const [head = '', body = ''] = text.split('\r\n\r\n', 2);
      resolve({ status: match ? Number(match[1]) : hang ? 'hang' : 'closed', head, body });
    };
    const timer = setTimeout(() => finish(chunks.length === 0), ms);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      const text = Buffer.concat(chunks).toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      const length = /\r\ncontent-length: (\d+)/i.exec(text);
      if (end >= 0 && length && text.length - end - 4 >= Number(length[1])) finish();
    });
    socket.on('error', () => {});
    socket.on('close', () => finish());
  });
}

const request = (method: string, target: string, extra = '', body = '') =>
  `${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${authorization}\r\nConnection: close\r\n${extra}${body ? `Content-Length: ${Buffer.byteLength(body)}\r\n` : ''}\r\n${body}`;

function assertSane(t: Test, what: string, answer: Exchange) {
  t.not(answer.status, 'hang', `${what}: no hang`);
  if (typeof answer.status === 'number') {
    t.ok(answer.status < 500, `${what}: ${answer.status}, not a 5xx`);
    // An answer from the application (not Node's parser) is JSON.
    if (/\r\ncontent-type:/i.test(answer.head) && answer.status !== 431) t.match(answer.head, /\r\ncontent-type: application\/(json|health\+json)/i, `${what}: JSON`);
  }
}


t.test('oversized and malformed bodies', async (t) => {
  const PENDING = '/api/background-task/pending/';
  const json = 'Content-Type: application/json\r\n';
  const cases: [string, string | Buffer, number | undefined][] = [
    ['2 MiB JSON body', request('DELETE', PENDING, json, JSON.stringify({ items: Array.from({ length: 300_000 }, (_, i) => i) })), 413],
    ['truncated JSON', request('DELETE', PENDING, json, '{"items": [1, 2'), 400],
    ['JSON of the wrong shape', request('DELETE', PENDING, json, '[[[[[[[[[[]]]]]]]]]]'), 400],
    ['deeply nested JSON', request('DELETE', PENDING, json, `${'['.repeat(100_000)}${']'.repeat(100_000)}`), 400],
    ['invalid UTF-8 in JSON', request('DELETE', PENDING, json, Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]).toString('latin1')), 400],
    ['form body with 50,000 keys', request('DELETE', PENDING, 'Content-Type: application/x-www-form-urlencoded\r\n', Array.from({ length: 50_000 }, (_, i) => `items=${i}x`).join('&')), 400],
    ['unknown content type', request('DELETE', PENDING, 'Content-Type: application/x-evil\r\n', 'x'), 415],
    ['Content-Length larger than the body', `DELETE ${PENDING} HTTP/1.1\r\nHost: x\r\nAuthorization: ${authorization}\r\nContent-Type: application/json\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{}`, undefined],
    ['Content-Length and chunked together', `DELETE ${PENDING} HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`, 400],
    ['broken chunked encoding', `DELETE ${PENDING} HTTP/1.1\r\nHost: x\r\nAuthorization: ${authorization}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nxx\r\n`, 400],
    ['negative Content-Length', `DELETE ${PENDING} HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n`, 400],
  ];
  for (const [what, bytes, expected] of cases) {
    const answer = await exchange(bytes, 5000);
    if (what === 'Content-Length larger than the body') {
      // The server waits for the rest of the body until requestTimeout; the client gave up.
      t.ok(answer.status === 'hang' || (typeof answer.status === 'number' && answer.status < 500), `${what}: ${answer.status}`);
      continue;
    }
    assertSane(t, what, answer);
    if (expected !== undefined) t.equal(answer.status, expected, what);
  }
});

t.test('malformed and oversized URLs and request lines', async (t) => {
  const L = '/api/background-task/failed/';
  const targets = [
    `${L}?search=%E0%A4%A`,
    `${L}?search=%`,
    `${L}?search=%00%00&limit=%FF`,
    `${L}?limit=99999999999999999999999999&offset=-5`,
    `${L}?ordering=${'-'.repeat(5000)}`,
    `${L}?search_regex=1&search=(((`,
    `${L}?${'a=1&'.repeat(3000)}`,
    `${L}%2e%2e/%2e%2e/etc/passwd`,
    '/api/background-task/%C0%AE%C0%AE/',
    '/api/background-task/pending/?limit=1&limit=2&limit=x',
    `/api/${'x/'.repeat(2000)}`,
    `${L}?search=${'a'.repeat(20_000)}`,
    '/api/background-task/\u00ff\u00fe',
    '*',
    'http://evil.example/api/background-task/',
  ];
  for (const target of targets) assertSane(t, target.slice(0, 60), await exchange(request('GET', target)));
  const long = await exchange(request('GET', `${L}?search=${'a'.repeat(70_000)}`));
  t.equal(long.status, 431, 'a URL beyond the header limit: 431 from Node');
  for (const line of ['BREW /api/background-task/ HTTP/1.1', 'GET /api/background-task/ HTTP/9.9', 'GET', 'GET /api/background-task/ HTTP/1.1 extra', '\u0000\u0001\u0002']) {
    assertSane(t, JSON.stringify(line), await exchange(`${line}\r\nHost: x\r\nConnection: close\r\n\r\n`));
  }
  for (const header of ['Authorization: Token \u0000abc', 'Authorization: Basic !!!!', `Authorization: Basic ${Buffer.from(`${'u'.repeat(5000)}:x`).toString('base64')}`, `Cookie: sessionid=${'x'.repeat(8000)}`, 'X-Forwarded-For: ::::::']) {
    assertSane(t, header.slice(0, 40), await exchange(`GET /api/background-task/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${header}\r\n\r\n`));
  }
});

t.test('slowloris: 150 connections trickling headers do not starve anyone', async (t) => {
  t.ok(server.app.server.requestTimeout > 0 && server.app.server.headersTimeout > 0, 'the server bounds how long a request may take to arrive');
  const sockets: Socket[] = [];
  for (let i = 0; i < 150; i++) {
    const s = connect(port, '127.0.0.1');
    s.on('error', () => {});
    s.write('GET /api/background-task/ HTTP/1.1\r\nHost: x\r\n');
    sockets.push(s);
  }
  const trickle = setInterval(() => {
    for (const s of sockets) s.write('X-a: b\r\n');
  }, 100);
  try {
    await sleep(500);
    for (let i = 0; i < 5; i++) {
      const answer = await exchange(request('GET', '/api/background-task/failed/?limit=2'), 10_000);
      t.equal(answer.status, 200, 'a normal client is served meanwhile');
      await sleep(100);
    }
    t.equal((await exchange('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).status, 200);
  } finally {
    clearInterval(trickle);
    for (const s of sockets) s.destroy();
  }
  const connections = () => new Promise<number>((resolve) => server.app.server.getConnections((_e, n) => resolve(n)));
  t.ok(await eventually(async () => (await connections()) === 0, 5000), 'every connection is gone');
});

t.test('nothing leaked', async (t) => {
  t.same(
    (await database.sessions()).filter((s) => s.state === 'idle in transaction'),
    [],
  );
  const answers = await Promise.all(Array.from({ length: 8 }, () => within(server.app, { url: '/api/background-task/', headers: { authorization } })));
  t.same(
    answers.map((a) => a.status),
    Array(8).fill(200),
    'the pool serves as many requests as before',
  );
});
