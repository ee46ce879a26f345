/**
 * Query-string semantics of Django/DRF, which InvenTree clients rely on and
 * which differ from JavaScript's: Python `int()` parsing, `str2bool`, search
 * term splitting, and QueryDict's "last value wins" for repeated keys.
 */

/** Python's str.isspace() characters (str.split() and str.strip() use them). */
const PY_WS = '\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const PY_STRIP = new RegExp(`^[${PY_WS}]+|[${PY_WS}]+$`, 'g');
const PY_SPLIT = new RegExp(`[${PY_WS}]+`);
const PY_INT = /^[+-]?\d+(?:_\d+)*$/;

/** `QueryDict.get(key)` / `query_params[key]`: the last value of a repeated key. */
export function lastValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[value.length - 1] : value;
}

/** Python `int(s)` for a str: whitespace, sign and `_` separators allowed; else undefined. */
export function pythonInt(text: string | undefined): bigint | undefined {
  if (text === undefined) return undefined;
  const s = text.replace(PY_STRIP, '');
  if (!PY_INT.test(s)) return undefined;
  return BigInt(s.replace(/_/g, ''));
}

const TRUTHY = new Set(['1', 'y', 'yes', 't', 'true', 'ok', 'on']);

/** InvenTree's str2bool: 1 y yes t true ok on, any case. */
export function str2bool(text: string | undefined): boolean {
  return text !== undefined && TRUTHY.has(text.trim().toLowerCase());
}

/** DRF 3.14 SearchFilter.get_search_terms: NUL removed, commas are separators, blanks dropped. */
export function searchTerms(text: string | undefined): string[] {
  if (!text) return [];
  return text
    .replace(/\0/g, '')
    .replace(/,/g, ' ')
    .split(PY_SPLIT)
    .filter((t) => t.length > 0);
}

/**
 * DRF OrderingFilter: comma-separated, stripped, an optional single '-';
 * terms outside `allowed` are dropped silently.
 */
export function orderingTerms(text: string | undefined, allowed: readonly string[]): Array<{ field: string; descending: boolean }> {
  if (text === undefined) return [];
  const terms: Array<{ field: string; descending: boolean }> = [];
  for (const raw of text.split(',')) {
    const term = raw.replace(PY_STRIP, '');
    const descending = term.startsWith('-');
    const field = descending ? term.slice(1) : term;
    if (allowed.includes(field)) terms.push({ field, descending });
  }
  return terms;
}
