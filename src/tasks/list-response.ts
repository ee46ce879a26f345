/**
 * The shared shape of the three list endpoints: paginated
 * (`{count,next,previous,results}`) when `limit` is a positive integer,
 * otherwise every row, streamed from a cursor.
 */
import { type SelectQueryBuilder, sql } from 'kysely';
import type { StreamedArray } from '../../generated/operations.js';
import { openCursor } from '../db/cursor.js';
import type { Database } from '../db/schema.js';
import { streamGuard } from '../db/stream-guard.js';
import type { RequestContext } from '../http/context.js';
import { validationError } from '../http/errors.js';
import { pageLinks, pageRequest } from '../http/pagination.js';
import { rawQueryString, requestOrigin, requestPath } from '../http/request-url.js';
import { estimatedCount, isLargeTable, reconcileCount } from './counting.js';

export interface Paginated<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

export interface ListSpec<Row, Item> {
  // biome-ignore lint/suspicious/noExplicitAny: any table alias set
  rows: SelectQueryBuilder<Database, any, Row>;
  // biome-ignore lint/suspicious/noExplicitAny: any table alias set
  count: SelectQueryBuilder<Database, any, { count: string | number | bigint }>;
  render: (row: Row) => Item;
  /**
   * The paginated page, when it can be cheaper than `rows` + LIMIT/OFFSET:
   * the keys sorted and cut narrow, then only the page's rows read and
   * formatted. Must return exactly the rows, in the order, of
   * `rows.limit(limit).offset(offset)`.
   */
  // biome-ignore lint/suspicious/noExplicitAny: any table alias set
  page?: (limit: number, offset: number) => SelectQueryBuilder<Database, any, Row>;
  /**
   * The table the list reads: when the planner believes it holds
   * EXACT_COUNT_LIMIT rows or more, `count` may be a planner estimate
   * (counting.ts). Absent: always exact.
   */
  table?: keyof Database & string;
}

/** PostgreSQL's invalid_regular_expression: a client's `search_regex` term, not our fault. */
function rethrowBadRegex(err: unknown): never {
  const e = err as { code?: string; message?: string };
  if (e?.code === '2201B') throw validationError('search', `Invalid regular expression: ${e.message ?? ''}`.trim());
  throw err;
}

async function* mapRows<Row, Item>(rows: AsyncIterable<Row>, render: (row: Row) => Item): AsyncGenerator<Item> {
  for await (const row of rows) yield render(row);
}

export async function listResponse<Row, Item>(
  context: RequestContext,
  query: { limit?: string | string[]; offset?: string | string[] },
  spec: ListSpec<Row, Item>,
): Promise<{ status: 200; body: Paginated<Item> | StreamedArray<Item> }> {
  const page = pageRequest(query);
  try {
    if (!page) {
      const rows = await openCursor(context.readDb, spec.rows, streamGuard(context.request, context.config.streamIdleSeconds));
      return { status: 200, body: { kind: 'streamed-array', items: mapRows(rows, spec.render) } };
    }
    const exact = async () => Number((await spec.count.executeTakeFirstOrThrow()).count);
    // The counted rows as a plain SELECT 1 (no ORDER BY): what EXPLAIN
    // estimates, and what a capped COUNT reads. (A sorted query would not do:
    // a parallel Gather Merge reports only its workers' share of the rows.)
    const counted = spec.count.clearSelect().select(sql<number>`1`.as('one'));
    const cappedExact = async (cap: number) => {
      const capped = counted.limit(cap).as('capped');
      const row = await context.readDb.selectFrom(capped).select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow();
      return Number(row.count);
    };
    const large = spec.table !== undefined && (await isLargeTable(context.readDb, spec.table));
    const [total, rows] = await Promise.all([
      large ? estimatedCount(context.readDb, counted, cappedExact) : exact().then((count) => ({ count, estimated: false })),
      (spec.page ? spec.page(page.limit, page.offset) : spec.rows.limit(page.limit).offset(page.offset)).execute(),
    ]);
    const count = total.estimated ? reconcileCount(total.count, page.offset, page.limit, rows.length) : total.count;
    const base = `${requestOrigin(context.request, context.config.trustProxy)}${requestPath(context.request)}`;
    const links = pageLinks(page, count, base, rawQueryString(context.request));
    return {
      status: 200,
      body: { count, next: links.next, previous: links.previous, results: rows.map(spec.render) },
    };
  } catch (err) {
    rethrowBadRegex(err);
  }
}
