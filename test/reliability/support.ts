/**
 * Helpers of the reliability suites: the suite's own database (a schema of
 * its own on TEST_DATABASE_URL, with a unique application_name so
 * pg_stat_activity shows exactly our sessions; else embedded PGlite), a real
 * listening server, raw sockets, and requests with a hang guard.
 */
import { existsSync, readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { type Kysely, sql } from 'kysely';
import type { Config } from '../../src/config/env.js';
import { type DatabaseHandle, openPglite, openPostgres } from '../../src/db/connect.js';
import type { Database } from '../../src/db/schema.js';
import { buildApp } from '../../src/app.js';
import { testConfig } from '../helpers/config.js';
import { createMigratedSchema, createTestDatabase, PGLITE_TEMPLATE } from '../helpers/database.js';
import { insertTask } from '../helpers/rows.js';
import { staffAuthorization } from '../helpers/users.js';

export interface SuiteDatabase {
  handle: DatabaseHandle;
  kind: 'postgres' | 'pglite';
  /** Our sessions on the server, by state (PostgreSQL only; [] on PGlite). */
  sessions(): Promise<{ pid: number; state: string | null; query: string }[]>;
  /** An admin connection outside the app's pools (PostgreSQL only). */
  admin?: Kysely<Database>;
  url?: string;
  schema?: string;
  applicationName?: string;
  close(): Promise<void>;
}

export async function openSuiteDatabase(options: { poolMax?: number; statementTimeoutMs?: number; poolWaitMs?: number } = {}): Promise<SuiteDatabase> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const handle =
      options.poolWaitMs !== undefined && existsSync(PGLITE_TEMPLATE)
        ? await openPglite({ loadDataDir: new Blob([readFileSync(PGLITE_TEMPLATE)]), poolWaitMs: options.poolWaitMs })
        : await createTestDatabase();
    return { handle, kind: 'pglite', sessions: async () => [], close: () => handle.close() };
  }
  const { schema, drop } = await createMigratedSchema(url, 't_rel_');
  const applicationName = `bgtasks-test-${schema}`;
  const adminHandle = openPostgres({ url, poolMax: 2, applicationName: `${applicationName}-admin` });
  const handle = openPostgres({
    url,
    schema,
    applicationName,
    poolMax: options.poolMax ?? 4,
    statementTimeoutMs: options.statementTimeoutMs ?? 5000,
    ...(options.poolWaitMs !== undefined ? { poolWaitMs: options.poolWaitMs } : {}),
  });
  return {
    handle,
    kind: 'postgres',
    admin: adminHandle.db,
    url,
    schema,
    applicationName,
    async sessions() {
      const { rows } = await sql<{ pid: number; state: string | null; query: string }>`
        SELECT pid, state, query FROM pg_stat_activity WHERE application_name = ${applicationName}`.execute(adminHandle.db);
      return rows;
    },
    async close() {
      await handle.close();
      await adminHandle.close();
      await drop();
    },
  };
}

export interface RunningApp {
  app: FastifyInstance;
  port: number;
  authorization: string;
  close(): Promise<void>;
}

/** The real application listening on 127.0.0.1 (a random port). */
export async function listenApp(database: SuiteDatabase, overrides: Partial<Config> = {}, authorization?: string): Promise<RunningApp> {
  const config = testConfig({ countsTtlSeconds: 0, ...overrides });
  const app = await buildApp({ config, db: database.handle.db, logger: false, databaseKind: database.kind });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as { port: number }).port;
  return {
    app,
    port,
    authorization: authorization ?? (await staffAuthorization(database.handle.db)),
    async close() {
      app.server.closeAllConnections();
      await app.close();
    },
  };
}

/** `count` failed tasks of about `bytes` each (a long traceback), copied in SQL from one real row. */
export async function seedLargeFailures(db: Kysely<Database>, count: number, bytes = 4000): Promise<void> {
  const message = `boom ${'x'.repeat(bytes)}`;
  const { id } = await insertTask(db, { error: message, func: 'part.tasks.check_stock' });
  await sql`
    INSERT INTO django_q_task (id, name, func, hook, args, kwargs, result, "group", started, stopped, success, attempt_count, cluster)
    SELECT md5(${id} || g::text), name || '-' || g::text, func, hook, args, kwargs, result, "group", started, stopped, success, attempt_count, cluster
    FROM django_q_task, generate_series(2, ${count}) AS g WHERE id = ${id}`.execute(db);
}

/** A raw socket that sends one GET and reads nothing unless told to. */
export function rawGet(port: number, path: string, authorization: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: ${authorization}\r\n\r\n`);
      resolve(socket);
    });
    socket.on('error', () => {});
    socket.once('error', reject);
  });
}

/** Resolves when the socket has received at least one byte. */
export function firstBytes(socket: Socket): Promise<void> {
  return new Promise((resolve) => socket.once('data', () => resolve()));
}

/** Resolves true when the server closes the socket within `ms`, false otherwise. */
export function closedWithin(socket: Socket, ms: number): Promise<boolean> {
  if (socket.destroyed) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export interface Answer {
  status: number | 'hang';
  body: string;
  contentType?: string;
}

/** `inject` with a hang guard: 'hang' when no answer arrives within `ms`. */
export async function within(app: FastifyInstance, options: InjectOptions | string, ms = 15_000): Promise<Answer> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<Answer>((resolve) => {
    timer = setTimeout(() => resolve({ status: 'hang', body: '' }), ms);
  });
  const answer = app.inject(options).then((res) => ({
    status: res.statusCode,
    body: res.body,
    contentType: res.headers['content-type'] as string | undefined,
  }));
  try {
    return await Promise.race([answer, hang]);
  } finally {
    clearTimeout(timer);
  }
}

export { eventually } from '../helpers/eventually.js';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const UNAVAILABLE = { detail: 'The database is unavailable. Please try again later.' };
