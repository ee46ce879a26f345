/**
 * A decoded Python value as JSON, "where representable": what Python's
 * `json.loads(json.dumps(value, allow_nan=False))` gives, or `undefined` when
 * json.dumps would raise (a datetime, Decimal, bytes, set, object, NaN, a
 * non-scalar dict key …). One more rule of ours: an int beyond ±(2^53−1) is
 * not representable either, since a JavaScript client would silently round it.
 *
 * json.dumps turns tuples and lists into arrays, any dict subclass into an
 * object, and dict keys that are str/int/float/bool/None into strings
 * (`True` → "true", `None` → "null", floats by repr).
 */
import { isTagged, type PyValue, reprFloat } from '../../djangoq/index.js';

const NOT_JSON = Symbol('not representable');
const MAX_DEPTH = 1000; // json.dumps would hit RecursionError long before

function key(k: PyValue): string | typeof NOT_JSON {
  if (typeof k === 'string') return k;
  if (k === null) return 'null';
  if (typeof k === 'boolean') return k ? 'true' : 'false';
  if (typeof k === 'bigint') return k.toString();
  if (typeof k === 'number') return Number.isFinite(k) ? reprFloat(k) : NOT_JSON;
  return NOT_JSON;
}

function convert(v: PyValue, depth: number): unknown {
  if (depth > MAX_DEPTH) return NOT_JSON;
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'bigint') return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : NOT_JSON;
  if (typeof v === 'number') return Number.isFinite(v) ? v : NOT_JSON;
  if (!isTagged(v)) return NOT_JSON;
  if (v.kind === 'tuple' || v.kind === 'list') {
    const out: unknown[] = [];
    for (const item of v.items) {
      const c = convert(item, depth + 1);
      if (c === NOT_JSON) return NOT_JSON;
      out.push(c);
    }
    return out;
  }
  if (v.kind === 'dict') {
    const out: Record<string, unknown> = {};
    for (const [k, value] of v.entries) {
      const name = key(k);
      if (name === NOT_JSON) return NOT_JSON;
      const c = convert(value, depth + 1);
      if (c === NOT_JSON) return NOT_JSON;
      // defineProperty: a "__proto__" key is data, not the object's prototype.
      Object.defineProperty(out, name, { value: c, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return NOT_JSON;
}

/** The JSON value, or undefined when Python's json.dumps could not write it (or an int is unsafe). */
export function jsonValue(v: PyValue): unknown {
  const c = convert(v, 0);
  return c === NOT_JSON ? undefined : c;
}
