/**
 * Writing a session the way `django.contrib.auth.login()` does, so that a
 * sign-in on our dashboard is a real InvenTree/Django session: the same
 * table, key alphabet, signed data, expiry and `last_login` update.
 *
 * What login() does (Django 4.2, auth/__init__.py), for a request without a
 * session yet:
 *   session.cycle_key()                      a new key: get_random_string(32, a-z0-9)
 *   session[_auth_user_id]      = str(user.pk)
 *   session[_auth_user_backend] = the backend authenticate() used
 *   session[_auth_user_hash]    = user.get_session_auth_hash()
 *   rotate_token(request)                    a new CSRF secret (cookie)
 *   user_logged_in → update_last_login       auth_user.last_login = now()
 * SessionMiddleware then saves: session_data = signing.dumps(dict,
 * salt='django.contrib.sessions.SessionStore', serializer=JSONSerializer,
 * compress=True), expire_date = now + SESSION_COOKIE_AGE (Django's default,
 * 1209600 s: InvenTree does not change it), and sets the `sessionid` cookie
 * (HttpOnly, SameSite=Lax, Path=/, Max-Age and Expires).
 *
 * Table: InvenTree 0.15 stores sessions with django-user-sessions
 * (`user_sessions_session`, which adds user_agent[:200], ip, user_id and
 * last_activity); Django's own engine uses `django_session`. The session is
 * written to the first of those that exists, in that order — the one the
 * reader in session.ts accepts and the one InvenTree of that version reads.
 *
 * logout() is `session.flush()`: the row is deleted (and a new empty session
 * started, which we do not need to store).
 */
import { randomInt } from 'node:crypto';
import { isIP } from 'node:net';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { dumpsJson } from '../djangoq/index.js';
import { SESSION_SALT, sessionAuthHash } from './session.js';
import type { UserRow } from './users.js';

/** Django's default SESSION_COOKIE_AGE (two weeks), which InvenTree keeps. */
export const SESSION_COOKIE_AGE_SECONDS = 1_209_600;
export const MODEL_BACKEND = 'django.contrib.auth.backends.ModelBackend';
export const ALLAUTH_BACKEND = 'allauth.account.auth_backends.AuthenticationBackend';

/** `django.contrib.sessions.backends.base.VALID_KEY_CHARS`. */
const VALID_KEY_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789';
/** `django.middleware.csrf.CSRF_ALLOWED_CHARS`. */
const CSRF_ALLOWED_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** `django.utils.crypto.get_random_string` (secrets.choice per character). */
export function randomString(length: number, alphabet: string): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** A new CSRF secret as `rotate_token` makes it (Django >= 4.1 stores the unmasked secret in the cookie). */
export function newCsrfSecret(): string {
  return randomString(32, CSRF_ALLOWED_CHARS);
}

export type SessionTable = 'user_sessions_session' | 'django_session';

/** The session table in use: django-user-sessions' when it exists (InvenTree 0.15), else Django's. */
export async function sessionTableInUse(db: Kysely<Database>): Promise<SessionTable | undefined> {
  const { rows } = await sql<{ us: boolean; dj: boolean }>`
    SELECT to_regclass('user_sessions_session') IS NOT NULL AS us, to_regclass('django_session') IS NOT NULL AS dj`.execute(db);
  if (rows[0]?.us) return 'user_sessions_session';
  if (rows[0]?.dj) return 'django_session';
  return undefined;
}

export interface LoginRequestInfo {
  /** `request.META['HTTP_USER_AGENT']` ('' when absent); django-user-sessions keeps its first 200 characters. */
  userAgent: string;
  /** `request.META['REMOTE_ADDR']`. */
  ip: string | undefined;
}

export interface CreatedSession {
  key: string;
  table: SessionTable;
  expires: Date;
  maxAgeSeconds: number;
}

export class SessionTableMissing extends Error {
  override name = 'SessionTableMissing';
}

/**
 * login(): one transaction writes the session row and the user's
 * `last_login` (Django runs them as two autocommitted statements; one
 * transaction only removes the window where one exists without the other).
 * Throws the database error (e.g. 42501/25006 on a read-only connection).
 */
export async function createLoginSession(
  db: Kysely<Database>,
  user: Pick<UserRow, 'id' | 'password'>,
  options: { secretKey: string; backend: string; request: LoginRequestInfo; table?: SessionTable },
): Promise<CreatedSession> {
  const table = options.table ?? (await sessionTableInUse(db));
  if (!table) throw new SessionTableMissing('neither user_sessions_session nor django_session exists');
  // Insertion order is the JSON key order Django produces.
  const data = {
    _auth_user_id: String(user.id),
    _auth_user_backend: options.backend,
    _auth_user_hash: sessionAuthHash(user.password, options.secretKey),
  };
  const sessionData = dumpsJson(data, { key: options.secretKey, salt: SESSION_SALT, compress: true });
  return db.transaction().execute(async (trx) => {
    for (;;) {
      const key = randomString(32, VALID_KEY_CHARS);
      // The expiry is computed from the database clock, as every other time comparison here.
      const inserted =
        table === 'user_sessions_session'
          ? await sql<{ expire_date: Date }>`
              INSERT INTO user_sessions_session (session_key, session_data, expire_date, user_agent, last_activity, ip, user_id)
              VALUES (${key}, ${sessionData}, now() + make_interval(secs => ${SESSION_COOKIE_AGE_SECONDS}),
                      ${options.request.userAgent.slice(0, 200)}, now(), ${ipOrNull(options.request.ip)}::inet, ${user.id})
              ON CONFLICT (session_key) DO NOTHING
              RETURNING expire_date`.execute(trx)
          : await sql<{ expire_date: Date }>`
              INSERT INTO django_session (session_key, session_data, expire_date)
              VALUES (${key}, ${sessionData}, now() + make_interval(secs => ${SESSION_COOKIE_AGE_SECONDS}))
              ON CONFLICT (session_key) DO NOTHING
              RETURNING expire_date`.execute(trx);
      // A key collision (SessionBase.create retries with a new key).
      const row = inserted.rows[0];
      if (!row) continue;
      await sql`UPDATE auth_user SET last_login = now() WHERE id = ${user.id}`.execute(trx);
      return { key, table, expires: new Date(row.expire_date), maxAgeSeconds: SESSION_COOKIE_AGE_SECONDS };
    }
  });
}

function ipOrNull(ip: string | undefined): string | null {
  if (!ip) return null;
  const bare = ip.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  return isIP(bare) ? bare : null;
}

/** logout(): `session.flush()` deletes the row of this key from whichever session table holds it. */
export async function deleteLoginSession(db: Kysely<Database>, sessionKey: string): Promise<number> {
  let deleted = 0;
  for (const table of ['user_sessions_session', 'django_session'] as const) {
    const exists = await sql<{ ok: boolean }>`SELECT to_regclass(${table}) IS NOT NULL AS ok`.execute(db);
    if (!exists.rows[0]?.ok) continue;
    const result = await sql`DELETE FROM ${sql.table(table)} WHERE session_key = ${sessionKey}`.execute(db);
    deleted += Number(result.numAffectedRows ?? 0);
  }
  return deleted;
}
