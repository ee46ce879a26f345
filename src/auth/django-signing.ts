/**
 * The read side of `django.core.signing` that sessions need: TimestampSigner
 * (SHA-256, `SECRET_KEY` then `SECRET_KEY_FALLBACKS`), `.`-prefixed zlib,
 * JSONSerializer. Private to authentication: src/djangoq/ had no signing
 * module when this was written (see the report); both follow
 * shared/research/django-q-formats.md §4.1.
 */
import { createHash, createHmac } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { constantTimeEqual } from './password-hashers.js';
import { pythonB64decode } from './headers.js';

/** `django.utils.crypto.salted_hmac(key_salt, value, secret, algorithm='sha256')`. */
export function saltedHmac(keySalt: string, value: string | Uint8Array, secret: string): Buffer {
  const key = createHash('sha256').update(Buffer.from(keySalt + secret, 'utf8')).digest();
  return createHmac('sha256', key).update(typeof value === 'string' ? Buffer.from(value, 'utf8') : value).digest();
}

/** `django.core.signing.b64_encode`: URL-safe, padding stripped. */
export function b64Encode(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

/** `Signer.signature(value, key)`. */
export function signature(value: string, key: string, salt: string): string {
  return b64Encode(saltedHmac(`${salt}signer`, value, key));
}

export type Unsigned = { ok: true; value: unknown } | { ok: false; reason: 'bad-signature' | 'malformed' };

const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * `signing.loads(s, key, salt, serializer=JSONSerializer, fallback_keys)`
 * with `max_age=None`. 'bad-signature' is Django's BadSignature (logged by
 * the session store as "Session data corrupted"); 'malformed' is any other
 * failure (an empty session, silently).
 */
export function loadsJson(signed: string, keys: string[], salt: string, maxBytes = 1 << 20): Unsigned {
  const sep = signed.lastIndexOf(':');
  if (sep === -1) return { ok: false, reason: 'bad-signature' };
  const payload = signed.slice(0, sep);
  const sig = signed.slice(sep + 1);
  if (!keys.some((key) => constantTimeEqual(sig, signature(payload, key, salt)))) return { ok: false, reason: 'bad-signature' };
  const tsSep = payload.lastIndexOf(':');
  if (tsSep === -1) return { ok: false, reason: 'malformed' };
  if (![...payload.slice(tsSep + 1)].every((c) => B62.includes(c))) return { ok: false, reason: 'malformed' };
  let data = payload.slice(0, tsSep);
  const compressed = data.startsWith('.');
  if (compressed) data = data.slice(1);
  // b64_decode: URL-safe alphabet, re-padded, decoded as Python does.
  const standard = Buffer.from(data.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (data.length % 4)) % 4), 'latin1');
  const raw = pythonB64decode(standard);
  if (!raw) return { ok: false, reason: 'malformed' };
  try {
    const bytes = compressed ? inflateSync(raw, { maxOutputLength: maxBytes }) : raw;
    return { ok: true, value: JSON.parse(bytes.toString('latin1')) };
  } catch {
    return { ok: false, reason: 'malformed' };
  }
}
