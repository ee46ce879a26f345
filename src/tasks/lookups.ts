/**
 * Django ORM lookups (`{"func__startswith": "part."}`) from a bulk-delete
 * request's `filters`, compiled to parameterised SQL on the table's own
 * columns. Unknown fields, unknown lookups and values of the wrong type are
 * 400s naming what was wrong (InvenTree crashes with a 500 on all three).
 */
import { type Expression, type SqlBool, sql } from 'kysely';
import { ApiError } from '../http/errors.js';
import { integerOf, isInt8 } from './integers.js';
import { escapeLike } from './search.js';

export type ColumnKind = 'int' | 'text' | 'timestamp' | 'bool';

export const LOOKUPS = [
  'exact', 'iexact', 'contains', 'icontains', 'startswith', 'istartswith', 'endswith', 'iendswith',
  'in', 'gt', 'gte', 'lt', 'lte', 'isnull', 'range',
] as const;
type Lookup = (typeof LOOKUPS)[number];

/** Django's datetime_re / date_re, loosely: what DateTimeField accepts. */
const DATETIME =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,](\d{1,6})\d*)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

function filterError(message: string): ApiError {
  return new ApiError(400, { filters: [message] });
}

const show = (value: unknown) => JSON.stringify(value) ?? String(value);

/** A value for a column of this kind, as a typed SQL parameter; throws a 400 naming `key`. */
function typedValue(kind: ColumnKind, value: unknown, key: string, timeZone: string): Expression<unknown> {
  switch (kind) {
    case 'int': {
      const n = integerOf(value, { underscores: true });
      if (n === undefined) throw filterError(`'${key}' expects an integer, got ${show(value)}`);
      if (!isInt8(n)) throw filterError(`'${key}': ${n} is out of range`);
      return sql`${n.toString()}::bigint`;
    }
    case 'text':
      if (typeof value === 'string') return sql`${value}::text`;
      if (typeof value === 'number' && Number.isInteger(value)) return sql`${String(value)}::text`;
      throw filterError(`'${key}' expects a string, got ${show(value)}`);
    case 'bool':
      if (value === true || value === false) return sql`${value}::boolean`;
      if (typeof value === 'string' && /^(t|true|1)$/i.test(value)) return sql`true`;
      if (typeof value === 'string' && /^(f|false|0)$/i.test(value)) return sql`false`;
      throw filterError(`'${key}' expects true or false, got ${show(value)}`);
    case 'timestamp': {
      const m = typeof value === 'string' ? DATETIME.exec(value.trim()) : null;
      if (!m) throw filterError(`'${key}' expects a date-time like "2024-05-19T08:03:12Z", got ${show(value)}`);
      const text = value as string;
      // Naive values mean the server's TIME_ZONE, as in Django with USE_TZ.
      return m[8] ? sql`${text.trim()}::timestamptz` : sql`(${text.trim()}::timestamp AT TIME ZONE ${timeZone})`;
    }
  }
}

function patternValue(value: unknown, key: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  throw filterError(`'${key}' expects a string, got ${show(value)}`);
}

export interface LookupTable {
  /** API field → SQL column reference. `pk` is added as an alias of `id`. */
  columns: Record<string, { ref: string; kind: ColumnKind }>;
}

/** Compiles `filters` into conditions to AND together. `filters` must be a plain object. */
export function compileFilters(
  filters: Record<string, unknown>,
  table: LookupTable,
  timeZone: string,
): Expression<SqlBool>[] {
  const fields = Object.keys(table.columns);
  return Object.entries(filters).map(([key, value]) => {
    const parts = key.split('__');
    const fieldName = parts[0] === 'pk' ? 'id' : (parts[0] ?? '');
    // Own keys only: `constructor`, `toString`, … are on every object's prototype.
    const column = Object.hasOwn(table.columns, fieldName) ? table.columns[fieldName] : undefined;
    if (!column || parts.length > 2)
      throw filterError(
        column
          ? `Unsupported lookup '${parts.slice(1).join('__')}' on field '${parts[0]}'`
          : `Unknown field '${parts[0] || key}'. Choices are: pk, ${fields.join(', ')}`,
      );
    const lookup = (parts[1] ?? 'exact') as Lookup;
    if (!LOOKUPS.includes(lookup))
      throw filterError(`Unsupported lookup '${lookup}' on field '${parts[0]}'. Choices are: ${LOOKUPS.join(', ')}`);
    const ref = sql.ref(column.ref);
    const text = sql`${ref}::text`;

    if (value === null) {
      if (lookup === 'exact' || lookup === 'iexact') return sql<SqlBool>`${ref} IS NULL`;
      throw filterError(`'${key}': None (null) is only allowed with exact and iexact`);
    }
    switch (lookup) {
      case 'exact':
        return sql<SqlBool>`${ref} = ${typedValue(column.kind, value, key, timeZone)}`;
      case 'gt':
        return sql<SqlBool>`${ref} > ${typedValue(column.kind, value, key, timeZone)}`;
      case 'gte':
        return sql<SqlBool>`${ref} >= ${typedValue(column.kind, value, key, timeZone)}`;
      case 'lt':
        return sql<SqlBool>`${ref} < ${typedValue(column.kind, value, key, timeZone)}`;
      case 'lte':
        return sql<SqlBool>`${ref} <= ${typedValue(column.kind, value, key, timeZone)}`;
      case 'iexact':
        return sql<SqlBool>`UPPER(${text}) = UPPER(${patternValue(value, key)})`;
      case 'contains':
        return sql<SqlBool>`${text} LIKE ${`%${escapeLike(patternValue(value, key))}%`}`;
      case 'icontains':
        return sql<SqlBool>`UPPER(${text}) LIKE UPPER(${`%${escapeLike(patternValue(value, key))}%`})`;
      case 'startswith':
        return sql<SqlBool>`${text} LIKE ${`${escapeLike(patternValue(value, key))}%`}`;
      case 'istartswith':
        return sql<SqlBool>`UPPER(${text}) LIKE UPPER(${`${escapeLike(patternValue(value, key))}%`})`;
      case 'endswith':
        return sql<SqlBool>`${text} LIKE ${`%${escapeLike(patternValue(value, key))}`}`;
      case 'iendswith':
        return sql<SqlBool>`UPPER(${text}) LIKE UPPER(${`%${escapeLike(patternValue(value, key))}`})`;
      case 'isnull':
        if (typeof value !== 'boolean') throw filterError(`'${key}' expects true or false, got ${show(value)}`);
        return value ? sql<SqlBool>`${ref} IS NULL` : sql<SqlBool>`${ref} IS NOT NULL`;
      case 'in': {
        if (!Array.isArray(value)) throw filterError(`'${key}' expects a list, got ${show(value)}`);
        if (value.length === 0) return sql<SqlBool>`false`;
        return sql<SqlBool>`${ref} IN (${sql.join(value.map((v) => typedValue(column.kind, v, key, timeZone)))})`;
      }
      case 'range': {
        if (!Array.isArray(value) || value.length !== 2)
          throw filterError(`'${key}' expects a list of two values, got ${show(value)}`);
        return sql<SqlBool>`${ref} BETWEEN ${typedValue(column.kind, value[0], key, timeZone)} AND ${typedValue(column.kind, value[1], key, timeZone)}`;
      }
      default:
        throw filterError(`Unsupported lookup '${lookup}' on field '${parts[0]}'`);
    }
  });
}
