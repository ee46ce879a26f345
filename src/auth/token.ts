/**
 * `Authorization: Token <key>`: DRF's TokenAuthentication with InvenTree's
 * ApiTokenAuthentication on top (users/authentication.py) over
 * `users_apitoken`, where keys are stored in clear text.
 */
import type { FastifyBaseLogger } from 'fastify';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { notAuthenticated } from '../http/errors.js';
import { todayIn } from './dates.js';
import { decodeUtf8, latin1Bytes } from './headers.js';
import type { UserRow } from './users.js';

export interface TokenDeps {
  db: Kysely<Database>;
  timeZone: string;
  log: FastifyBaseLogger;
}

export class TokenAuthenticator {
  private lastSeenWarned = false;

  constructor(private readonly deps: TokenDeps) {}

  /**
   * Authenticates the parts of an `Authorization` header whose keyword is
   * `token` (any case). Throws the 401 InvenTree gives for each failure.
   */
  async authenticate(parts: string[]): Promise<UserRow> {
    if (parts.length === 1) throw notAuthenticated('Invalid token header. No credentials provided.');
    if (parts.length > 2) throw notAuthenticated('Invalid token header. Token string should not contain spaces.');
    const key = decodeUtf8(latin1Bytes(parts[1] ?? ''));
    if (key === undefined) throw notAuthenticated('Invalid token header. Token string should not contain invalid characters.');
    // PostgreSQL text cannot hold NUL, and no key contains one.
    if (key.includes('\0')) throw notAuthenticated('Invalid token.');

    const row = await this.deps.db
      .selectFrom('users_apitoken as t')
      .innerJoin('auth_user as u', 'u.id', 't.user_id')
      .select([
        't.id as tokenId',
        't.revoked',
        sql<string | null>`to_char(t.expiry, 'YYYY-MM-DD')`.as('expiry'),
        sql<string | null>`to_char(t.last_seen, 'YYYY-MM-DD')`.as('lastSeen'),
        'u.id',
        'u.username',
        'u.password',
        'u.is_active',
        'u.is_staff',
        'u.is_superuser',
      ])
      .where('t.key', '=', key)
      .executeTakeFirst();
    if (!row) throw notAuthenticated('Invalid token.');
    if (!row.is_active) throw notAuthenticated('User inactive or deleted.');
    if (row.revoked) throw notAuthenticated('Token has been revoked');
    const today = todayIn(this.deps.timeZone);
    // Valid through its expiry day: expired = expiry < today (ISO dates sort as strings).
    if (row.expiry !== null && row.expiry < today) throw notAuthenticated('Token has expired');
    if (row.lastSeen !== today) await this.touch(row.tokenId, today);
    return row;
  }

  /**
   * InvenTree records the day of the first use. A database user without
   * UPDATE rights (a read-only replica or role) must not cost the caller
   * the request: log once and go on.
   */
  private async touch(tokenId: number, today: string): Promise<void> {
    try {
      await this.deps.db
        .updateTable('users_apitoken')
        .set({ last_seen: today })
        .where('id', '=', tokenId)
        .where((eb) => eb.or([eb('last_seen', 'is', null), eb('last_seen', '<>', today)]))
        .execute();
    } catch (err) {
      if (!this.lastSeenWarned) {
        this.lastSeenWarned = true;
        const e = err as { code?: string; message?: string };
        this.deps.log.warn(
          { code: e.code, reason: e.message },
          'cannot record users_apitoken.last_seen (read-only database user?); requests are still served, further failures are not logged',
        );
      }
    }
  }
}
