/**
 * Graceful shutdown through src/server.ts (the path SIGTERM takes), with a
 * request in flight: readiness fails first; the request finishes and its
 * query still runs; a request arriving meanwhile on an open connection gets
 * 503 with `Connection: close`; new connections are refused; the database
 * is closed last. And the grace period bounds a request that never ends.
 */
import { connect } from 'node:net';
import { sql } from 'kysely';
import t from 'tap';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { buildApp } from '../../src/app.js';
import { listen } from '../../src/server.js';
import { testConfig } from '../helpers/config.js';
import { createTestDatabase } from '../helpers/database.js';

const database = await createTestDatabase();
t.teardown(() => database.close());

/** A handle whose close() is recorded instead of closing the suite's database. */
const recording = (events: string[]): DatabaseHandle => ({
  ...database,
  async close() {
    events.push('database closed');
  },
});

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
}
const deferred = (): Deferred => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

async function startServer(graceSeconds: number, events: string[]) {
  const lifecycle = { shuttingDown: false };
  const app = await buildApp({ config: testConfig(), db: database.db, logger: false, lifecycle, databaseKind: database.kind });
  const entered = deferred();
  const release = deferred();
  app.get('/__test/slow', async () => {
    entered.resolve();
    await release.promise;
    events.push('slow request: querying');
    const { rows } = await sql<{ one: number }>`SELECT 1 AS one`.execute(database.db);
    events.push('slow request: answered');
    return { one: rows[0]?.one };
  });
  const server = await listen(app, [recording(events)], {
    host: '127.0.0.1',
    port: 0,
    graceSeconds,
    onShutdownStart: () => {
      lifecycle.shuttingDown = true;
      events.push('shutdown started');
    },
  });
  const port = (app.server.address() as { port: number }).port;
  return { app, server, port, lifecycle, entered, release };
}

/** A raw HTTP/1.1 connection: write requests, read everything until the server closes it. */
function rawConnection(port: number) {
  const socket = connect(port, '127.0.0.1');
  let data = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk) => (data += chunk));
  const ended = new Promise<string>((resolve) => socket.on('close', () => resolve(data)));
  socket.on('error', () => {});
  return {
    send: (path: string) => socket.write(`GET ${path} HTTP/1.1\r\nHost: test\r\n\r\n`),
    ended,
    get data() {
      return data;
    },
  };
}

const refused = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.on('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.on('error', () => resolve(true));
  });

t.test('SIGTERM path with a request in flight', async (t) => {
  const events: string[] = [];
  const { server, port, lifecycle, entered, release } = await startServer(10, events);
  const conn = rawConnection(port);
  conn.send('/__test/slow');
  await entered.promise;

  const started = Date.now();
  const done = server.shutdown('SIGTERM');
  t.equal(lifecycle.shuttingDown, true, 'readiness fails first');
  t.same(events, ['shutdown started'], 'nothing closed yet');

  // A second request pipelined on the busy connection, and a new connection.
  conn.send('/readyz');
  await new Promise((resolve) => setTimeout(resolve, 100));
  t.ok(await refused(port), 'new connections are refused');

  release.resolve();
  await done;
  await server.closed;
  const took = Date.now() - started;
  t.same(events, ['shutdown started', 'slow request: querying', 'slow request: answered', 'database closed'], 'database closed last');
  t.ok(took < 5000, `shut down in ${took} ms`);

  const text = await conn.ended;
  const responses = text.split(/(?=HTTP\/1\.1 )/);
  t.match(responses[0], /^HTTP\/1\.1 200 /, 'the in-flight request finished');
  t.match(responses[0], /\{"one":1\}/);
  t.match(responses[1], /^HTTP\/1\.1 503 /, 'the late request got 503');
  t.match(responses[1], /\r\nconnection: close\r\n/i, 'with Connection: close');
});

t.test('SHUTDOWN_GRACE_SECONDS bounds a request that never ends', async (t) => {
  const events: string[] = [];
  const { server, port, entered } = await startServer(1, events);
  const conn = rawConnection(port);
  conn.send('/__test/slow');
  await entered.promise;
  const started = Date.now();
  await server.shutdown('SIGTERM');
  const took = Date.now() - started;
  t.ok(took >= 900 && took < 4000, `closed after the 1 s grace (${took} ms)`);
  t.same(events, ['shutdown started', 'database closed']);
  t.equal(await conn.ended, '', 'the stuck connection was cut');
});
