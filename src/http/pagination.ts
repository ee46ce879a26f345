/**
 * Django REST framework's LimitOffsetPagination, exactly: when `limit` parses
 * as a positive Python int the list is paginated, otherwise it is the bare
 * array of every row. Links are absolute and rebuilt the way DRF's
 * replace_query_param does (keys sorted, quote_plus escaping, blanks kept).
 */
import { lastValue, pythonInt } from './python-query.js';

export interface PageRequest {
  /** As Python would print it (str(int)). */
  limitText: string;
  /** Usable in SQL: clamped to Number.MAX_SAFE_INTEGER. */
  limit: number;
  offset: number;
  offsetBig: bigint;
  limitBig: bigint;
}

const MAX_SQL = BigInt(Number.MAX_SAFE_INTEGER);
const clamp = (n: bigint) => Number(n > MAX_SQL ? MAX_SQL : n);

/** undefined = not paginated. */
export function pageRequest(query: { limit?: string | string[]; offset?: string | string[] }): PageRequest | undefined {
  const limit = pythonInt(lastValue(query.limit));
  if (limit === undefined || limit <= 0n) return undefined;
  const rawOffset = pythonInt(lastValue(query.offset));
  const offset = rawOffset === undefined || rawOffset < 0n ? 0n : rawOffset;
  return { limitText: limit.toString(), limit: clamp(limit), limitBig: limit, offset: clamp(offset), offsetBig: offset };
}

/** Python's urllib.parse.quote_plus with safe=''. */
function quotePlus(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/** Python's parse_qsl(keep_blank_values=True) on a raw query string. */
function parseQs(query: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const part of query.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const [k, v] = eq === -1 ? [part, ''] : [part.slice(0, eq), part.slice(eq + 1)];
    pairs.push([decodeComponent(k), decodeComponent(v)]);
  }
  return pairs;
}

function decodeComponent(text: string): string {
  const plus = text.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(plus);
  } catch {
    // Python decodes what it can and replaces invalid UTF-8 with U+FFFD.
    return plus.replace(/(%[0-9a-fA-F]{2})+/g, (seq) => {
      const bytes = Buffer.from(seq.replace(/%/g, ''), 'hex');
      return bytes.toString('utf8');
    });
  }
}

const byCodePoint = (a: string, b: string) => {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i]!.codePointAt(0) ?? 0) - (y[i]!.codePointAt(0) ?? 0);
    if (d) return d;
  }
  return x.length - y.length;
};

/** DRF replace_query_param / remove_query_param on `base?query`. */
function withParams(base: string, query: string, set: Record<string, string>, remove: string[] = []): string {
  const dict = new Map<string, string[]>();
  for (const [k, v] of parseQs(query)) {
    const list = dict.get(k);
    if (list) list.push(v);
    else dict.set(k, [v]);
  }
  for (const [k, v] of Object.entries(set)) dict.set(k, [v]);
  for (const k of remove) dict.delete(k);
  const encoded = [...dict.keys()]
    .sort(byCodePoint)
    .flatMap((k) => dict.get(k)!.map((v) => `${quotePlus(k)}=${quotePlus(v)}`))
    .join('&');
  return encoded ? `${base}?${encoded}` : base;
}

export interface PageLinks {
  next: string | null;
  previous: string | null;
}

/**
 * @param base absolute URL without query (scheme://host/path as requested)
 * @param rawQuery the request's query string, undecoded
 */
export function pageLinks(page: PageRequest, count: number, base: string, rawQuery: string): PageLinks {
  const { limitBig: limit, offsetBig: offset } = page;
  const total = BigInt(count);
  const next =
    offset + limit >= total
      ? null
      : withParams(base, rawQuery, { limit: page.limitText, offset: (offset + limit).toString() });
  let previous: string | null = null;
  if (offset > 0n) {
    previous =
      offset - limit <= 0n
        ? withParams(base, rawQuery, { limit: page.limitText }, ['offset'])
        : withParams(base, rawQuery, { limit: page.limitText, offset: (offset - limit).toString() });
  }
  return { next, previous };
}
