/**
 * Streams a query's rows through a PostgreSQL cursor (DECLARE/FETCH inside a
 * read-only transaction), so an unpaginated list of a million rows is never
 * held in memory. Works the same on pg and PGlite because it is plain SQL.
 *
 * `openCursor` resolves only after the first batch has been fetched: errors in
 * the query itself (a bad regular expression, a missing column) surface
 * before the caller commits to a 200 response.
 */
import { type Compilable, type Kysely, sql } from 'kysely';
import type { Database } from './schema.js';

export const CURSOR_BATCH_ROWS = 1000;

interface Batch<R> {
  rows: R[];
  done: boolean;
}

export async function openCursor<R>(
  db: Kysely<Database>,
  query: Compilable<R>,
  batchRows = CURSOR_BATCH_ROWS,
): Promise<AsyncIterable<R>> {
  // A one-slot hand-off between the transaction (producer) and the consumer.
  let deliver!: (batch: Batch<R>) => void;
  let fail!: (err: unknown) => void;
  let nextBatch = new Promise<Batch<R>>((resolve, reject) => {
    deliver = resolve;
    fail = reject;
  });
  let wantMore: (() => void) | undefined;
  let stopped = false;

  const producer = db
    .transaction()
    .setAccessMode('read only')
    .execute(async (trx) => {
      await sql`DECLARE bgtasks_rows NO SCROLL CURSOR FOR ${query}`.execute(trx);
      for (;;) {
        const { rows } = await sql<R>`FETCH ${sql.raw(String(batchRows))} FROM bgtasks_rows`.execute(trx);
        const done = rows.length < batchRows;
        const wait = done ? undefined : new Promise<void>((resolve) => (wantMore = resolve));
        deliver({ rows, done });
        if (done || !wait) return;
        await wait;
        if (stopped) return; // consumer went away: end the transaction
      }
    })
    .catch((err: unknown) => fail(err));

  const first = await nextBatch;

  async function* iterate(): AsyncGenerator<R> {
    let batch = first;
    try {
      for (;;) {
        yield* batch.rows;
        if (batch.done) return;
        nextBatch = new Promise<Batch<R>>((resolve, reject) => {
          deliver = resolve;
          fail = reject;
        });
        const pending = nextBatch;
        wantMore?.();
        batch = await pending;
      }
    } finally {
      if (!batch.done) {
        stopped = true;
        wantMore?.();
      }
      await producer;
    }
  }
  return iterate();
}
