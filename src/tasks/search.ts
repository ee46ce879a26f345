/**
 * InvenTree's search filter on `func` (scheduled and failed lists): every term
 * must match; `icontains` by default (LIKE with %, _ and \ escaped, as Django
 * does), PostgreSQL `~*` with search_regex, `\y…\y` around each term with
 * search_whole.
 */
import { type Expression, type SqlBool, sql } from 'kysely';
import { lastValue, searchTerms, str2bool } from '../http/python-query.js';

export interface SearchQuery {
  search?: string | string[];
  search_regex?: string | string[];
  search_whole?: string | string[];
}

export function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Conditions to AND onto the query (empty: no filtering). */
export function searchConditions(column: string, query: SearchQuery): Expression<SqlBool>[] {
  const regex = str2bool(lastValue(query.search_regex));
  const whole = str2bool(lastValue(query.search_whole));
  const ref = sql.ref(column);
  return searchTerms(lastValue(query.search)).map((raw) => {
    const term = whole ? `\\y${raw}\\y` : raw;
    return regex
      ? sql<SqlBool>`${ref}::text ~* ${term}`
      : sql<SqlBool>`UPPER(${ref}::text) LIKE UPPER(${`%${escapeLike(term)}%`})`;
  });
}
