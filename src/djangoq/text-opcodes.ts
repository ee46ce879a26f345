// Argument parsing of the protocol 0/1 text opcodes (INT, LONG, FLOAT,
// STRING, UNICODE, GET/PUT), following CPython's C unpickler (_pickle.c),
// including its quirks (INT goes through C strtol with base 0, so "017" is
// octal 15). Lines passed in still end with '\n'.

import { PickleLimitError, PythonError, UnpicklingError } from './errors.js';

/** CPython 3.11's int_max_str_digits: int(str) refuses longer decimal strings. */
export const MAX_STR_DIGITS = 4300;

const C_SPACE = /^[ \t\n\v\f\r]*/;

/**
 * Python has no digit limit for int() in a power-of-two base (0x…, 0o…,
 * 0b…): such text could build an int as large as the whole input, of which
 * every later use (hashing, Decimal, comparison) pays. Capped at the size the
 * binary LONG1/LONG4 opcodes may carry (`maxBits`), counted in digits so the
 * check costs nothing beyond the regex that found them.
 */
function checkRadixDigits(digits: number, bitsPerDigit: number, maxBits: number): void {
  if (digits > Math.ceil(maxBits / bitsPerDigit))
    throw new PickleLimitError(`integer text of ${digits} base-${2 ** bitsPerDigit} digits exceeds the ${maxBits}-bit limit`);
}

/** Digits of a `0x…`/`0o…`/`0b…` body, underscores not counted. */
function countDigits(body: string): number {
  let n = 0;
  for (let i = 0; i < body.length; i++) if (body.charCodeAt(i) !== 0x5f) n++;
  return n;
}

/** INT: strtol(s, &end, 0), falling back to int(s, 0) on overflow or trailing junk. */
export function parseIntOpcode(line: string, maxBits = Number.POSITIVE_INFINITY): bigint | boolean {
  const m = /^[ \t\n\v\f\r]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(line);
  if (m) {
    const rest = line.slice(m[0].length);
    if (rest === '' || rest[0] === '\n') {
      const body = m[2] as string;
      let v: bigint;
      if (body.length > 1 && (body[1] === 'x' || body[1] === 'X')) {
        checkRadixDigits(body.length - 2, 4, maxBits);
        v = BigInt(`0x${body.slice(2)}`);
      } else if (body.length > 1 && body[0] === '0') {
        checkRadixDigits(body.length - 1, 3, maxBits);
        v = BigInt(`0o${body.slice(1)}`);
      }
      else if (body.length <= 19) v = BigInt(body);
      else v = 1n << 64n; // certainly out of range: let the fallback decide
      if (m[1] === '-') v = -v;
      if (v >= -(1n << 63n) && v < 1n << 63n) {
        // "I00\n" / "I01\n" are how protocol 0 spells False / True.
        if (line.length === 3 && (v === 0n || v === 1n)) return v === 1n;
        return v;
      }
    }
  }
  try {
    return pyLongFromString(line, maxBits);
  } catch (err) {
    if (err instanceof PickleLimitError) throw err;
    throw new PythonError('ValueError', 'could not convert string to int');
  }
}

/** LONG: int(s, 0) after dropping one trailing 'L' (Python 2 wrote "123L"). */
export function parseLongOpcode(line: string, maxBits = Number.POSITIVE_INFINITY): bigint {
  let s = line;
  if (s.length >= 2 && s[s.length - 2] === 'L') s = s.slice(0, s.length - 2);
  return pyLongFromString(s, maxBits);
}

/** PyLong_FromString(s, NULL, 0): int(s, 0) syntax, with the 4300-digit limit for decimal. */
export function pyLongFromString(text: string, maxBits = Number.POSITIVE_INFINITY): bigint {
  const s = text.replace(C_SPACE, '').replace(/[ \t\n\v\f\r]*$/, '');
  const m =
    /^([+-]?)(?:0([xX])((?:_?[0-9a-fA-F])+)|0([oO])((?:_?[0-7])+)|0([bB])((?:_?[01])+)|(0+(?:_?0)*)|([1-9](?:_?[0-9])*))$/.exec(
      s,
    );
  if (!m) throw new PythonError('ValueError', `invalid literal for int() with base 0: ${JSON.stringify(text)}`);
  let v: bigint;
  if (m[2]) {
    checkRadixDigits(countDigits(m[3] as string), 4, maxBits);
    v = BigInt(`0x${(m[3] as string).replace(/_/g, '')}`);
  } else if (m[4]) {
    checkRadixDigits(countDigits(m[5] as string), 3, maxBits);
    v = BigInt(`0o${(m[5] as string).replace(/_/g, '')}`);
  } else if (m[6]) {
    checkRadixDigits(countDigits(m[7] as string), 1, maxBits);
    v = BigInt(`0b${(m[7] as string).replace(/_/g, '')}`);
  }
  else if (m[8]) v = 0n;
  else {
    const digits = (m[9] as string).replace(/_/g, '');
    if (digits.length > MAX_STR_DIGITS) {
      throw new PythonError(
        'ValueError',
        `Exceeds the limit (${MAX_STR_DIGITS} digits) for integer string conversion: value has ${digits.length} digits; use sys.set_int_max_str_digits() to increase the limit`,
      );
    }
    v = BigInt(digits);
  }
  return m[1] === '-' ? -v : v;
}

/** FLOAT: PyOS_string_to_double, which must stop exactly at the newline. */
export function parseFloatOpcode(line: string): number {
  const body = line.endsWith('\n') ? line.slice(0, -1) : line;
  const m = /^([+-]?)(?:(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|(inf|infinity)|(nan))$/i.exec(body);
  if (!m) throw new PythonError('ValueError', 'could not convert string to float');
  const neg = m[1] === '-';
  if (m[3] !== undefined) return neg ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (m[4] !== undefined) return Number.NaN;
  const v = Number(m[2]);
  if (!Number.isFinite(v)) throw new PythonError('OverflowError', `value too large to convert to float: '${body}'`);
  return neg ? -v : v;
}

/** STRING: a quoted Python 2 str literal -> bytes (PyBytes_DecodeEscape). */
export function parseStringOpcode(line: string): Uint8Array {
  const body = line.endsWith('\n') ? line.slice(0, -1) : line;
  const q = body[0];
  if (body.length < 2 || (q !== "'" && q !== '"') || body[body.length - 1] !== q) {
    throw new UnpicklingError('the STRING opcode argument must be quoted', 'BAD_ARGUMENT', 'UnpicklingError');
  }
  return decodeEscape(body.slice(1, -1));
}

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = {
  '\\': 0x5c,
  "'": 0x27,
  '"': 0x22,
  b: 0x08,
  f: 0x0c,
  t: 0x09,
  n: 0x0a,
  r: 0x0d,
  v: 0x0b,
  a: 0x07,
};

/** `s` holds one char per byte (the line was decoded as latin-1). */
function decodeEscape(s: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c !== '\\') {
      out.push(c.charCodeAt(0));
      continue;
    }
    i++;
    if (i >= s.length) throw new PythonError('ValueError', 'Trailing \\ in string');
    const e = s[i] as string;
    if (e === '\n') continue;
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      out.push(simple);
    } else if (e >= '0' && e <= '7') {
      let v = e.charCodeAt(0) - 48;
      for (let k = 0; k < 2 && i + 1 < s.length && (s[i + 1] as string) >= '0' && (s[i + 1] as string) <= '7'; k++) {
        i++;
        v = v * 8 + ((s[i] as string).charCodeAt(0) - 48);
      }
      out.push(v & 0xff);
    } else if (e === 'x') {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new PythonError('ValueError', `invalid \\x escape at position ${i - 1}`);
      out.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      // Unknown escapes stay as written (with a DeprecationWarning in CPython).
      out.push(0x5c, e.charCodeAt(0));
    }
  }
  return Uint8Array.from(out);
}

/** UNICODE: raw-unicode-escape. Only \\uXXXX / \\UXXXXXXXX after an odd run of backslashes are escapes. */
export function decodeRawUnicodeEscape(s: string): string {
  let out = '';
  let i = 0;
  while (i < s.length) {
    const c = s[i] as string;
    if (c !== '\\') {
      out += c;
      i++;
      continue;
    }
    let j = i;
    while (j < s.length && s[j] === '\\') j++;
    const run = j - i;
    const next = s[j];
    if (run % 2 === 0 || (next !== 'u' && next !== 'U')) {
      out += s.slice(i, j);
      i = j;
      continue;
    }
    out += '\\'.repeat(run - 1);
    const count = next === 'u' ? 4 : 8;
    const hex = s.slice(j + 1, j + 1 + count);
    if (hex.length !== count || !/^[0-9a-fA-F]+$/.test(hex)) {
      throw new PythonError(
        'UnicodeDecodeError',
        `'rawunicodeescape' codec can't decode bytes in position ${j - 1}-${j + hex.length}: truncated \\${next}XXXX escape`,
      );
    }
    const cp = Number.parseInt(hex, 16);
    if (cp > 0x10ffff) {
      throw new PythonError('UnicodeDecodeError', `'rawunicodeescape' codec can't decode bytes: \\Uxxxxxxxx out of range`);
    }
    out += String.fromCodePoint(cp);
    i = j + 1 + count;
  }
  return out;
}

/** GET / PUT argument: a decimal index. */
export function parseMemoIndex(line: string, op: 'GET' | 'PUT'): number {
  const v = pyLongFromDecimal(line);
  if (op === 'PUT' && v < 0n) throw new PythonError('ValueError', 'negative PUT argument');
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new PythonError('OverflowError', 'Python int too large to convert to C ssize_t');
  }
  return Number(v);
}

function pyLongFromDecimal(line: string): bigint {
  const s = line.trim();
  if (!/^[+-]?\d(?:_?\d)*$/.test(s) || s.length > MAX_STR_DIGITS + 1) {
    throw new PythonError('ValueError', `invalid literal for int() with base 10: ${JSON.stringify(line)}`);
  }
  return BigInt(s.replace(/_/g, ''));
}
