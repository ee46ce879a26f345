/**
 * Whom InvenTree 0.15's InfoView (`GET /api/`) treats as staff. InfoView is a
 * plain Django view, so DRF's authenticators never run for it: `request.user`
 * is the session user of Django's AuthenticationMiddleware (no CSRF check on a
 * GET), and when that is anonymous, `check_auth_header` accepts an
 * `Authorization: Token <key>` header whose token is active (not revoked, not
 * expired) and whose user is staff — without looking at `is_active`. Basic
 * credentials count for nothing, and a bad header is no error: the answer is
 * the anonymous one. Nothing is written (no `last_seen`), no attempt counted.
 */
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { todayIn } from './dates.js';
import { parseCookies } from './headers.js';
import { SESSION_COOKIE_NAME, SessionAuthenticator } from './session.js';

/** Python's str.split() separators (str.isspace), which `auth.split()` uses. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: Python counts \x1c-\x1f as whitespace
const PY_WHITESPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

export interface InfoStaffDeps {
  db: Kysely<Database>;
  secretKeys: string[];
  timeZone: string;
  log: FastifyBaseLogger;
}

export class InfoStaffCheck {
  private readonly session: SessionAuthenticator;

  constructor(private readonly deps: InfoStaffDeps) {
    this.session = new SessionAuthenticator({ db: deps.db, secretKeys: deps.secretKeys, log: deps.log });
  }

  async isStaff(request: FastifyRequest): Promise<boolean> {
    const user = await this.session.authenticate(parseCookies(request.headers.cookie).get(SESSION_COOKIE_NAME));
    if (user) return user.is_staff;
    return this.tokenIsStaff(request.headers.authorization);
  }

  /** `check_auth_header`: `auth.lower().startswith('token') and len(auth.split()) == 2`. */
  private async tokenIsStaff(header: string | string[] | undefined): Promise<boolean> {
    const value = Array.isArray(header) ? header[0] : header;
    if (!value) return false;
    const parts = value.split(PY_WHITESPACE).filter(Boolean);
    if (parts.length !== 2 || !(parts[0] as string).toLowerCase().startsWith('token')) return false;
    const key = parts[1] as string;
    // No key holds NUL (PostgreSQL text cannot) or is longer than the column.
    if (key.includes('\0') || key.length > 100) return false;
    const row = await this.deps.db
      .selectFrom('users_apitoken as t')
      .innerJoin('auth_user as u', 'u.id', 't.user_id')
      .select(['t.revoked', 'u.is_staff', sql<string | null>`to_char(t.expiry, 'YYYY-MM-DD')`.as('expiry')])
      .where('t.key', '=', key)
      .executeTakeFirst();
    if (!row || row.revoked) return false;
    // ApiToken.active: not revoked and not expired (expiry < today, in TIME_ZONE).
    if (row.expiry !== null && row.expiry < todayIn(this.deps.timeZone)) return false;
    return row.is_staff;
  }
}
