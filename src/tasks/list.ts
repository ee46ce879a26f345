/**
 * List endpoints as declarations, in the manner of a DRF ListAPIView: a
 * queryset (`from`), a serializer (`select` + `render`), ordering fields
 * and search column — and everything else here, once:
 *
 * - DRF's LimitOffsetPagination: paginated (`{count,next,previous,results}`)
 *   when `limit` is a positive integer, otherwise the bare array;
 * - the unpaginated array and large pages (over CURSOR_BATCH_ROWS rows)
 *   streamed from a cursor, so memory stays flat whatever the limit, in the
 *   same bytes as a page rendered at once;
 * - small pages of a sortable list read narrow: the keys sorted and cut,
 *   then only the page's rows read and formatted (sorting whole rows made
 *   PostgreSQL format every row's timestamps and, on deep offsets, spill
 *   wide rows to disk);
 * - counts exact, or planner estimates on large tables (count-estimates.ts);
 * - `ordering` (unknown fields dropped, the declared default otherwise, the
 *   key as final tie-breaker) and `search` on the declared column.
 *
 * A list without `ordering` ignores the `ordering` parameter and reads in
 * key order; a list without `search` ignores the search parameters — as
 * InvenTree's views without those filter backends do.
 */
import { type Expression, type Kysely, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import type { StreamedArray, StreamedPage } from '../../generated/operations.js';
import type { Config } from '../config/env.js';
import type { RequestContext } from '../context.js';
import { CURSOR_BATCH_ROWS, openCursor } from '../db/cursor.js';
import type { Database } from '../db/schema.js';
import { streamGuard } from '../db/stream-guard.js';
import { validationError } from '../http/errors.js';
import { type PageRequest, pageLinks, pageRequest } from '../http/pagination.js';
import { rawQueryString, requestOrigin, requestPath } from '../http/request-url.js';
import { estimatedCount, isLargeTable, reconcileCount } from './count-estimates.js';
import { orderBy } from './ordering.js';
import { type SearchQuery, searchConditions } from './search.js';

// biome-ignore lint/suspicious/noExplicitAny: any table alias set
type AnySelect<Row = any> = SelectQueryBuilder<Database, any, Row>;

export interface Paginated<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

export interface ListDeclaration<From extends AnySelect<object>, Row, Item> {
  /** The table whose size decides exact or estimated counts (count-estimates.ts). */
  table: keyof Database & string;
  /**
   * The queryset: FROM, the base condition, and joins that never change
   * which rows or how many (a LEFT JOIN on a primary key) — counts use it too.
   */
  from: (db: Kysely<Database>) => From;
  /** The key column ("t.id"): ordering tie-breaker and narrow-page join. */
  key: string;
  /** The columns, formatted as the API sends them (timestamps depend on API_COMPAT). */
  select: (from: From, config: Config) => AnySelect<Row>;
  /** DRF's `ordering_fields` (API name → column) and the model's Meta.ordering. */
  ordering?: { fields: Record<string, string>; default: Array<{ field: string; descending: boolean }> };
  /** The column `search` terms match (InvenTree's `search_fields`). */
  search?: string;
  /** Conditions from other query parameters (django-filter's filterset: the task filters), AND-ed with search. */
  filters?: (config: Config, query: Record<string, string | string[] | undefined>) => Expression<SqlBool>[];
  /**
   * The serializer: a row as the API sends it. Built once per request (it may
   * depend on the config and keys, or read what every row needs first, such
   * as the paused schedules).
   */
  render: (context: RequestContext) => ((row: Row) => Item) | Promise<(row: Row) => Item>;
}

type ListQuery = { limit?: string | string[]; offset?: string | string[]; ordering?: string | string[] } & SearchQuery;
type ListBody<Item> = Paginated<Item> | StreamedPage<Item> | StreamedArray<Item>;

/**
 * The GET handler of a declared list. Its result satisfies the operation's
 * generated type where it is used (`satisfies Handlers['…_list']` in the list's file).
 */
export function listHandler<From extends AnySelect<object>, Row, Item>(
  declaration: ListDeclaration<From, Row, Item>,
): (input: { query: ListQuery; context: RequestContext }) => Promise<{ status: 200; body: ListBody<Item> }> {
  return async ({ query, context }) => {
    try {
      return { status: 200, body: await listBody(declaration, query, context) };
    } catch (err) {
      rethrowBadRegex(err);
    }
  };
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

async function listBody<From extends AnySelect<object>, Row, Item>(
  declaration: ListDeclaration<From, Row, Item>,
  query: ListQuery,
  context: RequestContext,
): Promise<ListBody<Item>> {
  const db = context.readDb;
  const conditions = [
    ...(declaration.search ? await searchConditions(declaration.search, query, context) : []),
    ...(declaration.filters ? declaration.filters(context.config, query as Record<string, string | string[] | undefined>) : []),
  ];
  const filtered = (): From => {
    const from = declaration.from(db);
    return (conditions.length ? from.where((eb) => eb.and(conditions)) : from) as From;
  };
  const order = declaration.ordering
    ? orderBy({ fields: declaration.ordering.fields, fallback: declaration.ordering.default, id: declaration.key }, query.ordering)
    : sql`${sql.ref(declaration.key)} ASC`;
  const rows = (declaration.select(filtered(), context.config) as AnySelect<Row>).orderBy(order);
  const render = await declaration.render(context);

  const page = pageRequest(query);
  if (!page) {
    const streamed = await openCursor(db, rows, streamGuard(context.request, context.config.streamIdleSeconds));
    return { kind: 'streamed-array', items: mapRows(streamed, render) };
  }

  const counted = filtered().select(sql<number>`1`.as('one'));
  const large = await isLargeTable(db, declaration.table);
  const total = large
    ? estimatedCount(db, counted, (cap) => countOf(db, counted.limit(cap)))
    : filtered()
        .select((eb) => eb.fn.countAll().as('count'))
        .executeTakeFirstOrThrow()
        .then((row) => ({ count: Number(row.count), estimated: false }));
  const links = (count: number) =>
    pageLinks(page, count, `${requestOrigin(context.request, context.config.trustProxy)}${requestPath(context.request)}`, rawQueryString(context.request));

  if (page.limit > CURSOR_BATCH_ROWS) {
    // A large page: streamed like the unpaginated list. An estimated count is
    // reconciled with the page's length, so that is counted first (it reads
    // no more than the stream itself will).
    const pageRows = rows.limit(page.limit).offset(page.offset);
    const [{ count: estimate, estimated }, streamed] = await Promise.all([
      total,
      openCursor(db, pageRows, streamGuard(context.request, context.config.streamIdleSeconds)),
    ]);
    const count = estimated ? reconcileCount(estimate, page.offset, page.limit, await countOf(db, pageRows.clearSelect().clearOrderBy().select(sql<number>`1`.as('one')))) : estimate;
    return { kind: 'streamed-page', count, ...links(count), results: mapRows(streamed, render) };
  }

  const [{ count: estimate, estimated }, read] = await Promise.all([total, smallPage(declaration, db, filtered(), rows, order, page, context.config).execute()]);
  const count = estimated ? reconcileCount(estimate, page.offset, page.limit, read.length) : estimate;
  return { count, ...links(count), results: read.map(render) };
}

/** `SELECT count(*)` over a subquery. */
async function countOf(db: Kysely<Database>, subquery: AnySelect): Promise<number> {
  const row = await db.selectFrom(subquery.as('counted')).select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow();
  return Number(row.count);
}

/**
 * A small page. A sortable list sorts and cuts its keys alone (an index-only
 * scan with the optional bgtasks_* indexes), then reads and formats just the
 * page's rows; a list in key order reads the page directly.
 */
function smallPage<From extends AnySelect<object>, Row, Item>(
  declaration: ListDeclaration<From, Row, Item>,
  db: Kysely<Database>,
  keys: From,
  rows: AnySelect<Row>,
  order: ReturnType<typeof orderBy>,
  page: PageRequest,
  config: Config,
): AnySelect<Row> {
  if (!declaration.ordering) return rows.limit(page.limit).offset(page.offset);
  const pageKeys = keys.select(sql.ref(declaration.key).as('page_id')).orderBy(order).limit(page.limit).offset(page.offset);
  // biome-ignore lint/suspicious/noExplicitAny: the key column of any declared table
  const joined = (declaration.from(db) as AnySelect).innerJoin(pageKeys.as('p'), 'p.page_id', declaration.key as any) as unknown as From;
  return declaration.select(joined, config).orderBy(order);
}
