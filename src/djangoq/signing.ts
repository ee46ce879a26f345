// django.core.signing, as django-q and Django sessions use it:
//
//   signed    = value ":" base62(timestamp) ":" signature
//   value     = ["."] base64url_nopad([zlib] serialized)
//   signature = base64url_nopad(HMAC-SHA256(SHA256(salt + "signer" + secret), value ":" timestamp))
//
// Verification tries each secret in order (SECRET_KEY, then
// SECRET_KEY_FALLBACKS as Django >= 4.1 does) with a constant-time compare,
// and optionally Django 3.1/3.2's legacy SHA-1 signature. Derived keys are
// cached, since a pending list verifies thousands of payloads with one key.

import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';
import { b62Decode, b62Encode, djangoB64Decode, djangoB64Encode } from './base64.js';
import { BadSignature, SignatureExpired, SignedValueError } from './errors.js';
import { pickle } from './pickler.js';
import { pyJsonDumps } from './py-json.js';
import { type UnpickleOptions, unpickle } from './unpickler.js';
import type { PyValue } from './values.js';

export type SigningAlgorithm = 'sha256';

export interface UnsignOptions {
  /** Secrets to try, in order: SECRET_KEY, then SECRET_KEY_FALLBACKS. */
  keys: readonly string[];
  salt: string;
  algorithm?: SigningAlgorithm;
  /** Also accept Django 3.1/3.2's legacy SHA-1 signatures (27 characters). */
  allowLegacySha1?: boolean;
  /** Seconds; raise SignatureExpired when older (django-q and sessions never set it). */
  maxAge?: number;
  /** Current time in seconds for maxAge (default: now). */
  now?: number;
}

export interface Unsigned {
  /** The signed value (still base64, maybe '.'-prefixed). */
  value: string;
  /** Seconds since the epoch, from the base62 timestamp. */
  timestamp: number;
  /** Index in `keys` of the secret that matched (-1 when not verified). */
  keyIndex: number;
}

export interface SignOptions {
  key: string;
  salt: string;
  /** Seconds since the epoch; default now. */
  timestamp?: number;
  algorithm?: SigningAlgorithm;
}

const SEP = ':';

// -- keys and signatures -------------------------------------------------------

const derivedKeys = new Map<string, Buffer>();

/** salted_hmac's key: H(key_salt + secret) with key_salt = salt + "signer". */
export function deriveKey(secret: string, salt: string, hash: 'sha256' | 'sha1' = 'sha256'): Buffer {
  const id = `${hash}\u0000${salt}\u0000${secret}`;
  let k = derivedKeys.get(id);
  if (k === undefined) {
    k = createHash(hash).update(`${salt}signer`, 'utf8').update(secret, 'utf8').digest();
    if (derivedKeys.size >= 64) derivedKeys.clear();
    derivedKeys.set(id, k);
  }
  return k;
}

/** Signer.signature(value): base64url(HMAC(derived key, value)) without padding. */
export function signature(value: string, secret: string, salt: string, hash: 'sha256' | 'sha1' = 'sha256'): string {
  return createHmac(hash, deriveKey(secret, salt, hash)).update(value, 'utf8').digest('base64url');
}

function constantTimeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

// -- sign / unsign ------------------------------------------------------------------

/** TimestampSigner(key, salt=salt).sign(value). */
export function sign(value: string, opts: SignOptions): string {
  const ts = b62Encode(opts.timestamp ?? Math.floor(Date.now() / 1000));
  const withTs = `${value}${SEP}${ts}`;
  return `${withTs}${SEP}${signature(withTs, opts.key, opts.salt)}`;
}

/** TimestampSigner.unsign(): verify, then split off the timestamp. Throws BadSignature. */
export function unsign(signed: string, opts: UnsignOptions): Unsigned {
  const cut = signed.lastIndexOf(SEP);
  if (cut < 0) throw new BadSignature(`No "${SEP}" found in value`);
  const valueTs = signed.slice(0, cut);
  const sig = signed.slice(cut + 1);
  let keyIndex = -1;
  for (let i = 0; i < opts.keys.length; i++) {
    const key = opts.keys[i] as string;
    if (
      constantTimeEqual(sig, signature(valueTs, key, opts.salt)) ||
      (opts.allowLegacySha1 === true && constantTimeEqual(sig, signature(valueTs, key, opts.salt, 'sha1')))
    ) {
      keyIndex = i;
      break;
    }
  }
  if (keyIndex < 0) throw new BadSignature(`Signature "${sig}" does not match`);
  const out = splitTimestamp(valueTs, keyIndex);
  if (opts.maxAge !== undefined) {
    const age = (opts.now ?? Date.now() / 1000) - out.timestamp;
    if (age > opts.maxAge) throw new SignatureExpired(`Signature age ${age} > ${opts.maxAge} seconds`);
  }
  return out;
}

/** The same split without checking the HMAC (for a service that has no SECRET_KEY). */
export function unsignUnverified(signed: string): Unsigned {
  const cut = signed.lastIndexOf(SEP);
  if (cut < 0) throw new BadSignature(`No "${SEP}" found in value`);
  return splitTimestamp(signed.slice(0, cut), -1);
}

function splitTimestamp(valueTs: string, keyIndex: number): Unsigned {
  const cut = valueTs.lastIndexOf(SEP);
  // Python: `value, timestamp = result.rsplit(sep, 1)` -> ValueError when there is no timestamp.
  if (cut < 0) throw new SignedValueError('ValueError', 'not enough values to unpack (expected 2, got 1)');
  const ts = b62Decode(valueTs.slice(cut + 1));
  return { value: valueTs.slice(0, cut), timestamp: Number(ts), keyIndex };
}

// -- value encoding -----------------------------------------------------------------

export interface DecodeValueOptions {
  /** Inflated size limit for '.'-compressed values (zip bombs). Default 16 MiB. */
  maxDecompressedBytes?: number;
}

/** signing.loads() after unsign: strip '.', base64-decode, inflate if it was compressed. */
export function decodeSignedValue(value: string, opts: DecodeValueOptions = {}): Uint8Array {
  const compressed = value.startsWith('.');
  const data = djangoB64Decode(compressed ? value.slice(1) : value);
  if (!compressed) return data;
  try {
    return inflateSync(data, { maxOutputLength: opts.maxDecompressedBytes ?? 16 * 1024 * 1024 });
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new SignedValueError('MemoryError', 'decompressed value exceeds the size limit');
    }
    // zlib.error's class name is "error".
    throw new SignedValueError('error', `Error while decompressing data: ${(e as Error).message}`);
  }
}

/** signing.dumps() before sign: zlib only when it saves at least 2 bytes (then a '.' prefix). */
export function encodeSignedValue(data: Uint8Array, compress = false): string {
  if (compress) {
    const z = deflateSync(data, { level: 6 });
    if (z.length < data.length - 1) return `.${djangoB64Encode(z)}`;
  }
  return djangoB64Encode(data);
}

// -- serializers ----------------------------------------------------------------------

export interface LoadsOptions extends UnsignOptions, DecodeValueOptions {
  /** false: skip the HMAC check (no SECRET_KEY configured). Default true. */
  verify?: boolean;
}

export interface DumpsOptions extends SignOptions {
  compress?: boolean;
}

/** signing.loads(s, key, salt, serializer=PickleSerializer). */
export function loadsPickle(signed: string, opts: LoadsOptions, unpickleOptions?: UnpickleOptions): PyValue {
  const u = opts.verify === false ? unsignUnverified(signed) : unsign(signed, opts);
  return unpickle(decodeSignedValue(u.value, opts), unpickleOptions);
}

/** signing.dumps(obj, key, salt, serializer=PickleSerializer, compress). */
export function dumpsPickle(value: PyValue, opts: DumpsOptions): string {
  return sign(encodeSignedValue(pickle(value), opts.compress), opts);
}

/** signing.loads with JSONSerializer (Django sessions): json.loads(data.decode('latin-1')). */
export function loadsJson(signed: string, opts: LoadsOptions): unknown {
  const u = opts.verify === false ? unsignUnverified(signed) : unsign(signed, opts);
  const text = Buffer.from(decodeSignedValue(u.value, opts)).toString('latin1');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new SignedValueError('JSONDecodeError', (e as Error).message);
  }
}

/** signing.dumps with JSONSerializer: json.dumps(obj, separators=(",", ":")).encode("latin-1"). */
export function dumpsJson(obj: unknown, opts: DumpsOptions): string {
  return sign(encodeSignedValue(Buffer.from(pyJsonDumps(obj), 'latin1'), opts.compress), opts);
}
