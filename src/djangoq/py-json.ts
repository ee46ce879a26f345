// json.dumps(obj, separators=(",", ":")) as Python writes it (ensure_ascii,
// Python float repr, NaN/Infinity allowed), for Django's JSONSerializer.
// JSON.stringify differs: it keeps non-ASCII raw and prints 1.0 as 1.

import { reprFloat } from './repr-scalars.js';

const HEX = '0123456789abcdef';
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

function quote(s: string): string {
  if (PLAIN.test(s)) return `"${s}"`;
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    else if (c < 0x20 || c > 0x7e) {
      // UTF-16 units, so astral characters come out as surrogate pairs like Python.
      out += `\\u${HEX[(c >> 12) & 15]}${HEX[(c >> 8) & 15]}${HEX[(c >> 4) & 15]}${HEX[c & 15]}`;
    } else out += s[i];
  }
  return `${out}"`;
}

function number(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Number.POSITIVE_INFINITY) return 'Infinity';
  if (n === Number.NEGATIVE_INFINITY) return '-Infinity';
  // JS has one number type: integral safe values are taken to be Python ints.
  if (Number.isSafeInteger(n) && !Object.is(n, -0)) return String(n);
  return reprFloat(n);
}

/** Compact Python json.dumps of plain data: objects / Maps, arrays, strings, numbers, bigints, booleans, null. */
export function pyJsonDumps(value: unknown): string {
  const parts: string[] = [];
  const stack: unknown[] = [value];
  const seen = new Set<object>();
  // Iterative, like the renderer: plain data can still be deeply nested.
  while (stack.length > 0) {
    const v = stack.pop();
    if (v instanceof Emit) {
      parts.push(v.text);
      if (v.leave) seen.delete(v.leave);
      continue;
    }
    if (v === null || v === undefined) parts.push('null');
    else if (typeof v === 'boolean') parts.push(v ? 'true' : 'false');
    else if (typeof v === 'number') parts.push(number(v));
    else if (typeof v === 'bigint') parts.push(v.toString());
    else if (typeof v === 'string') parts.push(quote(v));
    else if (Array.isArray(v)) {
      if (seen.has(v)) throw new TypeError('Circular reference detected');
      seen.add(v);
      stack.push(new Emit(']', v));
      for (let i = v.length - 1; i >= 0; i--) {
        stack.push(v[i]);
        if (i > 0) stack.push(new Emit(','));
      }
      parts.push('[');
    } else if (typeof v === 'object') {
      if (seen.has(v)) throw new TypeError('Circular reference detected');
      seen.add(v);
      // A Map keeps any key order; a plain object lists integer-like keys first (JS rule).
      const entries: [string, unknown][] =
        v instanceof Map ? [...v.entries()].map(([k, x]) => [String(k), x]) : Object.entries(v);
      stack.push(new Emit('}', v));
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, x] = entries[i] as [string, unknown];
        stack.push(x);
        stack.push(new Emit(`${i > 0 ? ',' : ''}${quote(k)}:`));
      }
      parts.push('{');
    } else {
      throw new TypeError(`Object of type ${typeof v} is not JSON serializable`);
    }
  }
  return parts.join('');
}

class Emit {
  constructor(
    readonly text: string,
    readonly leave?: object,
  ) {}
}
