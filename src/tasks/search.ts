/**
 * InvenTree's search filter on `func` (scheduled and failed lists): every term
 * must match; `icontains` by default (LIKE with %, _ and \ escaped, as Django
 * does), PostgreSQL `~*` with search_regex, `\y…\y` around each term with
 * search_whole.
 *
 * Cost bounds (beyond InvenTree, which has none): on every database the
 * search text is at most SEARCH_MAX_LENGTH characters and SEARCH_MAX_TERMS
 * terms (400 beyond). On embedded PGlite a query runs synchronously on the
 * event loop and no statement timeout can interrupt it, so a regular
 * expression is first compiled on its own (a syntax or "too complex" error
 * is a 400 before any row is read) and back-references, whose matching cost
 * grows steeply with the text (5 groups and 5 back-references took 2.8 s on
 * three 61-character rows), are refused. On PostgreSQL DB_STATEMENT_TIMEOUT_MS
 * bounds them instead. See docs/operations.md.
 */
import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { validationError } from '../http/errors.js';
import { lastValue, searchTerms, str2bool } from '../http/python-query.js';

export interface SearchQuery {
  search?: string | string[];
  search_regex?: string | string[];
  search_whole?: string | string[];
}

/** `func` is varchar(256) in django-q: a longer literal term cannot match. */
export const SEARCH_MAX_LENGTH = 256;
export const SEARCH_MAX_TERMS = 10;

export function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A back-reference in a PostgreSQL ARE: `\1`…`\9` (not inside a bracket expression). */
function hasBackReference(pattern: string): boolean {
  let inBracket = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      if (!inBracket && next >= '1' && next <= '9') return true;
      i++;
    } else if (c === '[' && !inBracket) {
      inBracket = true;
      if (pattern[i + 1] === '^') i++;
      if (pattern[i + 1] === ']') i++;
    } else if (c === ']' && inBracket) {
      inBracket = false;
    }
  }
  return false;
}

export interface SearchScope {
  readDb: Kysely<Database>;
  databaseKind: 'postgres' | 'pglite';
}

/** Conditions to AND onto the query (empty: no filtering); a 400 for a search beyond the bounds. */
export async function searchConditions(column: string, query: SearchQuery, scope: SearchScope): Promise<Expression<SqlBool>[]> {
  const regex = str2bool(lastValue(query.search_regex));
  const whole = str2bool(lastValue(query.search_whole));
  const text = lastValue(query.search);
  if (text !== undefined && text.length > SEARCH_MAX_LENGTH)
    throw validationError('search', `Ensure this field has no more than ${SEARCH_MAX_LENGTH} characters.`);
  const raws = searchTerms(text);
  if (raws.length > SEARCH_MAX_TERMS) throw validationError('search', `Ensure this field has no more than ${SEARCH_MAX_TERMS} search terms.`);
  const terms = raws.map((raw) => (whole ? `\\y${raw}\\y` : raw));
  if (regex && scope.databaseKind === 'pglite') {
    for (const term of terms) {
      if (hasBackReference(term))
        throw validationError('search', 'Back-references (\\1 to \\9) are not supported in search_regex on the embedded database.');
      await precompile(scope.readDb, term);
    }
  }
  const ref = sql.ref(column);
  return terms.map((term) =>
    regex ? sql<SqlBool>`${ref}::text ~* ${term}` : sql<SqlBool>`UPPER(${ref}::text) LIKE UPPER(${`%${escapeLike(term)}%`})`,
  );
}

/**
 * Compiles the expression once against an empty string (PostgreSQL caches
 * the compiled form for the query that follows). PGlite reports "too
 * complex" as 24000 (cannot drop portal) rather than 2201B: both are the
 * client's expression, a 400.
 */
async function precompile(db: Kysely<Database>, term: string): Promise<void> {
  try {
    await sql`SELECT '' ~* ${term} AS matched`.execute(db);
  } catch (err) {
    const e = err as { code?: string; message?: string };
    if (e?.code === '2201B') throw validationError('search', `Invalid regular expression: ${e.message ?? ''}`.trim());
    if (e?.code === '24000') throw validationError('search', 'Invalid regular expression: the expression is too complex.');
    throw err;
  }
}

