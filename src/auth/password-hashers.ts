/**
 * Django's password hashers, as far as Django's default PASSWORD_HASHERS
 * (which InvenTree keeps) reach: `pbkdf2_sha256`, `pbkdf2_sha1`, `argon2`,
 * `bcrypt_sha256` and `scrypt`. Anything else — an unusable `!…` password,
 * `md5$…`, plain `bcrypt$…`, gibberish — never matches, as in Django's
 * `check_password`.
 *
 * Every hasher runs off the event loop: PBKDF2 and scrypt on libuv's thread
 * pool (Node's async crypto), argon2 and bcrypt in a worker (hash-worker.ts).
 *
 * Unlike Django we never rewrite a stored hash after a successful check
 * (Django upgrades old iteration counts on login): this service must not
 * change InvenTree's users, and a rewritten hash would log out sessions.
 */
import { createHash, pbkdf2, randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { argon2Raw, bcryptVerify } from './hash-worker.js';

const pbkdf2Async = promisify(pbkdf2);
const scryptAsync = promisify(scrypt) as (
  password: Buffer,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

/** Django 5.2's PBKDF2 iteration count (what `bgtasks user create` uses). */
export const DJANGO_PBKDF2_ITERATIONS = 1_000_000;

/** Django's UNUSABLE_PASSWORD_PREFIX. */
export const UNUSABLE_PASSWORD_PREFIX = '!';

/**
 * The most a stored hash may ask for. Cost parameters come from the
 * database, and one row with `pbkdf2_sha256$2147483647$…` or an argon2 hash
 * of 4 GiB would otherwise take the service down with a single login
 * attempt. Each bound is several times what Django writes today (Django 5.2:
 * PBKDF2 1,000,000 iterations; argon2 m=102400 KiB, t=2, p=8; scrypt N=2^14,
 * r=8, p=1; bcrypt 12 rounds), so a future Django default still verifies. A
 * hash above a bound never matches and is reported (costProblem) so the
 * caller can log it. Mutable for tests only.
 */
export const HASH_COST_LIMITS = {
  pbkdf2Iterations: 5_000_000,
  argon2MemoryKiB: 262_144,
  argon2Time: 10,
  argon2Parallelism: 64,
  /** N·r·p (128·N·r bytes of memory per lane): 16 times Django's default. */
  scryptWork: 2 ** 21,
  bcryptRounds: 16,
};

/** How many expensive hash computations ran, per algorithm (metrics and tests). */
export const hasherStats = { pbkdf2: 0, argon2: 0, bcrypt: 0, scrypt: 0 };

const SALT_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Django's `get_random_string(22)`: the salt of a new hash (~128 bits). */
export function randomSalt(length = 22): string {
  let salt = '';
  for (let i = 0; i < length; i++) salt += SALT_CHARS[randomInt(SALT_CHARS.length)];
  return salt;
}

/** Constant-time comparison of two strings (false, quickly, when lengths differ — as Django's). */
export function constantTimeEqual(a: string | Uint8Array, b: string | Uint8Array): boolean {
  const x = typeof a === 'string' ? Buffer.from(a, 'utf8') : Buffer.from(a);
  const y = typeof b === 'string' ? Buffer.from(b, 'utf8') : Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const utf8 = (s: string) => Buffer.from(s, 'utf8');

// ---- PBKDF2 ---------------------------------------------------------------

const PBKDF2 = { pbkdf2_sha256: { digest: 'sha256', keylen: 32 }, pbkdf2_sha1: { digest: 'sha1', keylen: 20 } } as const;
type Pbkdf2Algorithm = keyof typeof PBKDF2;

async function pbkdf2Encode(algorithm: Pbkdf2Algorithm, password: string, salt: string, iterations: number): Promise<string> {
  const { digest, keylen } = PBKDF2[algorithm];
  hasherStats.pbkdf2++;
  const hash = await pbkdf2Async(utf8(password), utf8(salt), iterations, keylen, digest);
  return `${algorithm}$${iterations}$${salt}$${hash.toString('base64')}`;
}

/** `pbkdf2_sha256$<iterations>$<salt>$<base64>`, as Django's make_password writes it. */
export async function makePbkdf2Sha256(password: string, options: { iterations?: number; salt?: string } = {}): Promise<string> {
  const salt = options.salt ?? randomSalt();
  if (!salt || salt.includes('$')) throw new Error('salt must be non-empty and contain no "$"');
  return pbkdf2Encode('pbkdf2_sha256', password, salt, options.iterations ?? DJANGO_PBKDF2_ITERATIONS);
}

async function pbkdf2Verify(algorithm: Pbkdf2Algorithm, password: string, encoded: string): Promise<boolean> {
  // Django: split('$', 3), re-encode with the stored salt and count, compare
  // the whole strings. A count with leading zeros etc. re-encodes differently
  // and so never matches, exactly as in Django.
  const [, iterations, salt] = encoded.split('$');
  if (!iterations || !/^[1-9]\d{0,9}$/.test(iterations) || !salt) return false;
  return constantTimeEqual(await pbkdf2Encode(algorithm, password, salt, Number(iterations)), encoded);
}

// ---- argon2 ---------------------------------------------------------------

const ARGON2 = /^argon2\$(argon2id|argon2i|argon2d)\$(?:v=(\d+)\$)?m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

/** argon2's base64 (standard alphabet, no padding). */
function b64NoPad(text: string): Buffer | undefined {
  if (text.length % 4 === 1) return undefined;
  return Buffer.from(text, 'base64');
}

async function argon2Verify(password: string, encoded: string): Promise<boolean> {
  // Django: argon2-cffi's PasswordHasher().verify('$' + rest), i.e. the
  // reference library's decode + recompute + constant-time compare.
  const m = ARGON2.exec(encoded);
  if (!m) return false;
  const [, variant, version, memory, time, parallelism, saltText, hashText] = m;
  // hash-wasm implements argon2 1.3 (v=19); 1.0 hashes (v=16 or no v=) are
  // from argon2-cffi before 2016 and not written by any Django release.
  if (version !== '19') return false;
  const salt = b64NoPad(saltText ?? '');
  const expected = b64NoPad(hashText ?? '');
  if (!salt || !expected || salt.length < 8 || expected.length < 4) return false;
  hasherStats.argon2++;
  const actual = await argon2Raw({
    variant: variant as 'argon2id' | 'argon2i' | 'argon2d',
    password: utf8(password),
    salt,
    iterations: Number(time),
    parallelism: Number(parallelism),
    memorySize: Number(memory),
    hashLength: expected.length,
  });
  return constantTimeEqual(actual, expected);
}

// ---- bcrypt_sha256 --------------------------------------------------------

const BCRYPT = /^\$2[abxy]\$(0[4-9]|[12]\d|3[01])\$[./A-Za-z0-9]{53}$/;

async function bcryptSha256Verify(password: string, encoded: string): Promise<boolean> {
  // Django: bcrypt.hashpw(hexlify(sha256(password)), stored) and compare; the
  // pre-hash keeps long passwords from being truncated at 72 bytes.
  const data = encoded.slice('bcrypt_sha256$'.length);
  if (!BCRYPT.test(data)) return false;
  const prehashed = Buffer.from(createHash('sha256').update(utf8(password)).digest('hex'), 'ascii');
  hasherStats.bcrypt++;
  return bcryptVerify(prehashed, data);
}

// ---- scrypt ---------------------------------------------------------------

async function scryptVerify(password: string, encoded: string): Promise<boolean> {
  // Django >= 4.0: scrypt$<N>$<salt>$<r>$<p>$<base64 of 64 bytes>.
  const parts = encoded.split('$');
  if (parts.length !== 6) return false;
  const [, n, salt, r, p, _hash] = parts as [string, string, string, string, string, string];
  if (!salt || ![n, r, p].every((v) => /^[1-9]\d{0,9}$/.test(v))) return false;
  const N = Number(n);
  const R = Number(r);
  const P = Number(p);
  hasherStats.scrypt++;
  let derived: Buffer;
  try {
    derived = await scryptAsync(utf8(password), utf8(salt), 64, { N, r: R, p: P, maxmem: 256 * N * R + 64 * 1024 * 1024 });
  } catch {
    return false; // N not a power of two, or parameters OpenSSL refuses: Django would fail too
  }
  return constantTimeEqual(`scrypt$${N}$${salt}$${R}$${P}$${derived.toString('base64')}`, encoded);
}

// ---- cost bounds ----------------------------------------------------------

/**
 * Why a stored hash's cost parameters exceed HASH_COST_LIMITS, or undefined
 * when they do not (or the hash is not one we verify at all).
 */
export function costProblem(encoded: string): string | undefined {
  const limits = HASH_COST_LIMITS;
  const over = (what: string, value: number, max: number) => (value > max ? `${what} ${value} exceeds ${max}` : undefined);
  switch (identifyHasher(encoded)) {
    case 'pbkdf2_sha256':
    case 'pbkdf2_sha1': {
      const iterations = Number(encoded.split('$')[1]);
      return Number.isFinite(iterations) ? over('PBKDF2 iterations', iterations, limits.pbkdf2Iterations) : undefined;
    }
    case 'argon2': {
      const m = ARGON2.exec(encoded);
      if (!m) return undefined;
      return (
        over('argon2 memory (KiB)', Number(m[3]), limits.argon2MemoryKiB) ??
        over('argon2 time cost', Number(m[4]), limits.argon2Time) ??
        over('argon2 parallelism', Number(m[5]), limits.argon2Parallelism)
      );
    }
    case 'bcrypt_sha256': {
      const rounds = /^\$2[abxy]\$(\d\d)\$/.exec(encoded.slice('bcrypt_sha256$'.length));
      return rounds ? over('bcrypt rounds', Number(rounds[1]), limits.bcryptRounds) : undefined;
    }
    case 'scrypt': {
      const [, n, , r, p] = encoded.split('$');
      const work = Number(n) * Number(r) * Number(p);
      return Number.isFinite(work) ? over('scrypt N·r·p', work, limits.scryptWork) : undefined;
    }
    default:
      return undefined;
  }
}

// ---- dispatch -------------------------------------------------------------

type Verify = (password: string, encoded: string) => Promise<boolean>;

const HASHERS: Record<string, Verify> = {
  pbkdf2_sha256: (password, encoded) => pbkdf2Verify('pbkdf2_sha256', password, encoded),
  pbkdf2_sha1: (password, encoded) => pbkdf2Verify('pbkdf2_sha1', password, encoded),
  argon2: argon2Verify,
  bcrypt_sha256: bcryptSha256Verify,
  scrypt: scryptVerify,
};

/** The algorithm of a stored hash if we can verify it, else undefined. */
export function identifyHasher(encoded: string): string | undefined {
  if (!encoded || encoded.startsWith(UNUSABLE_PASSWORD_PREFIX)) return undefined;
  const algorithm = encoded.slice(0, encoded.indexOf('$') >>> 0);
  return Object.hasOwn(HASHERS, algorithm) ? algorithm : undefined;
}

/**
 * Django's `check_password(password, encoded)` without the hash upgrade.
 * Never throws for a malformed hash: that is a mismatch. A hash whose cost
 * exceeds HASH_COST_LIMITS is a mismatch too, computed not at all.
 */
export async function checkPassword(password: string, encoded: string): Promise<boolean> {
  const algorithm = identifyHasher(encoded);
  if (!algorithm || costProblem(encoded)) return false;
  try {
    return await (HASHERS[algorithm] as Verify)(password, encoded);
  } catch {
    return false;
  }
}

/**
 * A hash with the same algorithm and cost as `encoded` but a random salt and
 * digest: verifying against it costs what verifying against `encoded` costs
 * and never succeeds. Used when there is no user to check, so that an unknown
 * username takes as long as a wrong password (Django's ModelBackend does the
 * same by hashing once with the default hasher). Undefined for hashes we
 * cannot verify (those cost nothing either).
 */
export function decoyLike(encoded: string): string | undefined {
  const algorithm = identifyHasher(encoded);
  const salt = randomSalt();
  switch (algorithm) {
    case 'pbkdf2_sha256':
    case 'pbkdf2_sha1': {
      const iterations = encoded.split('$')[1] ?? '';
      if (!/^[1-9]\d{0,9}$/.test(iterations)) return undefined;
      return `${algorithm}$${iterations}$${salt}$${randomBytes(PBKDF2[algorithm].keylen).toString('base64')}`;
    }
    case 'argon2': {
      const m = ARGON2.exec(encoded);
      if (m?.[2] !== '19') return undefined;
      const hashLength = b64NoPad(m[7] ?? '')?.length ?? 16;
      const b64 = (n: number) => randomBytes(n).toString('base64').replace(/=+$/, '');
      return `argon2$${m[1]}$v=19$m=${m[3]},t=${m[4]},p=${m[5]}$${b64(16)}$${b64(hashLength)}`;
    }
    case 'bcrypt_sha256': {
      const data = encoded.slice('bcrypt_sha256$'.length);
      if (!BCRYPT.test(data)) return undefined;
      const alphabet = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
      let tail = '';
      for (let i = 0; i < 53; i++) tail += alphabet[randomInt(64)];
      return `bcrypt_sha256$${data.slice(0, 7)}${tail}`;
    }
    case 'scrypt': {
      const parts = encoded.split('$');
      if (parts.length !== 6) return undefined;
      return `scrypt$${parts[1]}$${salt}$${parts[3]}$${parts[4]}$${randomBytes(64).toString('base64')}`;
    }
    default:
      return undefined;
  }
}
