/**
 * DELETE on the pending and failed lists: InvenTree 0.15's BulkDeleteMixin.
 * `items` (ids) and/or `filters` (Django lookups), AND-ed; validation happens
 * before any write; the count and the delete run in one transaction; only
 * what was asked is touched (and through /failed/ only failed tasks).
 */
import type { Expression, SqlBool } from 'kysely';
import { sql } from 'kysely';
import { FormBody } from '../http/body-parsers.js';
import type { RequestContext } from '../context.js';
import { ApiError } from '../http/errors.js';
import { integerOf, isInt8 } from './integers.js';
import { assertWritable } from '../http/read-only.js';
import { type AuditEntry, recordAudit } from './actions/action.js';
import { type ColumnKind, compileFilters, type LookupTable } from './lookups.js';

export type BulkTarget = 'pending' | 'failed';

/** Filterable fields: each is the model field's column of the same name. */
const sameNamedColumns = (kinds: Record<string, ColumnKind>): LookupTable['columns'] =>
  Object.fromEntries(Object.entries(kinds).map(([name, kind]) => [name, { ref: name, kind }]));

const BULK_TARGETS: Record<BulkTarget, LookupTable & { table: 'django_q_ormq' | 'django_q_task'; idKind: 'int' | 'text' }> = {
  pending: {
    table: 'django_q_ormq',
    idKind: 'int',
    columns: sameNamedColumns({ id: 'int', key: 'text', payload: 'text', lock: 'timestamp' }),
  },
  failed: {
    table: 'django_q_task',
    idKind: 'text',
    columns: sameNamedColumns({
      id: 'text',
      name: 'text',
      func: 'text',
      hook: 'text',
      args: 'text',
      kwargs: 'text',
      result: 'text',
      group: 'text',
      started: 'timestamp',
      stopped: 'timestamp',
      success: 'bool',
      attempt_count: 'int',
      cluster: 'text',
    }),
  },
};

const NOTHING_SELECTED = 'List of items or filters must be provided for bulk deletion';

/** Python truthiness of a JSON value. */
function truthy(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof FormBody);

/** `request.data.get(...)` / `getlist(...)` as DRF gives them for JSON and form bodies. */
function selectorOf(body: unknown): { items: unknown; filters: unknown } {
  if (body === undefined || body === null) return { items: undefined, filters: undefined };
  if (body instanceof FormBody) return { items: body.getlist('items'), filters: body.getlist('filters') };
  if (isPlainObject(body)) return { items: body.items, filters: body.filters };
  const kind = Array.isArray(body) ? 'list' : typeof body === 'string' ? 'str' : typeof body === 'number' ? 'int' : 'bool';
  throw new ApiError(400, { non_field_errors: [`Invalid data. Expected a dictionary, but got ${kind}.`] });
}

/** Typed ids; ids that cannot exist (integers beyond int8) are dropped, as unknown ids are. */
function parseItems(items: unknown[], kind: 'int' | 'text'): string[] {
  const ids: string[] = [];
  for (const item of items) {
    if (kind === 'int') {
      const n = integerOf(item, { underscores: false });
      if (n === undefined)
        throw new ApiError(400, { items: [`Pending task ids are integers; ${JSON.stringify(item)} is not one.`] });
      if (isInt8(n)) ids.push(n.toString());
    } else {
      if (typeof item !== 'string')
        throw new ApiError(400, { items: [`Failed task ids are strings of 32 hexadecimal characters; ${JSON.stringify(item)} is not one.`] });
      // PostgreSQL text cannot hold NUL: such an id matches no row.
      if (!item.includes('\u0000')) ids.push(item);
    }
  }
  return ids;
}

/** The rows a bulk body selects (InvenTree's validation and messages), as one SQL condition. */
export interface BulkSelection {
  where: ReturnType<typeof sql.join>;
  /** The `items` ids asked for (typed, impossible ones dropped). */
  ids: string[];
  filters: Record<string, unknown> | undefined;
}

export function bulkSelection(context: RequestContext, body: unknown, target: BulkTarget): BulkSelection {
  const spec = BULK_TARGETS[target];
  const { items, filters } = selectorOf(body);
  if (!truthy(items) && !truthy(filters)) throw new ApiError(400, { non_field_errors: [NOTHING_SELECTED] });
  if (truthy(items) && !Array.isArray(items)) throw new ApiError(400, { items: ["'items' must be supplied as a list object"] });
  if (truthy(filters) && !isPlainObject(filters)) throw new ApiError(400, { filters: ["'filters' must be supplied as a dict object"] });

  const conditions: Expression<SqlBool>[] = [];
  if (target === 'failed') conditions.push(sql<SqlBool>`NOT ${sql.ref('success')}`);
  let ids: string[] = [];
  if (truthy(items)) {
    ids = parseItems(items as unknown[], spec.idKind);
    // One array parameter, whatever the number of ids: a parameter per id
    // overflows the protocol's 65,535 bind parameters.
    const cast = spec.idKind === 'int' ? sql.raw('bigint[]') : sql.raw('text[]');
    conditions.push(ids.length ? sql<SqlBool>`${sql.ref('id')} = ANY(${ids}::${cast})` : sql<SqlBool>`false`);
  }
  if (truthy(filters)) conditions.push(...compileFilters(filters as Record<string, unknown>, spec, context.config.timeZone));
  return { where: sql.join(conditions, sql` AND `), ids, filters: truthy(filters) ? (filters as Record<string, unknown>) : undefined };
}

/** A selection's SQL errors as the 400s they are (a filter on a column django-q 1.3.9 lacks, a bad date-time). */
export function selectionError(err: unknown): ApiError | undefined {
  const code = (err as { code?: string }).code;
  if (code === '42703') return new ApiError(400, { filters: ['A filtered field does not exist in this database.'] });
  if (code === '22007' || code === '22008') return new ApiError(400, { filters: ['Invalid date-time value.'] });
  return undefined;
}

export async function bulkDelete(context: RequestContext, body: unknown, target: BulkTarget): Promise<{ status: 204; body: undefined }> {
  assertWritable(context.config);
  const spec = BULK_TARGETS[target];
  const { where, ids, filters } = bulkSelection(context, body, target);
  const audit = (deleted: number): AuditEntry => ({ action: 'delete', target, ids, count: deleted, detail: filters ? { filters } : undefined });

  let deleted = 0;
  try {
    deleted = await context.db.transaction().execute(async (trx) => {
      // The rows are locked in id order first, as a retry locks them: two
      // writers over the same rows wait for each other instead of deadlocking
      // (docs/actions.md). The count is what was deleted.
      const table = sql.table(spec.table);
      const { rows } = await sql<{ count: string }>`
        WITH locked AS (SELECT id FROM ${table} WHERE ${where} ORDER BY id FOR UPDATE),
        gone AS (DELETE FROM ${table} WHERE id IN (SELECT id FROM locked) RETURNING 1)
        SELECT count(*) AS count FROM gone`.execute(trx);
      const count = Number(rows[0]?.count ?? 0);
      await recordAudit(trx, context, audit(count));
      return count;
    });
  } catch (err) {
    const selection = selectionError(err);
    if (selection) throw selection;
    const code = (err as { code?: string }).code;
    // A read-only database user or a replica: the deployment forbids writes.
    if (code === '42501' || code === '25006')
      throw new ApiError(403, { detail: "The database refused the deletion: this service's database connection is read-only." });
    throw err;
  }
  context.counts.invalidate();
  // The audit log line (its fields are documented in docs/operations.md; the actions' lines share `audit`, `user`, `address`).
  context.request.log.info(
    {
      audit: 'bulk-delete',
      user: context.user.username,
      endpoint: target,
      selector: { items: ids.slice(0, 100), itemCount: ids.length, filters },
      deleted,
      address: context.request.ip,
    },
    `bulk delete of ${target} tasks by ${context.user.username}: ${deleted} deleted`,
  );
  return { status: 204, body: undefined };
}
