// UTF-8 with Python's 'surrogatepass' error handler, which pickle uses for
// every str (BINUNICODE*): lone surrogates U+D800..U+DFFF travel as 3-byte
// sequences (ED A0 80 ...). Strict UTF-8 decoders reject those, so we try the
// fast native decoder first and fall back to a manual one only when it fails.

import { PythonError } from './errors.js';

// ignoreBOM: a leading U+FEFF is data in Python, not a byte-order mark.
const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();
// With the u flag a paired surrogate is one code point, so this only finds lone ones.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

export function decodeUtf8SurrogatePass(bytes: Uint8Array): string {
  if (isAscii(bytes)) return asciiToString(bytes);
  try {
    return strictDecoder.decode(bytes);
  } catch {
    return decodeManually(bytes);
  }
}

export function encodeUtf8SurrogatePass(s: string): Uint8Array {
  if (!LONE_SURROGATE.test(s)) return encoder.encode(s);
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    // A surrogate pair is one code point; a lone surrogate stays itself (as in Python).
    const cp = s.codePointAt(i)!;
    if (cp > 0xffff) i++;
    pushCodePoint(out, cp);
  }
  return Uint8Array.from(out);
}

function pushCodePoint(out: number[], cp: number): void {
  if (cp < 0x80) out.push(cp);
  else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
  else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
}

function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if ((bytes[i] as number) >= 0x80) return false;
  return true;
}

/** Latin-1 / ASCII bytes to a string, in chunks (String.fromCharCode has an argument limit). */
export function asciiToString(bytes: Uint8Array): string {
  if (bytes.length < 4096) return String.fromCharCode.apply(null, bytes as unknown as number[]);
  let s = '';
  for (let i = 0; i < bytes.length; i += 4096) {
    s += String.fromCharCode.apply(null, bytes.subarray(i, i + 4096) as unknown as number[]);
  }
  return s;
}

function decodeError(bytes: Uint8Array, pos: number, end: number, reason: string): PythonError {
  const what =
    end - pos <= 1
      ? `byte 0x${(bytes[pos] as number).toString(16).padStart(2, '0')} in position ${pos}`
      : `bytes in position ${pos}-${end - 1}`;
  return new PythonError('UnicodeDecodeError', `'utf-8' codec can't decode ${what}: ${reason}`);
}

function decodeManually(bytes: Uint8Array): string {
  const parts: string[] = [];
  let units: number[] = [];
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b0 = bytes[i] as number;
    let cp: number;
    let len: number;
    if (b0 < 0x80) {
      cp = b0;
      len = 1;
    } else if (b0 >= 0xc2 && b0 <= 0xdf) {
      len = 2;
      cp = b0 & 0x1f;
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
      len = 3;
      cp = b0 & 0x0f;
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      len = 4;
      cp = b0 & 0x07;
    } else {
      throw decodeError(bytes, i, i + 1, 'invalid start byte');
    }
    if (len > 1) {
      for (let k = 1; k < len; k++) {
        if (i + k >= n) throw decodeError(bytes, i, n, 'unexpected end of data');
        const b = bytes[i + k] as number;
        // Second-byte ranges exclude overlong forms and > U+10FFFF; surrogates
        // (ED A0..BF) are allowed on purpose (surrogatepass).
        const lo = k === 1 && b0 === 0xe0 ? 0xa0 : k === 1 && b0 === 0xf0 ? 0x90 : 0x80;
        const hi = k === 1 && b0 === 0xf4 ? 0x8f : 0xbf;
        if (b < lo || b > hi) throw decodeError(bytes, i, i + k, 'invalid continuation byte');
        cp = (cp << 6) | (b & 0x3f);
      }
    }
    if (cp >= 0x10000) {
      cp -= 0x10000;
      units.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
    } else {
      units.push(cp);
    }
    if (units.length >= 4096) {
      parts.push(String.fromCharCode.apply(null, units));
      units = [];
    }
    i += len;
  }
  parts.push(String.fromCharCode.apply(null, units));
  return parts.join('');
}
