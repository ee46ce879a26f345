/**
 * Opens the database: a `pg` pool when a URL is given, otherwise embedded
 * PGlite (real Postgres in WASM) through its own node-postgres adapter, so both
 * return identical JS types (int8 and numeric as strings, timestamptz as Date)
 * and run through Kysely's built-in PostgresDialect.
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { AUTH_POOL_MAX, PGLITE_STREAM_SLOTS, POOL_WAIT_MS, Slots, setDatabasePolicy, streamSlotsFor } from './pool.js';
import type { Database } from './schema.js';

export type DatabaseKind = 'postgres' | 'pglite';

export interface DatabaseHandle {
  db: Kysely<Database>;
  /** Authentication's own small pool on PostgreSQL (the same as `db` on PGlite); see pool.ts. */
  authDb: Kysely<Database>;
  kind: DatabaseKind;
  /** For logs and banners: the URL with its password masked, or the data directory. */
  description: string;
  /** Destroys the pool, then closes PGlite. Safe to call twice. */
  close(): Promise<void>;
}

export interface PostgresOptions {
  url: string;
  /** Sets search_path on every connection (tests use a schema per suite). */
  schema?: string;
  poolMax?: number;
  statementTimeoutMs?: number;
  applicationName?: string;
  /** How long a query waits for a pooled connection before failing (503). */
  poolWaitMs?: number;
}

export interface PgliteOptions {
  /** Directory for the data files; omitted → in memory. */
  dataDir?: string;
  /** A dumped data directory (tar) to start from, e.g. the test template. */
  loadDataDir?: Blob;
  /** How long a query waits for the one connection before failing (503). */
  poolWaitMs?: number;
}

/** `postgres://user:secret@host/db` → `postgres://user:****@host/db`. */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '****';
    return u.toString();
  } catch {
    return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:****@');
  }
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function openPostgres(options: PostgresOptions): DatabaseHandle {
  // Keep any `options` the URL carries (e.g. `?options=-c search_path=x`):
  // an explicit `options` would replace them.
  // pg lets a URL's `?options=` override the `options` passed beside it, which
  // would silently drop statement_timeout: move the URL's options over and
  // merge them with ours instead.
  const settings: string[] = [];
  let connectionString = options.url;
  try {
    const url = new URL(options.url);
    const fromUrl = url.searchParams.get('options');
    if (fromUrl) {
      settings.push(fromUrl);
      url.searchParams.delete('options');
      connectionString = url.toString();
    }
  } catch {
    // not a WHATWG-parsable URL: pg parses it as it is
  }
  if (options.schema) settings.push(`-c search_path=${quoteIdent(options.schema)}`);
  if (options.statementTimeoutMs) settings.push(`-c statement_timeout=${Math.floor(options.statementTimeoutMs)}`);
  const poolWaitMs = options.poolWaitMs ?? POOL_WAIT_MS;
  const makePool = (max: number) => {
    const pool = new pg.Pool({
      connectionString,
      max,
      application_name: options.applicationName ?? 'background-task-api',
      ...(settings.length ? { options: settings.join(' ') } : {}),
      // Also bounds the wait for a free pooled connection: a starved pool
      // answers 503 instead of queueing requests forever.
      connectionTimeoutMillis: poolWaitMs,
      idleTimeoutMillis: 30_000,
    });
    // A client losing its server must not crash the process: pg emits 'error'
    // on idle clients (through the pool) and on checked-out ones (on the client
    // itself); the query in flight, or the next one, reports the failure.
    pool.on('error', () => {});
    pool.on('connect', (client) => {
      client.on('error', () => {});
    });
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  };
  const poolMax = options.poolMax ?? 10;
  const db = makePool(poolMax);
  const authDb = makePool(AUTH_POOL_MAX);
  setDatabasePolicy(db, { authDb, cursorMode: 'transaction', streams: new Slots(streamSlotsFor(poolMax), poolWaitMs) });
  let closed = false;
  return {
    db,
    authDb,
    kind: 'postgres',
    description: maskUrl(options.url),
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([db.destroy(), authDb.destroy()]);
    },
  };
}

export async function openPglite(options: PgliteOptions = {}): Promise<DatabaseHandle> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const pglite = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  // PGlite is one connection: the adapter's pool (poolSize 1) serialises
  // queries, which also keeps transactions correct under concurrency. Its
  // wait for that connection is bounded like PostgreSQL's.
  const poolWaitMs = options.poolWaitMs ?? POOL_WAIT_MS;
  const pool = new pg.Pool(Object.assign(createPgConfig(pglite), { connectionTimeoutMillis: poolWaitMs }) as pg.PoolConfig);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  setDatabasePolicy(db, { cursorMode: 'hold', streams: new Slots(PGLITE_STREAM_SLOTS, poolWaitMs) });
  let closed = false;
  return {
    db,
    authDb: db,
    kind: 'pglite',
    description: options.dataDir ? `embedded PGlite (${options.dataDir})` : 'embedded PGlite (in memory)',
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy(); // does not close PGlite itself
      await pglite.close();
    },
  };
}
