/**
 * GET /api/background-task/failed/groups/ — failed tasks grouped by `func`
 * and exception type (extension; docs/analytics.md).
 *
 * The exception type lives inside `result`, a base64 pickle of django-q's
 * `"<str(e)> : <traceback>"` text, so SQL cannot group by it. The work is
 * bounded instead:
 *
 * 1. SQL takes the latest FAILURE_GROUPS_SCAN failures matching the filters
 *    (the failed list's default order, an index range scan with
 *    bgtasks_task_failed_stopped) and groups them by (func, result): rows
 *    with the same stored text are one row, with their count, first/last
 *    `stopped` and latest id. Identical failures — the common case of a
 *    task failing the same way again and again — are decoded once.
 * 2. The grouped rows are read through a cursor in small batches (a result
 *    may be large), each result decoded and its traceback parsed once, and
 *    merged into (func, exception type) groups held in a Map: at most one
 *    entry per scanned failure, each with a message cut to MESSAGE_MAX.
 *
 * Consequence: failures older than the scanned ones are not counted;
 * `capped` says when there are any.
 */
import { type Expression, type SqlBool, sql } from 'kysely';
import type { OperationHandlers } from '../../../generated/operations.js';
import type { components } from '../../../generated/openapi.js';
import type { RequestContext } from '../../context.js';
import { openCursor } from '../../db/cursor.js';
import { streamGuard } from '../../db/stream-guard.js';
import { decodePickledField, pyStr } from '../../djangoq/index.js';
import { parseFailure } from '../../djangoq/traceback.js';
import { pageLinks, pageRequest } from '../../http/pagination.js';
import { lastValue, orderingTerms } from '../../http/python-query.js';
import { rawQueryString, requestOrigin, requestPath } from '../../http/request-url.js';
import { DecodedCache } from '../decoded-cache.js';
import { taskFilterConditions } from '../task-filters.js';
import { timestampText } from '../timestamps.js';

type Handlers = OperationHandlers<RequestContext>;
type FailureGroup = components['schemas']['FailureGroup'];

/** How many of the latest failures the groups are formed from. */
export const FAILURE_GROUPS_SCAN = 10_000;
/** A group's message is cut to this many characters (a str(e) can hold a whole payload). */
export const MESSAGE_MAX = 1000;
/** Grouped rows per cursor batch: each carries one stored result, which may be large. */
const BATCH_ROWS = 100;

interface Group extends FailureGroup {
  /** `stopped` as sortable UTC text, for merging and ordering. */
  firstKey: string;
  lastKey: string;
}

/**
 * The same stored results come back on every request (a failure's result
 * never changes): decode and parse each once while it fits in a budget of
 * characters (the stored text, the key, counts too), as pickled-text.ts does.
 */
const parsedFailures = new DecodedCache<{ exception: string | null; message: string }>(8_000_000);

/** The exception type and message of a stored result (null type: not a traceback, or not decodable). */
function failureOf(stored: string | null): { exception: string | null; message: string } {
  if (stored === null) return { exception: null, message: '' };
  return parsedFailures.get(stored, decodeFailure, (v) => v.message.length + (v.exception?.length ?? 0));
}

function decodeFailure(stored: string): { exception: string | null; message: string } {
  let text: string;
  try {
    const value = decodePickledField(stored);
    if (typeof value !== 'string') return { exception: null, message: cut(pyStr(value)) };
    text = value;
  } catch {
    return { exception: null, message: cut(stored) };
  }
  const parsed = parseFailure(text);
  return parsed.exceptions.length === 0 ? { exception: null, message: cut(text) } : { exception: parsed.type, message: cut(parsed.message) };
}

const cut = (text: string) => (text.length > MESSAGE_MAX ? text.slice(0, MESSAGE_MAX) : text);

const ORDER_FIELDS = ['count', 'last_seen', 'first_seen', 'func', 'exception'] as const;
const DEFAULT_ORDER = [
  { field: 'count', descending: true },
  { field: 'last_seen', descending: true },
];

function compareBy(field: string, a: Group, b: Group): number {
  switch (field) {
    case 'count':
      return a.count - b.count;
    case 'last_seen':
      return a.lastKey < b.lastKey ? -1 : a.lastKey > b.lastKey ? 1 : 0;
    case 'first_seen':
      return a.firstKey < b.firstKey ? -1 : a.firstKey > b.firstKey ? 1 : 0;
    case 'func':
      return a.func < b.func ? -1 : a.func > b.func ? 1 : 0;
    default: {
      // exception: null (not a traceback) first, as PostgreSQL puts NULLs last descending.
      const x = a.exception ?? '';
      const y = b.exception ?? '';
      return x < y ? -1 : x > y ? 1 : (a.exception === null ? 0 : 1) - (b.exception === null ? 0 : 1);
    }
  }
}

export const backgroundTaskFailedGroupsList: Handlers['background_task_failed_groups_list'] = async ({ query, context }) => {
  const db = context.readDb;
  const conditions: Expression<SqlBool>[] = taskFilterConditions(context.config, query);
  const failures = () => {
    const base = db.selectFrom('django_q_task as t').where('t.success', '=', false);
    return conditions.length ? base.where((eb) => eb.and(conditions)) : base;
  };
  const scanned = failures()
    .select(['t.id', 't.func', 't.result', 't.stopped'])
    .orderBy(sql`t.stopped DESC, t.id ASC`)
    .limit(FAILURE_GROUPS_SCAN);
  const sortable = (column: string) => sql<string | null>`to_char(${sql.ref(column)} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')`;
  const grouped = db
    .selectFrom(scanned.as('s'))
    .select([
      's.func',
      's.result',
      sql<number>`count(*)::int`.as('count'),
      sql<Date | null>`min(s.stopped)`.as('first_stopped'),
      sql<Date | null>`max(s.stopped)`.as('last_stopped'),
      sql<string>`(array_agg(s.id ORDER BY s.stopped DESC, s.id ASC))[1]`.as('latest_id'),
    ])
    .groupBy(['s.func', 's.result']);
  const rows = db
    .selectFrom(grouped.as('g'))
    .select([
      'g.func',
      'g.result',
      'g.count',
      'g.latest_id',
      timestampText(context.config, 'g.first_stopped').as('first_seen'),
      timestampText(context.config, 'g.last_stopped').as('last_seen'),
      sortable('g.first_stopped').as('first_key'),
      sortable('g.last_stopped').as('last_key'),
    ]);
  // Whether older failures were left out: one index step past the scan.
  // (Before the cursor opens: embedded PGlite has one connection, which the cursor holds.)
  const capped =
    (await failures().select(sql<number>`1`.as('one')).orderBy(sql`t.stopped DESC, t.id ASC`).offset(FAILURE_GROUPS_SCAN).limit(1).executeTakeFirst()) !== undefined;

  const groups = new Map<string, Group>();
  let total = 0;
  const cursor = await openCursor(db, rows, { ...streamGuard(context.request, context.config.streamIdleSeconds), batchRows: BATCH_ROWS });
  for await (const row of cursor) {
    const { exception, message } = failureOf(row.result);
    const key = JSON.stringify([row.func, exception]);
    const firstKey = row.first_key ?? '';
    const lastKey = row.last_key ?? '';
    total += row.count;
    const group = groups.get(key);
    if (!group) {
      groups.set(key, {
        func: row.func,
        exception,
        message,
        count: row.count,
        first_seen: row.first_seen ?? '',
        last_seen: row.last_seen ?? '',
        latest_id: row.latest_id,
        firstKey,
        lastKey,
      });
      continue;
    }
    group.count += row.count;
    if (firstKey < group.firstKey) {
      group.firstKey = firstKey;
      group.first_seen = row.first_seen ?? '';
    }
    // The latest failure (ties: the smaller id, as the failed list orders them) gives the message and id.
    if (lastKey > group.lastKey || (lastKey === group.lastKey && row.latest_id < group.latest_id)) {
      group.lastKey = lastKey;
      group.last_seen = row.last_seen ?? '';
      group.latest_id = row.latest_id;
      group.message = message;
    }
  }

  let terms = orderingTerms(lastValue(query.ordering), ORDER_FIELDS);
  if (terms.length === 0) terms = DEFAULT_ORDER;
  const sorted = [...groups.values()].sort((a, b) => {
    for (const { field, descending } of terms) {
      const c = compareBy(field, a, b);
      if (c !== 0) return descending ? -c : c;
    }
    return compareBy('func', a, b) || compareBy('exception', a, b) || (a.latest_id < b.latest_id ? -1 : 1);
  });
  const results: FailureGroup[] = sorted.map(({ firstKey: _f, lastKey: _l, ...group }) => group);

  const page = pageRequest(query);
  if (!page) return { status: 200, body: results };
  const links = pageLinks(
    page,
    results.length,
    `${requestOrigin(context.request, context.config.trustProxy)}${requestPath(context.request)}`,
    rawQueryString(context.request),
  );
  return {
    status: 200,
    body: { count: results.length, ...links, scanned: total, capped, results: results.slice(page.offset, page.offset + page.limit) },
  };
};
