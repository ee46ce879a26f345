// CPython 3.11 repr() of the scalar types: str, bytes, float, int.
// Kept separate from repr.ts because signing (JSON floats) and the datetime
// formatting reuse them.

import { isPrintableCodePoint } from './printable.js';

const HEX = '0123456789abcdef';
// Plain printable ASCII without quotes or backslash: repr is just quoting.
const SIMPLE_ASCII = /^[\x20-\x21\x23-\x26\x28-\x5b\x5d-\x7e]*$/;

/** repr(str): unicode_repr() in Objects/unicodeobject.c. */
export function reprStr(s: string): string {
  const hasSingle = s.includes("'");
  const quote = hasSingle && !s.includes('"') ? '"' : "'";
  if (SIMPLE_ASCII.test(s)) return quote + s + quote;
  let out = quote;
  for (let i = 0; i < s.length; i++) {
    // A surrogate pair is one code point; a lone surrogate stays itself (as in Python).
    const cp = s.codePointAt(i)!;
    if (cp > 0xffff) i++;
    if (cp === 0x27 && quote === "'") out += "\\'";
    else if (cp === 0x5c) out += '\\\\';
    else if (cp === 0x09) out += '\\t';
    else if (cp === 0x0a) out += '\\n';
    else if (cp === 0x0d) out += '\\r';
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${HEX[cp >> 4]}${HEX[cp & 15]}`;
    else if (cp < 0x7f || isPrintableCodePoint(cp)) out += String.fromCodePoint(cp);
    else if (cp <= 0xff) out += `\\x${HEX[cp >> 4]}${HEX[cp & 15]}`;
    else if (cp <= 0xffff) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return out + quote;
}

/** repr(bytes) body with quotes: bytes_repr() in Objects/bytesobject.c. */
export function reprBytes(data: Uint8Array): string {
  let hasSingle = false;
  let hasDouble = false;
  for (let i = 0; i < data.length; i++) {
    if (data[i] === 0x27) hasSingle = true;
    else if (data[i] === 0x22) hasDouble = true;
  }
  const q = hasSingle && !hasDouble ? 0x22 : 0x27;
  let out = `b${String.fromCharCode(q)}`;
  for (let i = 0; i < data.length; i++) {
    const c = data[i] as number;
    if (c === q || c === 0x5c) out += `\\${String.fromCharCode(c)}`;
    else if (c === 0x09) out += '\\t';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c < 0x20 || c >= 0x7f) out += `\\x${HEX[c >> 4]}${HEX[c & 15]}`;
    else out += String.fromCharCode(c);
  }
  return out + String.fromCharCode(q);
}

/**
 * repr(float): shortest round-trip digits (JS gives the same digits as
 * CPython's dtoa mode 0), laid out with CPython's 'r' rules: scientific when
 * the decimal exponent is < -4 or >= 16, two-digit minimum exponent, '.0'
 * appended to integral fixed-point values.
 */
export function reprFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Number.POSITIVE_INFINITY) return 'inf';
  if (x === Number.NEGATIVE_INFINITY) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  // toExponential() without argument = shortest digits that round-trip.
  const e = Math.abs(x).toExponential();
  const ePos = e.indexOf('e');
  const mantissa = e.slice(0, ePos);
  const exp = Number.parseInt(e.slice(ePos + 1), 10);
  const digits = mantissa.replace('.', '');
  const decpt = exp + 1; // position of the decimal point relative to the digits
  if (decpt <= -4 || decpt > 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const ex = Math.abs(exp);
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${ex < 10 ? '0' : ''}${ex}`;
  }
  if (decpt <= 0) return `${sign}0.${'0'.repeat(-decpt)}${digits}`;
  if (decpt >= digits.length) return `${sign}${digits}${'0'.repeat(decpt - digits.length)}.0`;
  return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
}

/**
 * repr(complex): complex_repr() in Objects/complexobject.c. Parts use
 * repr(float) digits without the '.0' of integral values; the real part is
 * left out (and so are the parentheses) only when it is +0.0; the sign of a
 * NaN is never shown.
 */
export function reprComplex(real: number, imag: number): string {
  if (real === 0 && !Object.is(real, -0)) return `${complexPart(imag)}j`;
  const im = complexPart(imag);
  return `(${complexPart(real)}${im.startsWith('-') ? '' : '+'}${im}j)`;
}

function complexPart(x: number): string {
  const s = reprFloat(x);
  return s.endsWith('.0') ? s.slice(0, -2) : s;
}

export function reprInt(n: bigint): string {
  return n.toString();
}
