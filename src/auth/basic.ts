/**
 * HTTP Basic: DRF's BasicAuthentication over Django's `authenticate()` with
 * InvenTree's AUTHENTICATION_BACKENDS, of which two take a username and a
 * password: Django's ModelBackend (exact username) and allauth's
 * AuthenticationBackend (case-insensitive username). Every failure is the
 * same 401 "Invalid username/password." after the same amount of hashing:
 * one password-hash computation, real or decoy.
 */
import type { FastifyBaseLogger } from 'fastify';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { notAuthenticated } from '../http/errors.js';
import { decodeUtf8, latin1Bytes, pythonB64decode } from './headers.js';
import { checkPassword, decoyLike, identifyHasher } from './password-hashers.js';
import { USER_COLUMNS, type UserRow } from './users.js';
import type { VerificationCache } from './verification-cache.js';

/** Until a real hash has been seen: Django 4.2's default (InvenTree 0.15). */
const FALLBACK_DECOY_TEMPLATE = `pbkdf2_sha256$600000$${'x'.repeat(22)}$${'A'.repeat(43)}=`;

export interface BasicDeps {
  db: Kysely<Database>;
  cache: VerificationCache;
  log: FastifyBaseLogger;
  /** Injectable for tests (counting); default: Django's check_password. */
  checkPassword?: (password: string, encoded: string) => Promise<boolean>;
}

export interface BasicCredentials {
  username: string;
  password: string;
}

/**
 * DRF's parsing of the parts of a `Basic` header. The credentials are base64
 * as Python decodes it, then UTF-8, falling back to latin-1.
 */
export function parseBasic(parts: string[]): BasicCredentials {
  if (parts.length === 1) throw notAuthenticated('Invalid basic header. No credentials provided.');
  if (parts.length > 2) throw notAuthenticated('Invalid basic header. Credentials string should not contain spaces.');
  const bytes = pythonB64decode(latin1Bytes(parts[1] ?? ''));
  if (!bytes) throw notAuthenticated('Invalid basic header. Credentials not correctly base64 encoded.');
  const text = decodeUtf8(bytes) ?? bytes.toString('latin1');
  const colon = text.indexOf(':');
  return colon === -1 ? { username: text, password: '' } : { username: text.slice(0, colon), password: text.slice(colon + 1) };
}

export class BasicAuthenticator {
  /** A stored hash whose algorithm and cost decoys copy (the last one verified). */
  private decoyTemplate: string | undefined;
  private decoySeed: Promise<void> | undefined;
  private readonly check: (password: string, encoded: string) => Promise<boolean>;

  constructor(private readonly deps: BasicDeps) {
    this.check = deps.checkPassword ?? checkPassword;
  }

  async authenticate(parts: string[]): Promise<UserRow> {
    const { username, password } = parseBasic(parts);
    const user = await this.verify(username, password);
    if (!user) throw notAuthenticated('Invalid username/password.');
    return user;
  }

  /** Django's authenticate(username, password) over InvenTree's backends; undefined on failure. */
  async verify(username: string, password: string): Promise<UserRow | undefined> {
    const candidate = await this.findCandidate(username);
    if (!candidate) {
      await this.decoy(password);
      return undefined;
    }
    // The password is checked before is_active, as ModelBackend does, so an
    // inactive account takes as long as an active one.
    const ok = await this.deps.cache.check(username, password, candidate.password, () => this.verifyHash(password, candidate.password));
    return ok && candidate.is_active ? candidate : undefined;
  }

  /**
   * ModelBackend looks the username up exactly; if that user does not exist
   * allauth's backend tries it case-insensitively (`username__iexact`, one
   * row). When the exact user exists but the password is wrong, allauth
   * finds the same user (or, with several case variants, raises — a 500 in
   * InvenTree, a plain refusal here), so it never adds a different match.
   */
  private async findCandidate(username: string): Promise<UserRow | undefined> {
    if (!username || username.includes('\0')) return undefined;
    const exact = await this.deps.db.selectFrom('auth_user').select(USER_COLUMNS).where('username', '=', username).executeTakeFirst();
    if (exact) return exact;
    const folded = await this.deps.db
      .selectFrom('auth_user')
      .select(USER_COLUMNS)
      .where(sql<string>`upper(username::text)`, '=', sql<string>`upper(${username})`)
      .limit(2)
      .execute();
    return folded.length === 1 ? folded[0] : undefined;
  }

  private async verifyHash(password: string, encoded: string): Promise<boolean> {
    if (identifyHasher(encoded)) {
      this.decoyTemplate = encoded;
      return this.check(password, encoded);
    }
    // Unusable or unknown: no match, but spend what a real check would.
    await this.decoy(password);
    return false;
  }

  /** One hash computation that cannot succeed, as expensive as a real one. */
  private async decoy(password: string): Promise<void> {
    if (!this.decoyTemplate) {
      this.decoySeed ??= this.seedDecoy();
      await this.decoySeed;
    }
    const decoy = decoyLike(this.decoyTemplate ?? FALLBACK_DECOY_TEMPLATE) ?? decoyLike(FALLBACK_DECOY_TEMPLATE);
    if (decoy) await this.check(password, decoy);
  }

  /**
   * Before any real verification, copy the cost of an active user's hash
   * (the most recent login's), so the very first unknown-user probe already
   * takes as long as a wrong password.
   */
  private async seedDecoy(): Promise<void> {
    try {
      const rows = await this.deps.db
        .selectFrom('auth_user')
        .select('password')
        .where('is_active', '=', true)
        .where('password', 'not like', '!%')
        .orderBy(sql`last_login desc nulls last`)
        .orderBy('id')
        .limit(20)
        .execute();
      this.decoyTemplate ??= rows.map((r) => r.password).find((p) => identifyHasher(p));
    } catch (err) {
      this.decoySeed = undefined;
      this.deps.log.debug({ reason: (err as Error).message }, 'could not read a password hash to size decoys');
    }
  }
}
