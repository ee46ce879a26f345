/**
 * A Python value as a tagged tree that does not depend on set iteration
 * order — the `canon()` of the Python oracles (test/djangoq/fixtures/canon.py),
 * so our values and CPython's compare with `t.same`. Set items are ordered
 * by Python's `json.dumps(c, sort_keys=True)` of each item, as there.
 */
import { type PyValue, reprFloat } from '../../src/djangoq/index.js';

export type Canon = { t: string; v?: unknown; tz?: string | null };

export function canon(v: PyValue): Canon {
  if (v === null) return { t: 'None' };
  if (v === true) return { t: 'True' };
  if (v === false) return { t: 'False' };
  if (typeof v === 'bigint') return { t: 'int', v: v.toString() };
  if (typeof v === 'number') return { t: 'float', v: reprFloat(v) };
  if (typeof v === 'string') return { t: 'str', v };
  switch (v.kind) {
    case 'complex':
      return { t: 'complex', v: [reprFloat(v.real), reprFloat(v.imag)] };
    case 'bytes':
      return { t: 'bytes', v: Buffer.from(v.data).toString('hex') };
    case 'global':
      return v.qualname === 'Ellipsis' ? { t: 'Ellipsis' } : { t: `?${v.qualname}` };
    case 'tuple':
    case 'list':
      return { t: v.kind, v: v.items.map(canon) };
    case 'set': {
      const items = v.items.map(canon);
      items.sort((a, b) => cmp(sortedJson(a), sortedJson(b)));
      return { t: 'set', v: items };
    }
    case 'dict':
      return { t: 'dict', v: v.entries.map(([k, x]) => [canon(k), canon(x)]) };
    case 'datetime': {
      const p = (n: number, w = 2) => String(n).padStart(w, '0');
      const iso = `${p(v.year, 4)}-${p(v.month)}-${p(v.day)}T${p(v.hour)}:${p(v.minute)}:${p(v.second)}${v.microsecond ? `.${p(v.microsecond, 6)}` : ''}`;
      const tz = v.tzinfo === null ? null : v.tzinfo.kind === 'pytz-utc' ? 'UTC' : v.tzinfo.kind === 'timezone' ? 'timezone' : v.tzinfo.kind;
      return { t: 'datetime', v: iso, tz };
    }
    default:
      return { t: `?${v.kind}` };
  }
}

export const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** json.dumps(c, sort_keys=True) with Python's separators and ensure_ascii. */
export function sortedJson(c: unknown): string {
  if (Array.isArray(c)) return `[${c.map(sortedJson).join(', ')}]`;
  if (c !== null && typeof c === 'object') {
    const keys = Object.keys(c).sort();
    return `{${keys.map((k) => `${pyJsonStr(k)}: ${sortedJson((c as Record<string, unknown>)[k])}`).join(', ')}}`;
  }
  return pyJsonStr(c as string);
}

function pyJsonStr(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
