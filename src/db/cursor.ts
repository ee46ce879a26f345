/**
 * Streams a query's rows through a PostgreSQL cursor, so an unpaginated list
 * of a million rows is never held in memory. Plain SQL, so pg and PGlite
 * behave alike; how the cursor holds its rows follows the database's policy
 * (pool.ts): inside a read-only transaction on PostgreSQL, WITH HOLD on
 * PGlite (its one connection is free between batches).
 *
 * `openCursor` resolves only after the first batch has been fetched: errors in
 * the query itself (a bad regular expression, a missing column) surface
 * before the caller commits to a 200 response.
 *
 * A cursor is released — transaction ended or cursor closed, connection and
 * stream slot returned — exactly once, whichever comes first: the last row
 * read, `close()` / the iterator's `return()` (even before the first
 * `next()`, which an async generator would ignore), or `signal` aborting
 * (the client went away, see stream-guard.ts).
 */
import { type Compilable, type Kysely, sql } from 'kysely';
import { databasePolicy } from './pool.js';
import type { Database } from './schema.js';

export const CURSOR_BATCH_ROWS = 1000;

export interface CursorOptions {
  /** Aborts when the rows are no longer wanted (the client disconnected). */
  signal?: AbortSignal;
  /** Called once the first batch is in hand (the response is about to start). */
  onOpen?: () => void;
  /** Called once when the cursor has been released. */
  onRelease?: () => void;
  /**
   * PostgreSQL ends our cursor transaction itself when it idles this long
   * (idle_in_transaction_session_timeout): a backstop should this process
   * fail to. 0 or absent: none.
   */
  idleInTransactionMs?: number;
  batchRows?: number;
}

export interface Cursor<R> extends AsyncIterable<R>, AsyncIterator<R> {
  /** Stops reading and releases everything; safe to call at any time, any number of times. */
  close(): Promise<void>;
}

interface Source<R> {
  fetch(): Promise<R[]>;
  end(): Promise<void>;
}

let cursorSeq = 0;

async function transactionSource<R>(
  db: Kysely<Database>,
  query: Compilable<R>,
  batchRows: number,
  idleInTransactionMs: number,
): Promise<Source<R>> {
  const trx = await db.startTransaction().setAccessMode('read only').execute();
  const end = async () => {
    // Rolling back a read-only transaction ends it (and the cursor) as
    // cheaply as a commit; Kysely releases the connection even if it fails.
    await trx
      .rollback()
      .execute()
      .catch(() => {});
  };
  try {
    if (idleInTransactionMs > 0)
      await sql`SET LOCAL idle_in_transaction_session_timeout = ${sql.raw(String(Math.floor(idleInTransactionMs)))}`.execute(trx);
    await sql`DECLARE bgtasks_rows NO SCROLL CURSOR FOR ${query}`.execute(trx);
  } catch (err) {
    await end();
    throw err;
  }
  return {
    fetch: async () => (await sql<R>`FETCH ${sql.raw(String(batchRows))} FROM bgtasks_rows`.execute(trx)).rows,
    end,
  };
}

async function holdSource<R>(db: Kysely<Database>, query: Compilable<R>, batchRows: number): Promise<Source<R>> {
  const name = sql.raw(`bgtasks_rows_${++cursorSeq}`);
  // Outside a transaction block: the result is materialized when DECLARE's
  // implicit transaction commits, and the cursor lives on in the session.
  await sql`DECLARE ${name} NO SCROLL CURSOR WITH HOLD FOR ${query}`.execute(db);
  return {
    fetch: async () => (await sql<R>`FETCH ${sql.raw(String(batchRows))} FROM ${name}`.execute(db)).rows,
    end: async () => {
      await sql`CLOSE ${name}`.execute(db).catch(() => {});
    },
  };
}

class RowCursor<R> implements Cursor<R> {
  private rows: R[] = [];
  private index = 0;
  /** The database has no more rows (the source is released). */
  private exhausted = false;
  /** close() was called: yield nothing more. */
  private cancelled = false;
  private released?: Promise<void>;
  private fetching?: Promise<unknown>;
  private readonly onAbort = () => void this.close();

  constructor(
    private readonly source: Source<R> | undefined,
    private readonly batchRows: number,
    private readonly releaseSlot: () => void,
    private readonly options: CursorOptions,
  ) {
    if (!source) {
      this.exhausted = true;
      this.cancelled = true;
      this.released = Promise.resolve();
      releaseSlot();
      options.onRelease?.();
      return;
    }
    options.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** Fetches the next batch; the source is released when it comes back short. */
  async load(): Promise<void> {
    if (!this.source || this.cancelled || this.exhausted) return;
    const fetching = this.source.fetch();
    this.fetching = fetching.catch(() => {});
    let rows: R[];
    try {
      rows = await fetching;
    } catch (err) {
      await this.close();
      throw err;
    } finally {
      this.fetching = undefined;
    }
    if (this.cancelled) return;
    this.rows = rows;
    this.index = 0;
    if (rows.length < this.batchRows) {
      this.exhausted = true;
      await this.release();
    }
  }

  async next(): Promise<IteratorResult<R>> {
    for (;;) {
      if (this.cancelled) return { done: true, value: undefined };
      if (this.index < this.rows.length) return { done: false, value: this.rows[this.index++] as R };
      if (this.exhausted) return { done: true, value: undefined };
      try {
        await this.load();
      } catch (err) {
        if (this.cancelled && this.options.signal?.aborted) return { done: true, value: undefined };
        throw err;
      }
    }
  }

  async return(): Promise<IteratorResult<R>> {
    await this.close();
    return { done: true, value: undefined };
  }

  async close(): Promise<void> {
    this.cancelled = true;
    this.rows = [];
    await this.release();
  }

  private release(): Promise<void> {
    this.released ??= (async () => {
      this.options.signal?.removeEventListener('abort', this.onAbort);
      try {
        // A FETCH in flight finishes first: one statement at a time per connection.
        await this.fetching;
        await this.source?.end();
      } finally {
        this.releaseSlot();
        this.options.onRelease?.();
      }
    })();
    return this.released;
  }
}

export async function openCursor<R>(db: Kysely<Database>, query: Compilable<R>, options: CursorOptions = {}): Promise<Cursor<R>> {
  const batchRows = options.batchRows ?? CURSOR_BATCH_ROWS;
  const policy = databasePolicy(db);
  const none = () => {};
  const releaseSlot = policy ? await policy.streams.acquire(options.signal) : none;
  // The client left while this stream waited: take nothing.
  if (!releaseSlot || options.signal?.aborted) return new RowCursor<R>(undefined, batchRows, releaseSlot ?? none, options);
  let source: Source<R>;
  try {
    source =
      policy?.cursorMode === 'hold'
        ? await holdSource(db, query, batchRows)
        : await transactionSource(db, query, batchRows, options.idleInTransactionMs ?? 0);
  } catch (err) {
    releaseSlot();
    throw err;
  }
  const cursor = new RowCursor<R>(source, batchRows, releaseSlot, options);
  if (options.signal?.aborted) {
    await cursor.close(); // the client left while the cursor was being declared
    return cursor;
  }
  await cursor.load();
  options.onOpen?.();
  return cursor;
}
