/**
 * Helpers of the ops suites: seeded queue rows with known figures, a query
 * counter, log capture, a TCP proxy that can "stop" a PostgreSQL server for
 * one pool only, and a migrated schema of our own on a real server.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';
import { Writable } from 'node:stream';
import { type Kysely, type KyselyPlugin, sql } from 'kysely';
import { type DatabaseHandle, openPostgres } from '../../src/db/connect.js';
import type { Database } from '../../src/db/schema.js';
import { createMigratedSchema } from '../helpers/database.js';

/** The machine's PostgreSQL for suites that need a real server even on a PGlite run. */
export const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export async function postgresReachable(url = POSTGRES_URL): Promise<string | undefined> {
  const probe = openPostgres({ url, poolMax: 1 });
  try {
    await sql`SELECT 1`.execute(probe.db);
    return undefined;
  } catch (err) {
    return `PostgreSQL at ${url} is not reachable (${(err as Error).message})`;
  } finally {
    await probe.close();
  }
}

/** A fresh schema on a real server, migrated; dropped by `drop()`. */
export function createSchema(url = POSTGRES_URL): Promise<{ schema: string; drop(): Promise<void> }> {
  return createMigratedSchema(url, 't_ops_');
}

export interface SeededQueue {
  waiting: number;
  locked: number;
  failed: number;
  succeeded: number;
  scheduled: number;
  /** Age of the oldest waiting row, in seconds, at seeding time. */
  oldestWaitingAgeSeconds: number;
  /** Unix seconds of the latest successful `stopped`. */
  lastSuccessSeconds: number;
  /** A marker stored in every args/kwargs/result column (must never reach a log). */
  payloadMarker: string;
  failedIds: string[];
}

const hex32 = () => randomBytes(16).toString('hex');

/** Known rows, timed with the database's clock. */
export async function seedQueue(db: Kysely<Database>): Promise<SeededQueue> {
  const marker = `PAYLOADMARKER${randomBytes(6).toString('hex').toUpperCase()}`;
  const { rows } = await sql<{ now: Date }>`SELECT now() AS now`.execute(db);
  const now = rows[0]!.now.getTime();
  const at = (seconds: number) => new Date(now + seconds * 1000);
  await db
    .insertInto('django_q_ormq')
    .values([
      { key: 'InvenTree', payload: `${marker}a`, lock: at(-300) },
      { key: 'InvenTree', payload: `${marker}b`, lock: at(-60) },
      { key: 'InvenTree', payload: `${marker}c`, lock: at(-1) },
      { key: 'InvenTree', payload: `${marker}d`, lock: at(3600) },
      { key: 'InvenTree', payload: `${marker}e`, lock: at(7200) },
    ])
    .execute();
  const lastSuccess = at(-90);
  const task = (success: boolean, started: Date, stopped: Date) => ({
    id: hex32(),
    name: `task-${hex32().slice(0, 8)}`,
    func: 'InvenTree.tasks.heartbeat',
    hook: null,
    args: marker,
    kwargs: marker,
    result: marker,
    group: null,
    started,
    stopped,
    success,
    attempt_count: 1,
    cluster: null,
  });
  const failed = [task(false, at(-4000), at(-3990)), task(false, at(-3000), at(-2990)), task(false, at(-200), at(-190))];
  await db
    .insertInto('django_q_task')
    .values([task(true, at(-3600), at(-3500)), task(true, at(-120), lastSuccess), ...failed])
    .execute();
  const schedule = (n: number) => ({
    name: `schedule-${n}`,
    func: 'InvenTree.tasks.heartbeat',
    hook: null,
    args: null,
    kwargs: null,
    schedule_type: 'I',
    repeats: -1,
    next_run: at(600),
    task: null,
    minutes: 5,
    cron: null,
    cluster: null,
    intended_date_kwarg: null,
  });
  await db.insertInto('django_q_schedule').values([schedule(1), schedule(2), schedule(3), schedule(4)]).execute();
  return {
    waiting: 3,
    locked: 2,
    failed: 3,
    succeeded: 2,
    scheduled: 4,
    oldestWaitingAgeSeconds: 300,
    lastSuccessSeconds: lastSuccess.getTime() / 1000,
    payloadMarker: marker,
    failedIds: failed.map((t) => t.id),
  };
}

/** Counts the statements a Kysely instance sends, by a predicate on their SQL text. */
export class QueryCounter implements KyselyPlugin {
  readonly statements: string[] = [];
  transformQuery: KyselyPlugin['transformQuery'] = (args) => {
    this.statements.push(JSON.stringify(args.node));
    return args.node;
  };
  transformResult: KyselyPlugin['transformResult'] = async (args) => args.result;
  count(pattern: RegExp): number {
    return this.statements.filter((s) => pattern.test(s)).length;
  }
}
/** The queue-counts statement (src/tasks/queue-counts.ts): counts over django_q_ormq. */
export const COUNT_QUERY = /count\(\*\)[^"]*FROM django_q_ormq/;

/** A Writable collecting log lines. */
export class LogCapture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
  lines(): Record<string, unknown>[] {
    return this.text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}

/** A TCP proxy in front of a server: `stop()` refuses and cuts every connection, `start()` serves again. */
export class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(): Promise<void> {
    const server = createServer((client) => {
      const upstream = tcpConnect(this.targetPort, this.targetHost);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => {});
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** Wraps a database handle to record when it was closed. */
export function recordingHandle(handle: DatabaseHandle, events: string[]): DatabaseHandle {
  return {
    ...handle,
    async close() {
      events.push('database closed');
    },
  };
}

export { eventually } from '../helpers/eventually.js';
