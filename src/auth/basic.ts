/**
 * HTTP Basic: DRF's BasicAuthentication over Django's `authenticate()` with
 * InvenTree's AUTHENTICATION_BACKENDS, of which two take a username and a
 * password: Django's ModelBackend (exact username) and allauth's
 * AuthenticationBackend (case-insensitive username). Every failure is the
 * same 401 "Invalid username/password." after the same amount of hashing:
 * one password-hash computation, real or decoy. Every computation passes
 * the caller's gate (per-client attempts in flight, the global hash queue).
 */
import type { FastifyBaseLogger } from 'fastify';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { notAuthenticated } from '../http/errors.js';
import { decodeUtf8, latin1Bytes, pythonB64decode } from './headers.js';
import { checkPassword, costProblem, decoyLike, identifyHasher } from './password-hashers.js';
import { USER_COLUMNS, type UserRow } from './users.js';
import type { VerificationCache } from './verification-cache.js';

/**
 * What an unknown user's decoy costs: Django 4.2's default hasher at its
 * default count, the hash InvenTree 0.15 writes. Django's ModelBackend does
 * the same for an unknown username (it hashes the password once with the
 * default hasher), so failures take as long here as in InvenTree. Constant
 * on purpose: a decoy that copied a stored hash would let one row with an
 * expensive hash make every unknown-user probe expensive.
 */
export const DECOY_TEMPLATE = `pbkdf2_sha256$600000$${'x'.repeat(22)}$${'A'.repeat(43)}=`;

/**
 * Runs a hash computation under the caller's limits (the client's slot and
 * the global hash queue); may throw their 429/503 instead of running it.
 */
export type HashGate = <T>(work: () => Promise<T>) => Promise<T>;

const ungated: HashGate = (work) => work();

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
  private readonly check: (password: string, encoded: string) => Promise<boolean>;
  /** Users whose stored hash exceeds the cost bounds, logged once each. */
  private readonly costWarned = new Set<string>();

  constructor(private readonly deps: BasicDeps) {
    this.check = deps.checkPassword ?? checkPassword;
  }

  async authenticate(parts: string[], gate: HashGate = ungated): Promise<UserRow> {
    const { username, password } = parseBasic(parts);
    const user = await this.verify(username, password, gate);
    if (!user) throw notAuthenticated('Invalid username/password.');
    return user;
  }

  /** Django's authenticate(username, password) over InvenTree's backends; undefined on failure. */
  async verify(username: string, password: string, gate: HashGate = ungated): Promise<UserRow | undefined> {
    const candidate = await this.findCandidate(username);
    if (!candidate) {
      await gate(() => this.decoy(password));
      return undefined;
    }
    // The password is checked before is_active, as ModelBackend does, so an
    // inactive account takes as long as an active one. Only a computation
    // that really runs passes the gate: remembered successes and checks
    // shared with an identical request in flight cost nothing.
    const ok = await this.deps.cache.check(username, password, candidate.password, () =>
      gate(() => this.verifyHash(candidate, password)),
    );
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

  private async verifyHash(user: UserRow, password: string): Promise<boolean> {
    const encoded = user.password;
    const tooCostly = costProblem(encoded);
    if (tooCostly) {
      // Refused unchecked (one such row must not take the service down),
      // and said once per user so an operator can reset that password.
      if (!this.costWarned.has(user.username) && this.costWarned.size < 1000) {
        this.costWarned.add(user.username);
        this.deps.log.warn(
          { user: user.username, problem: tooCostly },
          'stored password hash exceeds the cost bounds; its password is refused (reset it with a Django default hasher)',
        );
      }
    } else if (identifyHasher(encoded)) {
      return this.check(password, encoded);
    }
    // Unusable, unknown or refused: no match, but spend what a real check would.
    await this.decoy(password);
    return false;
  }

  /** One hash computation that cannot succeed, at the constant decoy cost. */
  private async decoy(password: string): Promise<void> {
    const decoy = decoyLike(DECOY_TEMPLATE);
    if (decoy) await this.check(password, decoy);
  }
}
