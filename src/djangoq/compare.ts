// Python's `a < b` for the values Counter's repr has to order (its counts):
// bool / int / float / Decimal compared exactly across types, str by code
// point, bytes / bytearray bytewise. Every other pairing raises TypeError,
// which is right for None, dicts, complex, globals and mixed types; it is
// a simplification for tuples, lists, sets and the datetime family, which
// Python can order (nobody counts with those).

import { PyReprError } from './errors.js';
import { canonicalDecimal, decimalFromFloat, decimalFromInt } from './decimal.js';
import { isTagged, type PyValue, pyTypeName } from './values.js';

/** Python `a < b`; throws PyReprError('TypeError' | 'InvalidOperation') where Python raises. */
export function pyLt(a: PyValue, b: PyValue): boolean {
  const na = numeric(a);
  const nb = numeric(b);
  if (na !== undefined && nb !== undefined) return numLt(na, nb);
  if (typeof a === 'string' && typeof b === 'string') return codePointLt(a, b);
  const ba = bytesOf(a);
  const bb = bytesOf(b);
  if (ba !== undefined && bb !== undefined) return bytesLt(ba, bb);
  throw new PyReprError('TypeError', `'<' not supported between instances of '${pyTypeName(a)}' and '${pyTypeName(b)}'`);
}

type Num = bigint | number | { decimal: string };

function numeric(v: PyValue): Num | undefined {
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'bigint' || typeof v === 'number') return v;
  if (isTagged(v) && v.kind === 'decimal') return { decimal: v.value };
  return undefined;
}

function numLt(a: Num, b: Num): boolean {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b;
  if (typeof a === 'number' && typeof b === 'number') return a < b;
  if (typeof a === 'bigint' && typeof b === 'number') return intFloatCompare(a, b) < 0;
  if (typeof a === 'number' && typeof b === 'bigint') return intFloatCompare(b, a) > 0;
  // Decimal on at least one side: exact; any NaN signals InvalidOperation.
  const da = decimalText(a);
  const db = decimalText(b);
  if (da.includes('NaN') || db.includes('NaN')) {
    throw new PyReprError('InvalidOperation', "[<class 'decimal.InvalidOperation'>]");
  }
  return compareDecimal(da, db) < 0;
}

function decimalText(v: Num): string {
  if (typeof v === 'bigint') return decimalFromInt(v);
  if (typeof v === 'number') return decimalFromFloat(v);
  return v.decimal;
}

/** Sign of (n - x) for an int and a non-NaN float, exactly (no rounding of n). */
function intFloatCompare(n: bigint, x: number): number {
  if (Number.isNaN(x)) return Number.NaN; // every comparison with NaN is false
  if (x === Number.POSITIVE_INFINITY) return -1;
  if (x === Number.NEGATIVE_INFINITY) return 1;
  if (Number.isInteger(x)) {
    const m = BigInt(x);
    return n < m ? -1 : n > m ? 1 : 0;
  }
  // x is not integral: n < x  <=>  n <= floor(x).
  return n <= BigInt(Math.floor(x)) ? -1 : 1;
}

/** Compare two finite-or-infinite, non-NaN Decimal texts exactly: -1, 0 or 1. */
export function compareDecimal(a: string, b: string): number {
  const x = parts(a);
  const y = parts(b);
  if (x.inf || y.inf) {
    const vx = x.inf ? (x.neg ? -2 : 2) : 0;
    const vy = y.inf ? (y.neg ? -2 : 2) : 0;
    if (vx !== vy) return vx < vy ? -1 : 1;
    if (x.inf && y.inf) return 0;
    // one infinite, the other finite: the sign of the infinite one decides
    return x.inf ? (x.neg ? -1 : 1) : y.neg ? 1 : -1;
  }
  const sx = x.coeff === 0n ? 0 : x.neg ? -1 : 1;
  const sy = y.coeff === 0n ? 0 : y.neg ? -1 : 1;
  if (sx !== sy) return sx < sy ? -1 : 1;
  if (sx === 0) return 0;
  const mag = compareMagnitude(x, y);
  return sx > 0 ? mag : -mag;
}

interface DecParts {
  neg: boolean;
  inf: boolean;
  coeff: bigint;
  digits: number;
  exp: bigint;
}

function parts(text: string): DecParts {
  const neg = text.startsWith('-');
  if (text.endsWith('Infinity')) return { neg, inf: true, coeff: 0n, digits: 0, exp: 0n };
  const m = /^-?(\d+)(?:\.(\d+))?(?:E([+-]\d+))?$/.exec(canonicalDecimal(text));
  if (!m) throw new PyReprError('InvalidOperation', `cannot compare Decimal('${text}')`);
  const frac = m[2] ?? '';
  const digits = ((m[1] as string) + frac).replace(/^0+/, '');
  return {
    neg,
    inf: false,
    coeff: digits === '' ? 0n : BigInt(digits),
    digits: digits.length,
    exp: BigInt(m[3] ?? '0') - BigInt(frac.length),
  };
}

/** Compare |x| and |y| (both non-zero) without building huge powers of ten. */
function compareMagnitude(x: DecParts, y: DecParts): number {
  // adjusted exponent = position of the leading digit
  const ax = x.exp + BigInt(x.digits);
  const ay = y.exp + BigInt(y.digits);
  if (ax !== ay) return ax < ay ? -1 : 1;
  // Same leading position: align on the smaller exponent (the shift is bounded by the digit counts).
  let cx = x.coeff;
  let cy = y.coeff;
  if (x.exp > y.exp) cx *= 10n ** (x.exp - y.exp);
  else if (y.exp > x.exp) cy *= 10n ** (y.exp - x.exp);
  return cx < cy ? -1 : cx > cy ? 1 : 0;
}

function codePointLt(a: string, b: string): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca === cb) continue;
    // UTF-16 order differs from code point order where a surrogate meets U+E000..U+FFFF.
    return codePointAt(a, i) < codePointAt(b, i);
  }
  return a.length < b.length;
}

/**
 * Code point at unit i, or the astral one a trailing surrogate at i completes
 * (the units before i are equal in both strings, so this orders the first
 * differing code points; any astral one is above every BMP unit).
 */
function codePointAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c >= 0xdc00 && c <= 0xdfff && i > 0) {
    const hi = s.charCodeAt(i - 1);
    if (hi >= 0xd800 && hi <= 0xdbff) return 0x10000 + ((hi - 0xd800) << 10) + (c - 0xdc00);
  }
  return s.codePointAt(i) as number;
}

function bytesOf(v: PyValue): Uint8Array | undefined {
  return isTagged(v) && (v.kind === 'bytes' || v.kind === 'bytearray') ? v.data : undefined;
}

function bytesLt(a: Uint8Array, b: Uint8Array): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return (a[i] as number) < (b[i] as number);
  }
  return a.length < b.length;
}
