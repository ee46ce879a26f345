/**
 * The `sessionid` cookie: Django's database session store plus
 * `django.contrib.auth.get_user`, as DRF's SessionAuthentication sees them.
 *
 * InvenTree 0.15 (API 198) stores sessions with django-user-sessions
 * (`SESSION_ENGINE = 'user_sessions.backends.db'`, table
 * `user_sessions_session`); later releases use Django's own `django_session`.
 * Both hold the same signed data, so both tables are read when they exist.
 *
 * Session data is `signing.dumps(dict, salt='django.contrib.sessions.SessionStore',
 * serializer=JSONSerializer, compress=True)`; Django >= 4.0 does not read the
 * pre-3.1 format any more, and neither do we (refused with a log line).
 */
import type { FastifyBaseLogger } from 'fastify';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { createHash, createHmac } from 'node:crypto';
import { BadSignature, loadsJson } from '../djangoq/index.js';
import { constantTimeEqual } from './password-hashers.js';
import { type UserRow, userById } from './users.js';

export const SESSION_COOKIE_NAME = 'sessionid';
export const SESSION_SALT = 'django.contrib.sessions.SessionStore';
const AUTH_HASH_SALT = 'django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash';
const SESSION_TABLES = ['user_sessions_session', 'django_session'] as const;
const TABLE_RECHECK_MS = 60_000;

/**
 * InvenTree's AUTHENTICATION_BACKENDS (and its optional LDAP backend): get_user
 * ignores sessions whose `_auth_user_backend` is not listed. All of them load
 * the user by primary key and refuse inactive users.
 */
export const SESSION_BACKENDS = new Set([
  'django.contrib.auth.backends.RemoteUserBackend',
  'django.contrib.auth.backends.ModelBackend',
  'allauth.account.auth_backends.AuthenticationBackend',
  'sesame.backends.ModelBackend',
  'django_auth_ldap.backend.LDAPBackend',
]);

/** `django.utils.crypto.salted_hmac(key_salt, value, secret)` with SHA-256. */
function saltedHmac(keySalt: string, value: string, secret: string): Buffer {
  const key = createHash('sha256').update(keySalt, 'utf8').update(secret, 'utf8').digest();
  return createHmac('sha256', key).update(value, 'utf8').digest();
}

/** `AbstractBaseUser.get_session_auth_hash()` under one secret key. */
export function sessionAuthHash(passwordHash: string, secretKey: string): string {
  return saltedHmac(AUTH_HASH_SALT, passwordHash, secretKey).toString('hex');
}

/** Python's `int(str)` for the primary key in `_auth_user_id` (no underscores). */
function parsePk(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value !== 'string' || !/^\s*[+-]?\d+\s*$/.test(value)) return undefined;
  const n = Number(value.trim());
  return Number.isSafeInteger(n) ? n : undefined;
}

export interface SessionDeps {
  db: Kysely<Database>;
  /** SECRET_KEY then SECRET_KEY_FALLBACKS; empty = sessions cannot be verified. */
  secretKeys: string[];
  log: FastifyBaseLogger;
}

export class SessionAuthenticator {
  private tables: { names: string[]; checkedAt: number } | undefined;
  private warnedNoKey = false;
  private warnedCorrupt = false;

  constructor(private readonly deps: SessionDeps) {}

  /** The logged-in, active user of the session cookie, or undefined (anonymous). */
  async authenticate(sessionKey: string | undefined): Promise<UserRow | undefined> {
    // SessionBase._validate_session_key: shorter keys are treated as absent.
    if (sessionKey === undefined || sessionKey.length < 8 || sessionKey.length > 40 || sessionKey.includes('\0')) return undefined;
    if (!this.deps.secretKeys.length) {
      if (!this.warnedNoKey) {
        this.warnedNoKey = true;
        this.deps.log.warn('a sessionid cookie was sent but SECRET_KEY is not set: session cookies are refused');
      }
      return undefined;
    }
    for (const data of await this.sessionData(sessionKey)) {
      const user = await this.userOf(data);
      if (user) return user;
    }
    return undefined;
  }

  private async sessionTables(): Promise<string[]> {
    const now = Date.now();
    if (this.tables && now - this.tables.checkedAt < TABLE_RECHECK_MS) return this.tables.names;
    const { rows } = await sql<Record<string, boolean>>`
      SELECT to_regclass('user_sessions_session') IS NOT NULL AS user_sessions_session,
             to_regclass('django_session') IS NOT NULL AS django_session`.execute(this.deps.db);
    const names = SESSION_TABLES.filter((name) => rows[0]?.[name] === true);
    this.tables = { names, checkedAt: now };
    return names;
  }

  /** The `session_data` of every unexpired row with this key (normally at most one). */
  private async sessionData(sessionKey: string): Promise<string[]> {
    const found: string[] = [];
    for (const table of await this.sessionTables()) {
      const { rows } = await sql<{ session_data: string }>`
        SELECT session_data FROM ${sql.table(table)}
        WHERE session_key = ${sessionKey} AND expire_date > now()`.execute(this.deps.db);
      for (const row of rows) found.push(row.session_data);
    }
    return found;
  }

  /**
   * SessionStore.decode: a bad signature is logged ("Session data corrupted"
   * in Django), anything else (bad base64/zlib/JSON) is an empty session.
   */
  private decode(sessionData: string): Record<string, unknown> | undefined {
    let value: unknown;
    try {
      value = loadsJson(sessionData, { keys: this.deps.secretKeys, salt: SESSION_SALT, maxDecompressedBytes: 1 << 20 });
    } catch (err) {
      if (err instanceof BadSignature && !this.warnedCorrupt) {
        this.warnedCorrupt = true;
        const legacy = /^[0-9a-f]{40,64}:/.test(Buffer.from(sessionData, 'base64').toString('latin1'));
        this.deps.log.warn(
          legacy
            ? 'refusing a session stored in the pre-Django-3.1 format (Django >= 4.0 refuses it too); the user must log in again'
            : 'session data corrupted: its signature does not match SECRET_KEY or SECRET_KEY_FALLBACKS (further cases are not logged)',
        );
      }
      return undefined;
    }
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  }

  /** django.contrib.auth.get_user + DRF's is_active check. */
  private async userOf(sessionData: string): Promise<UserRow | undefined> {
    const session = this.decode(sessionData);
    if (!session) return undefined;
    const pk = parsePk(session._auth_user_id);
    const backend = session._auth_user_backend;
    const hash = session._auth_user_hash;
    if (pk === undefined || typeof backend !== 'string' || !SESSION_BACKENDS.has(backend)) return undefined;
    const user = await userById(this.deps.db, pk);
    if (!user?.is_active) return undefined;
    // The hash is of the current password hash: a password change logs out.
    // Django accepts a hash made under a fallback key too (and re-keys it).
    if (typeof hash !== 'string' || !hash) return undefined;
    const verified = this.deps.secretKeys.some((key) => constantTimeEqual(hash, sessionAuthHash(user.password, key)));
    return verified ? user : undefined;
  }
}
