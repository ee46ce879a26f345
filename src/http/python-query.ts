/**
 * Query-string semantics of Django/DRF, which InvenTree clients rely on and
 * which differ from JavaScript's: Python `int()` parsing, `str2bool`, search
 * term splitting, and QueryDict's "last value wins" for repeated keys.
 */
import { PY_DECIMAL_RANGES, PY_NON_ASCII_SPACES } from './python-digits.js';

/** Python's str.isspace() characters (str.split() and str.strip() use them). */
const PY_WS = '\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const PY_STRIP = new RegExp(`^[${PY_WS}]+|[${PY_WS}]+$`, 'g');
const PY_SPLIT = new RegExp(`[${PY_WS}]+`);
const PY_INT = /^[+-]?[0-9]+(?:_[0-9]+)*$/;

/** `QueryDict.get(key)` / `query_params[key]`: the last value of a repeated key. */
export function lastValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[value.length - 1] : value;
}

/** The digit value of a CPython decimal character, or undefined. */
function decimalValue(cp: number): number | undefined {
  let lo = 0;
  let hi = PY_DECIMAL_RANGES.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = PY_DECIMAL_RANGES[mid]!;
    if (cp < a) hi = mid - 1;
    else if (cp > b) lo = mid + 1;
    else return (cp - a) % 10;
  }
  return undefined;
}

/** CPython's int() refuses more than 4300 digits (sys.int_info.default_max_str_digits, 3.11). */
const PY_MAX_STR_DIGITS = 4300;
/** Py_ISSPACE: the only whitespace int() strips once non-ASCII spaces became ' '. */
const PY_ASCII_WS = ' \\t\\n\\x0b\\x0c\\r';
const PY_ASCII_STRIP = new RegExp(`^[${PY_ASCII_WS}]+|[${PY_ASCII_WS}]+$`, 'g');

/**
 * Python `int(s)` for a str, as CPython 3.11 does it
 * (_PyUnicode_TransformDecimalAndSpaceToASCII, then PyLong_FromString): every
 * non-ASCII decimal digit of any script becomes its ASCII digit, every
 * non-ASCII str.isspace() character a space; then ASCII whitespace (only
 * \t\n\v\f\r and space: \x1c-\x1f are not) is stripped, one sign, digits with
 * single underscores between them, at most 4300 digits. Else undefined.
 */
export function pythonInt(text: string | undefined): bigint | undefined {
  if (text === undefined) return undefined;
  let ascii = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 127) ascii += ch;
    else if (PY_NON_ASCII_SPACES.has(cp)) ascii += ' ';
    else {
      const digit = decimalValue(cp);
      if (digit === undefined) return undefined;
      ascii += String(digit);
    }
  }
  const s = ascii.replace(PY_ASCII_STRIP, '');
  if (!PY_INT.test(s)) return undefined;
  const digits = s.replace(/[+_-]/g, '');
  if (digits.length > PY_MAX_STR_DIGITS) return undefined;
  return BigInt(s.replace(/_/g, ''));
}

const TRUTHY = new Set(['1', 'y', 'yes', 't', 'true', 'ok', 'on']);

/** InvenTree's helpers.str2bool: `str(text).lower() in [1 y yes t true ok on]` — no stripping. */
export function str2bool(text: string | undefined): boolean {
  return text !== undefined && TRUTHY.has(text.toLowerCase());
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
