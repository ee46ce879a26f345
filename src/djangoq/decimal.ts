// decimal.Decimal construction without arithmetic: parse what Decimal(str)
// accepts and print it back with Decimal.__str__ (to-sci-string), so
// Decimal('1e2') reads as Decimal('1E+2') exactly as CPython shows it.
// Pickles normally carry the canonical str already; this matters for
// hand-made or Python 2 era data.

import { PickleLimitError, PythonError } from './errors.js';

// Decimal(str) syntax (decimal module spec), after stripping whitespace.
// Underscores are allowed between digits (PEP 515).
const NUMBER = /^([+-]?)(?:(\d(?:_?\d)*)(?:\.((?:\d(?:_?\d)*)?))?|\.(\d(?:_?\d)*))(?:[eE]([+-]?\d(?:_?\d)*))?$/;
const SPECIAL = /^([+-]?)(?:(inf(?:inity)?)|(s?nan)(\d*))$/i;
// Surrounding whitespace is ignored (JS \s is close enough to Python's str.isspace here).
const WS = /^\s+|\s+$/g;

/** Canonical `str(Decimal(text))`; throws PythonError('InvalidOperation') like CPython. */
export function canonicalDecimal(text: string): string {
  const s = text.replace(WS, '');
  const sp = SPECIAL.exec(s);
  if (sp) {
    const sign = sp[1] === '-' ? '-' : '';
    if (sp[2] !== undefined) return `${sign}Infinity`;
    const kind = (sp[3] as string).toLowerCase() === 'snan' ? 'sNaN' : 'NaN';
    const payload = (sp[4] as string).replace(/^0+/, '');
    return `${sign}${kind}${payload}`;
  }
  const m = NUMBER.exec(s);
  if (!m) throw new PythonError('InvalidOperation', "[<class 'decimal.ConversionSyntax'>]");
  const sign = m[1] === '-' ? '-' : '';
  const intPart = (m[2] ?? '').replace(/_/g, '');
  const fracPart = (m[3] ?? m[4] ?? '').replace(/_/g, '');
  const expPart = m[5] === undefined ? 0n : BigInt(m[5].replace(/_/g, ''));
  let coeff = (intPart + fracPart).replace(/^0+/, '');
  if (coeff === '') coeff = '0';
  const exp = expPart - BigInt(fracPart.length);
  return toSciString(sign, coeff, exp);
}

/**
 * Largest Decimal(int) printed, in digits. Python has no such limit, but
 * printing an int in decimal costs superlinear time (V8: ~70 ms for the
 * 157,826 digits of the largest LONG4 the unpickler accepts, and a memoised
 * int can be converted again and again): far beyond any real amount.
 */
export const MAX_DECIMAL_INT_DIGITS = 20_000;
const DECIMAL_INT_LIMIT = 10n ** BigInt(MAX_DECIMAL_INT_DIGITS);

/** Decimal(int) text; PickleLimitError beyond MAX_DECIMAL_INT_DIGITS. */
export function decimalFromInt(n: bigint): string {
  if (n >= DECIMAL_INT_LIMIT || n <= -DECIMAL_INT_LIMIT)
    throw new PickleLimitError(`Decimal(int) of more than ${MAX_DECIMAL_INT_DIGITS} digits`);
  return n.toString();
}

/** Exact Decimal(float) text, as CPython's Decimal.from_float. */
export function decimalFromFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  // x = mant * 2**e2 with an integer mantissa.
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & 0xfffffffffffffn;
  let e2: number;
  if (biased === 0) e2 = -1074;
  else {
    mant |= 1n << 52n;
    e2 = biased - 1075;
  }
  if (mant === 0n) return `${sign}0`;
  while ((mant & 1n) === 0n) {
    mant >>= 1n;
    e2++;
  }
  if (e2 >= 0) return toSciString(sign, (mant << BigInt(e2)).toString(), 0n);
  // mant / 2**k = mant * 5**k / 10**k
  const k = -e2;
  return toSciString(sign, (mant * 5n ** BigInt(k)).toString(), BigInt(-k));
}

/** Decimal.__str__ (eng=False) for a sign, digit string without leading zeros, and exponent. */
function toSciString(sign: string, coeff: string, exp: bigint): string {
  const leftdigits = exp + BigInt(coeff.length);
  let dotplace: bigint;
  if (exp <= 0n && leftdigits > -6n) dotplace = leftdigits;
  else dotplace = 1n;
  let intpart: string;
  let fracpart: string;
  if (dotplace <= 0n) {
    intpart = '0';
    fracpart = `.${'0'.repeat(Number(-dotplace))}${coeff}`;
  } else if (dotplace >= BigInt(coeff.length)) {
    intpart = coeff + '0'.repeat(Number(dotplace - BigInt(coeff.length)));
    fracpart = '';
  } else {
    const d = Number(dotplace);
    intpart = coeff.slice(0, d);
    fracpart = `.${coeff.slice(d)}`;
  }
  const e = leftdigits - dotplace;
  const expStr = e === 0n ? '' : `E${e > 0n ? '+' : '-'}${(e < 0n ? -e : e).toString()}`;
  return sign + intpart + fracpart + expStr;
}
