/**
 * What a database handle needs beyond pg's own pool, kept beside each Kysely
 * instance so callers keep passing a plain `Kysely<Database>`:
 *
 * - authentication gets a small pool of its own on PostgreSQL, so token and
 *   password lookups never queue behind list queries or stalled streams;
 * - streamed cursors are limited to some of the pool's connections (the rest
 *   stay free for everything else), and a stream waits a bounded time for
 *   one of those slots, like any query waits a bounded time for a connection;
 * - how a cursor holds its rows: inside a transaction on PostgreSQL; WITH
 *   HOLD (materialized, no transaction left open) on PGlite, whose single
 *   connection would otherwise be held by one stream for as long as its
 *   client takes to read.
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/** How long a request waits for a pooled connection or a stream slot before a 503. */
export const POOL_WAIT_MS = 10_000;
/** Connections of the authentication pool (PostgreSQL). */
export const AUTH_POOL_MAX = 2;
/** Concurrent materialized cursors on PGlite (each holds its result in PGlite's memory). */
export const PGLITE_STREAM_SLOTS = 4;

/** Streams a pool of `poolMax` connections may hold at once: half, at least one. */
export const streamSlotsFor = (poolMax: number) => Math.max(1, Math.ceil(poolMax / 2));

/**
 * No connection or stream slot came free in time. Carries PostgreSQL's
 * too_many_connections code, which the error handler answers with the
 * documented 503.
 */
export class PoolBusyError extends Error {
  override name = 'PoolBusyError';
  readonly code = '53300';
  constructor(what: string) {
    super(`timeout exceeded when trying to connect: ${what}`);
  }
}

/** A counting semaphore whose waiters give up after `waitMs` or when their signal aborts. */
export class Slots {
  private active = 0;
  private readonly waiting = new Set<() => void>();

  constructor(
    readonly size: number,
    readonly waitMs: number,
  ) {}

  get inUse(): number {
    return this.active;
  }

  /**
   * Resolves with a release function, or undefined when `signal` aborted
   * first; rejects with PoolBusyError after `waitMs`.
   */
  acquire(signal?: AbortSignal): Promise<(() => void) | undefined> {
    if (signal?.aborted) return Promise.resolve(undefined);
    if (this.active < this.size) {
      this.active++;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      const settle = () => {
        this.waiting.delete(grant);
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const grant = () => {
        settle();
        this.active++;
        resolve(this.releaser());
      };
      const onAbort = () => {
        settle();
        resolve(undefined);
      };
      const timer = setTimeout(() => {
        settle();
        reject(new PoolBusyError('every streaming slot is busy'));
      }, this.waitMs);
      timer.unref?.();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.add(grant);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      const next = this.waiting.values().next();
      if (!next.done) next.value();
    };
  }
}

export interface DatabasePolicy {
  /** Authentication's own pool (PostgreSQL); absent: the main one. */
  authDb?: Kysely<Database>;
  /** `transaction`: DECLARE inside a read-only transaction; `hold`: DECLARE … WITH HOLD, no transaction kept open. */
  cursorMode: 'transaction' | 'hold';
  streams: Slots;
}

const policies = new WeakMap<Kysely<Database>, DatabasePolicy>();

export function setDatabasePolicy(db: Kysely<Database>, policy: DatabasePolicy): void {
  policies.set(db, policy);
}

export function databasePolicy(db: Kysely<Database>): DatabasePolicy | undefined {
  return policies.get(db);
}

/** The Kysely instance authentication should use for `db`. */
export function authDatabase(db: Kysely<Database>): Kysely<Database> {
  return policies.get(db)?.authDb ?? db;
}
