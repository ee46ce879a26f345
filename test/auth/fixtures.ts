/**
 * Known-answer material for the authentication tests. The hashes below were
 * produced by Django 3.2's own hashers (python3-django, python3-argon2,
 * python3-bcrypt from Debian) and by hashlib.scrypt the way Django >= 4.0's
 * ScryptPasswordHasher calls it; the session and the password hash of the
 * worked example come from docs/formats.md §6–§7.
 */
import type { Kysely } from 'kysely';
import { dumpsJson } from '../../src/djangoq/index.js';
import { SESSION_SALT, sessionAuthHash } from '../../src/auth/session.js';
import type { Database } from '../../src/db/schema.js';
import { SESSION_TABLE } from '../helpers/database.js';

/** The reference setup's SECRET_KEY (§4.2). */
export const SECRET_KEY = 'oracle-insecure-secret-key-for-testing-only-0123456789abcdef';

/** §6: `make_password('oracle-admin-password', 'oraclesaltoraclesalt22')` at Django 3.2's 260000 iterations. */
export const ORACLE_PASSWORD = 'oracle-admin-password';
export const ORACLE_HASH = 'pbkdf2_sha256$260000$oraclesaltoraclesalt22$LzzFwMETNXO3A/FCxAH7W9iT0dSwWwo3CGUwmU/k6xk=';

/** §7: a session of user 1 (ModelBackend) with ORACLE_HASH, signed with SECRET_KEY at 1735787045. */
export const ORACLE_SESSION_DATA =
  '.eJxVjMEOwiAQBf-FsyFQoIBH7_0GsrCLVA0kpT0Z_9026UGvb-bNmwXY1hK2TkuYkV2ZZJffLUJ6Uj0APqDeG0-trssc-aHwk3Y-NaTX7XT_AgV62d8ZLKgUh4zGeC2jVjQmJfdATiARvRXOe8okIzllRwKSBhVqAjGAE-zzBRXXORc:1tTBVF:qJutegdt_w_gjBej3EB_dBQ21Dg-z3zlslM5gFx2WG0';
export const ORACLE_AUTH_HASH = 'fa7a3cb2fd55941b43e6c31bacfca1dd970899efe1be8376eae15d3d4ea02a80';
export const ORACLE_SESSION = {
  _auth_user_id: '1',
  _auth_user_backend: 'django.contrib.auth.backends.ModelBackend',
  _auth_user_hash: ORACLE_AUTH_HASH,
};
export const ORACLE_TIME = 1735787045;

/** The password every hash in HASHES is of (non-ASCII and a colon on purpose). */
export const FIXTURE_PASSWORD = 'corr\u00e9ct horse:battery staple';

/** Django-made hashes of FIXTURE_PASSWORD, one per supported hasher (low costs unless named). */
export const HASHES = {
  pbkdf2_sha256: 'pbkdf2_sha256$1000$fixturesaltfixturesalt$epyPPV0kPgxvTnO75cYvseFC96bP5TuOUSTtlEvdYIc=',
  pbkdf2_sha1: 'pbkdf2_sha1$1000$fixturesaltfixturesalt$GFGMOoBCAUpUgKOvdR5Hl7Odopc=',
  argon2id: 'argon2$argon2id$v=19$m=1024,t=2,p=2$Zml4dHVyZXNhbHRmaXh0dXJlc2FsdA$bcpIAvrx1M9MiasxXmITKQ',
  argon2i: 'argon2$argon2i$v=19$m=1024,t=2,p=2$DD4EH0nymb1Z2HFLQgXzwg$vpdHtCs53GqjqDtl7pyprg',
  argon2d: 'argon2$argon2d$v=19$m=1024,t=2,p=2$5iUi90q7rvCcUHFmLB3BdA$tgo3RugkzNmFgNCb501BjA',
  /** Django's default Argon2PasswordHasher parameters (100 MiB, t=2, p=8). */
  argon2idDjangoDefault: 'argon2$argon2id$v=19$m=102400,t=2,p=8$Zml4dHVyZXNhbHRmaXh0dXJlc2FsdA$zjy6JpUSGCmc3WUut6TfUA',
  bcrypt_sha256: 'bcrypt_sha256$$2b$04$k.QNKbkEbfwvHl4M9a.By.E30hivJ9j2SX8TlT2WGBEM8FZzStQIG',
  scrypt: 'scrypt$1024$fixturesaltfixturesalt$8$1$2WqdO9ZRDFP+ZDIWwiBEqxYwAGVRkOV9CHqP7oMj4YUJeETC7c+GBD0RLWv6u54YazWpCzEVm+SmTIYV+ERcDQ==',
} as const;

/** Hashes Django's default PASSWORD_HASHERS cannot check: never a match. */
export const UNCHECKABLE_HASHES = {
  unusable: '!Yq3ZbKq1x0O6bM3cS9u2xJ3d8W1gkz4AQ1cR8mN2',
  md5: 'md5$fixturesalt$1b4c39a3d2d1c8b9a9d1c9d9b0b0f0e0',
  bcrypt: '$2b$04$k.QNKbkEbfwvHl4M9a.By.E30hivJ9j2SX8TlT2WGBEM8FZzStQIG',
  gibberish: 'not a hash at all',
  empty: '',
};

/** Django's `_mask_cipher_secret` output for CSRF_SECRET (from Django 3.2). */
export const CSRF_SECRET = 'abcdefghijABCDEFGHIJ0123456789xy';
export const CSRF_MASKED = 'sdYWAOekonaWGPOlMmTiW6mtUhulWBrIse0ZETkrwwAn8iiQiTrRMXemOcqiUAO6';

export function basicHeader(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

/**
 * Django's `signing.dumps(data, salt=SessionStore salt, serializer=JSONSerializer,
 * compress=True)` at a given time and key: what SessionStore.encode writes.
 * (Node's zlib compresses differently from CPython's; Django inflates either.)
 */
export function mintSessionData(data: Record<string, unknown>, options: { secretKey?: string; time?: number } = {}): string {
  return dumpsJson(data, {
    key: options.secretKey ?? SECRET_KEY,
    salt: SESSION_SALT,
    compress: true,
    ...(options.time !== undefined ? { timestamp: options.time } : {}),
  });
}

/** The session dictionary Django's login() leaves for a user. */
export function loginSession(
  passwordHash: string,
  userId: number,
  options: { secretKey?: string; backend?: string } = {},
): Record<string, unknown> {
  return {
    _auth_user_id: String(userId),
    _auth_user_backend: options.backend ?? 'django.contrib.auth.backends.ModelBackend',
    _auth_user_hash: sessionAuthHash(passwordHash, options.secretKey ?? SECRET_KEY),
  };
}

let sessionCounter = 0;
/** A 32-char session key like Django's (lowercase letters and digits). */
export function sessionKey(): string {
  sessionCounter++;
  return `testsession${String(sessionCounter).padStart(6, '0')}${Math.random().toString(36).slice(2, 17)}`.slice(0, 32).padEnd(32, 'x');
}

export async function insertSession(
  db: Kysely<Database>,
  sessionData: string,
  options: { key?: string; expire?: Date; table?: 'django_session' | 'user_sessions_session'; userId?: number } = {},
): Promise<string> {
  const key = options.key ?? sessionKey();
  const expire = options.expire ?? new Date(Date.now() + 14 * 86400_000);
  if ((options.table ?? SESSION_TABLE) === 'django_session') {
    await db.insertInto('django_session').values({ session_key: key, session_data: sessionData, expire_date: expire }).execute();
  } else {
    const { sql } = await import('kysely');
    await sql`INSERT INTO user_sessions_session (session_key, session_data, expire_date, user_agent, last_activity, ip, user_id)
      VALUES (${key}, ${sessionData}, ${expire}, 'test', now(), '127.0.0.1', ${options.userId ?? null})`.execute(db);
  }
  return key;
}

/** django-user-sessions' table (InvenTree 0.15's SESSION_ENGINE), as its migration 0001–0005 leave it on PostgreSQL. */
export const USER_SESSIONS_DDL = `CREATE TABLE IF NOT EXISTS "user_sessions_session" (
  "session_key" varchar(40) NOT NULL PRIMARY KEY, "session_data" text NOT NULL,
  "expire_date" timestamp with time zone NOT NULL, "user_agent" varchar(200) NOT NULL,
  "last_activity" timestamp with time zone NOT NULL, "ip" inet NULL,
  "user_id" integer NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED)`;
