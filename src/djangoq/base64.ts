// Base64 and base62 exactly as Python/Django use them.
//
// Decoding reproduces CPython's binascii.a2b_base64 in its default
// (non-strict) mode: characters outside the alphabet are skipped, decoding
// stops at the first complete padding, and a dangling quad raises
// binascii.Error ("Incorrect padding" / "... cannot be 1 more than a
// multiple of 4"). Node's Buffer decoder is more forgiving, so a payload
// Python rejects would otherwise decode here.

import { SignedValueError } from './errors.js';

const STD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

// Byte -> 6-bit value, 0xff = not in the alphabet. Built once.
const TABLE_STD = buildTable(STD);
// urlsafe_b64decode translates '-' -> '+' and '_' -> '/' first, so both
// spellings of 62 and 63 are accepted.
const TABLE_URLSAFE = (() => {
  const t = TABLE_STD.slice();
  t[0x2d] = 62;
  t[0x5f] = 63;
  return t;
})();

function buildTable(alphabet: string): Uint8Array {
  const t = new Uint8Array(256).fill(0xff);
  for (let i = 0; i < alphabet.length; i++) t[alphabet.charCodeAt(i)] = i;
  return t;
}

/** binascii.a2b_base64(data) (strict_mode=False) over an alphabet table. */
function a2b(ascii: Uint8Array, table: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.floor((ascii.length * 3) / 4) + 3);
  let n = 0;
  let quad = 0;
  let pads = 0;
  let left = 0;
  for (let i = 0; i < ascii.length; i++) {
    const ch = ascii[i] as number;
    if (ch === 0x3d) {
      if (quad >= 2 && quad + ++pads >= 4) return out.subarray(0, n);
      continue;
    }
    const v = table[ch] as number;
    if (v === 0xff) continue;
    pads = 0;
    switch (quad) {
      case 0:
        quad = 1;
        left = v;
        break;
      case 1:
        quad = 2;
        out[n++] = (left << 2) | (v >> 4);
        left = v & 0x0f;
        break;
      case 2:
        quad = 3;
        out[n++] = ((left << 4) | (v >> 2)) & 0xff;
        left = v & 0x03;
        break;
      default:
        quad = 0;
        out[n++] = ((left << 6) | v) & 0xff;
        left = 0;
        break;
    }
  }
  if (quad === 1) {
    throw new SignedValueError(
      'Error',
      `Invalid base64-encoded string: number of data characters (${Math.floor(n / 3) * 4 + 1}) cannot be 1 more than a multiple of 4`,
    );
  }
  if (quad !== 0) throw new SignedValueError('Error', 'Incorrect padding');
  return out.subarray(0, n);
}

/** Django's signing.b64_decode: re-pad to a multiple of 4, then base64.urlsafe_b64decode. */
export function djangoB64Decode(s: string): Uint8Array {
  const bytes = Buffer.from(s, 'utf8'); // force_bytes
  const pad = (4 - (bytes.length % 4)) % 4;
  const padded = pad === 0 ? bytes : Buffer.concat([bytes, Buffer.from('='.repeat(pad))]);
  return a2b(padded, TABLE_URLSAFE);
}

/** Django's signing.b64_encode: urlsafe alphabet, '=' stripped. */
export function djangoB64Encode(data: Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64url');
}

/** base64.b64decode(s) as django-picklefield calls it (standard alphabet, non-strict). */
export function stdB64Decode(s: string): Uint8Array {
  return a2b(Buffer.from(s, 'utf8'), TABLE_STD);
}

/** base64.b64encode: standard alphabet with '=' padding. */
export function stdB64Encode(data: Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
}

const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** django.core.signing.b62_encode (also baseconv.base62 in Django <= 3.2). */
export function b62Encode(n: number | bigint): string {
  let v = BigInt(n);
  if (v === 0n) return '0';
  const neg = v < 0n;
  if (neg) v = -v;
  let s = '';
  while (v > 0n) {
    s = B62[Number(v % 62n)] + s;
    v /= 62n;
  }
  return neg ? `-${s}` : s;
}

/** django.core.signing.b62_decode; IndexError for '', ValueError for a character outside the alphabet. */
export function b62Decode(s: string): bigint {
  if (s === '0') return 0n;
  if (s === '') throw new SignedValueError('IndexError', 'string index out of range');
  let body = s;
  let sign = 1n;
  if (body[0] === '-') {
    body = body.slice(1);
    sign = -1n;
  }
  if (body.length > 1024) throw new SignedValueError('ValueError', 'timestamp too long');
  let v = 0n;
  for (const c of body) {
    const d = B62.indexOf(c);
    if (d < 0) throw new SignedValueError('ValueError', 'substring not found');
    v = v * 62n + BigInt(d);
  }
  return sign * v;
}
