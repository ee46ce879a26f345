/**
 * ORDER BY from DRF's `ordering` parameter. Fields outside the endpoint's list
 * are dropped silently; nothing valid left means the model's default order.
 * PostgreSQL's NULL placement (last ascending, first descending) is Django's
 * too. A final `id` tie-breaker makes pages deterministic, which InvenTree
 * 0.15 does not guarantee but never contradicts.
 */
import { type RawBuilder, sql } from 'kysely';
import { lastValue, orderingTerms } from '../http/python-query.js';

export interface OrderingSpec {
  /** API field name → SQL column reference ("table.column"). */
  fields: Record<string, string>;
  /** The model's Meta.ordering, e.g. [{field: 'stopped', descending: true}]. */
  fallback: Array<{ field: string; descending: boolean }>;
  /** Tie-breaker column. */
  id: string;
}

export function orderBy(spec: OrderingSpec, ordering: string | string[] | undefined): RawBuilder<unknown> {
  let terms = orderingTerms(lastValue(ordering), Object.keys(spec.fields));
  if (terms.length === 0) terms = spec.fallback;
  const parts = terms.map(({ field, descending }) => sql`${sql.ref(spec.fields[field]!)} ${sql.raw(descending ? 'DESC' : 'ASC')}`);
  parts.push(sql`${sql.ref(spec.id)} ASC`);
  return sql.join(parts);
}
