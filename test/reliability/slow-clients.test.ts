/**
 * Clients that stop reading or go away in the middle of a streamed
 * (unpaginated) list: their cursor, transaction and connection are released
 * at once on disconnect and after STREAM_IDLE_SECONDS without a read, and
 * while they stall, other requests (authentication included) are served.
 * Afterwards PostgreSQL shows no session of ours idle in transaction. Runs
 * on the suite's database (PGlite, or TEST_DATABASE_URL).
 */
import t from 'tap';
import { closedWithin, eventually, firstBytes, listenApp, openSuiteDatabase, rawGet, seedLargeFailures, sleep, within } from './support.js';

const database = await openSuiteDatabase({ poolMax: 4 });
t.teardown(() => database.close());
// About 9 MB of JSON: far more than the socket and stream buffers between
// the cursor and a client that reads nothing, so the cursor stays open.
const ROWS = 700;
await seedLargeFailures(database.handle.db, ROWS, 4000);

const LIST = '/api/background-task/failed/';
const noIdleInTransaction = async () => (await database.sessions()).every((s) => s.state !== 'idle in transaction');

let fullLength = 0;

t.test('clients that abort after 50 ms, before any byte, release their connections at once', async (t) => {
  const server = await listenApp(database);
  t.teardown(() => server.close());
  const headers = { authorization: server.authorization };
  const sockets = await Promise.all(Array.from({ length: 20 }, () => rawGet(server.port, LIST, server.authorization)));
  await sleep(50);
  for (const socket of sockets) socket.destroy();
  const page = await within(server.app, { url: `${LIST}?limit=1`, headers });
  t.equal(page.status, 200, 'a paginated request answers after 20 aborted requests');
  t.equal((await within(server.app, { url: '/api/background-task/', headers })).status, 200, 'the overview answers');
  t.ok(await eventually(noIdleInTransaction, 5000), 'no session of ours idle in transaction');
  const again = await within(server.app, { url: `${LIST}?limit=1`, headers });
  t.equal(again.status, 200, 'and keeps answering');
});

t.test('clients that abort after the first bytes release their connections at once', async (t) => {
  const server = await listenApp(database);
  t.teardown(() => server.close());
  const headers = { authorization: server.authorization };
  const sockets = await Promise.all(Array.from({ length: 20 }, () => rawGet(server.port, LIST, server.authorization)));
  await Promise.all(
    sockets.map(async (socket) => {
      await firstBytes(socket);
      socket.destroy();
    }),
  );
  const page = await within(server.app, { url: `${LIST}?limit=1`, headers });
  t.equal(page.status, 200, 'a paginated request answers after 20 aborted streams');
  const overview = await within(server.app, { url: '/api/background-task/', headers });
  t.equal(overview.status, 200, 'the overview answers');
  t.ok(await eventually(noIdleInTransaction, 5000), 'no session of ours idle in transaction');
  const full = await within(server.app, { url: LIST, headers }, 60_000);
  t.equal(full.status, 200, 'a full streamed list still works');
  t.equal(JSON.parse(full.body).length, ROWS);
  fullLength = Buffer.byteLength(full.body);
});

t.test('sockets that never read do not starve other requests', async (t) => {
  const server = await listenApp(database); // STREAM_IDLE_SECONDS at its default (30)
  t.teardown(() => server.close());
  const headers = { authorization: server.authorization };
  const sockets = await Promise.all(Array.from({ length: 8 }, () => rawGet(server.port, LIST, server.authorization)));
  t.teardown(() => {
    for (const s of sockets) s.destroy();
  });
  if (database.kind === 'postgres') {
    // Wait until the streams have started and stalled (a loaded machine takes a while), then count.
    const heldNow = async () => (await database.sessions()).filter((s) => s.state === 'idle in transaction').length;
    // Never more than half the pool of 4, sampled while they stall (a stream whose rows all fit in
    // the socket buffers may finish, and release, meanwhile).
    let most = 0;
    t.ok(
      await eventually(async () => {
        most = Math.max(most, await heldNow());
        return most >= 1;
      }, 15_000),
      'the stalled streams hold their transactions',
    );
    for (let i = 0; i < 5; i++) {
      most = Math.max(most, await heldNow());
      await sleep(100);
    }
    t.ok(most <= 2, `stalled streams hold at most half the pool of 4 (at most ${most} seen)`);
  } else {
    await sleep(1000); // the streams have started and stalled
  }
  const overview = await within(server.app, { url: '/api/background-task/', headers });
  t.equal(overview.status, 200, 'the overview answers while 8 clients stall');
  const page = await within(server.app, { url: `${LIST}?limit=1`, headers });
  t.equal(page.status, 200, 'a paginated list answers while 8 clients stall');
  const wrong = await within(server.app, { url: '/api/background-task/', headers: { authorization: 'Token wrong' } });
  t.equal(wrong.status, 401, 'authentication is decided while 8 clients stall');
  for (const s of sockets) s.destroy();
  t.ok(await eventually(noIdleInTransaction, 5000), 'disconnecting released every transaction');
  t.equal((await within(server.app, { url: `${LIST}?limit=1`, headers })).status, 200);
});

t.test('STREAM_IDLE_SECONDS: a client that reads nothing is cut off and its cursor released', async (t) => {
  const server = await listenApp(database, { streamIdleSeconds: 1 } as never);
  t.teardown(() => server.close());
  const headers = { authorization: server.authorization };
  const sockets = await Promise.all(Array.from({ length: 3 }, () => rawGet(server.port, LIST, server.authorization)));
  t.teardown(() => {
    for (const s of sockets) s.destroy();
  });
  const connections = () =>
    new Promise<number>((resolve) => server.app.server.getConnections((_err, count) => resolve(count)));
  t.ok(await eventually(async () => (await connections()) === 0, 15_000), 'the server closed every idle stream');
  // Reading now, each client gets what was already sent, then the end: a truncated list.
  const got = sockets.map(() => 0);
  sockets.forEach((s, i) => {
    s.on('data', (chunk: Buffer) => {
      got[i]! += chunk.length;
    });
  });
  const closed = await Promise.all(sockets.map((s) => closedWithin(s, 15_000)));
  t.same(closed, [true, true, true], 'each client sees its connection end');
  t.ok(got.every((n) => n < fullLength), `each got a truncated body (${got.join(', ')} of ${fullLength} bytes)`);
  t.ok(await eventually(noIdleInTransaction, 5000), 'no session of ours idle in transaction');
  t.equal((await within(server.app, { url: `${LIST}?limit=1`, headers })).status, 200);

  // A client that reads, however slowly, keeps its stream.
  const reader = await rawGet(server.port, LIST, server.authorization);
  let received = 0;
  reader.on('data', (chunk: Buffer) => {
    received += chunk.length;
  });
  await eventually(async () => received > fullLength, 60_000);
  t.ok(received > fullLength, `a reading client gets the whole list (${received} bytes with the head)`);
  reader.destroy();
});
