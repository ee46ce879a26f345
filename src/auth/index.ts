// src/auth/ owns who the caller is: InvenTree's token → basic → session chain, staff permission, CSRF, rate limits, users and tokens.
/**
 * Authentication and permissions, as InvenTree 0.15 (API 198) decides them
 * for its background-task views:
 *
 *   DEFAULT_AUTHENTICATION_CLASSES = ApiTokenAuthentication, BasicAuthentication,
 *                                    SessionAuthentication
 *   permission_classes             = IsAuthenticated, IsAdminUser (is_staff)
 *
 * The authenticators run in that order and the first that recognises the
 * request decides — a bad `Token` header is final even with a valid session
 * cookie. Session authentication alone brings the CSRF check for unsafe
 * methods. Failed Token/Basic attempts count towards a per-client limit.
 * Every refusal is thrown as the ApiError InvenTree's answer corresponds to.
 */
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from '../config/env.js';
import type { Database } from '../db/schema.js';
import { ApiError, notAuthenticated, permissionDenied } from '../http/errors.js';
import { BasicAuthenticator, type HashGate } from './basic.js';
import { CsrfChecker } from './csrf.js';
import { HashQueue } from './hash-queue.js';
import { asciiLower, authorizationParts, parseCookies } from './headers.js';
import { checkPassword } from './password-hashers.js';
import { clientKey, FailureLimiter, throttled } from './rate-limit.js';
import { SESSION_COOKIE_NAME, SessionAuthenticator } from './session.js';
import { TokenAuthenticator } from './token.js';
import type { UserRow } from './users.js';
import { VerificationCache } from './verification-cache.js';

export interface AuthenticatedUser {
  id: number;
  username: string;
  isStaff: boolean;
  isSuperuser: boolean;
  scheme: 'token' | 'basic' | 'session';
}

export interface Authenticator {
  /** InvenTree's whole chain for one request: authentication, staff permission, CSRF. Throws ApiError. */
  authenticate(request: FastifyRequest): Promise<AuthenticatedUser>;
  /**
   * The same chain without the staff rule (DRF's IsAuthenticated views, e.g.
   * /api/user/me/). Absent on test doubles: callers fall back to authenticate.
   */
  identify?(request: FastifyRequest): Promise<AuthenticatedUser>;
}

export interface AuthenticatorDeps {
  db: Kysely<Database>;
  config: Config;
  log: FastifyBaseLogger;
}

/** Internals a test (or a metrics endpoint) may want to look at or replace. */
export interface AuthenticatorOptions {
  /** Replaces Django's check_password (tests count hash computations with it). */
  checkPassword?: (password: string, encoded: string) => Promise<boolean>;
  now?: () => number;
  /** Hash computations at once (default: defaultHashConcurrency()). */
  hashConcurrency?: number;
}

export interface AuthenticatorWithInternals extends Authenticator {
  readonly verificationCache: VerificationCache;
  readonly limiter: FailureLimiter;
  readonly hashQueue: HashQueue;
}

function toUser(row: UserRow, scheme: AuthenticatedUser['scheme']): AuthenticatedUser {
  return { id: row.id, username: row.username, isStaff: row.is_staff, isSuperuser: row.is_superuser, scheme };
}

export function createAuthenticator(deps: AuthenticatorDeps, options: AuthenticatorOptions = {}): AuthenticatorWithInternals {
  const { db, config, log } = deps;
  const verificationCache = new VerificationCache({ ttlMs: config.authCacheSeconds * 1000, ...(options.now ? { now: options.now } : {}) });
  const limiter = new FailureLimiter({ limit: config.authRateLimitPerMinute, ...(options.now ? { now: options.now } : {}) });
  const hashQueue = new HashQueue({ maxWaiting: config.authHashQueue, ...(options.hashConcurrency ? { concurrency: options.hashConcurrency } : {}) });
  const token = new TokenAuthenticator({ db, timeZone: config.timeZone, log });
  const basic = new BasicAuthenticator({ db, cache: verificationCache, log, checkPassword: options.checkPassword ?? checkPassword });
  const secretKeys = config.secretKey ? [config.secretKey, ...config.secretKeyFallbacks] : [];
  const session = new SessionAuthenticator({ db, secretKeys, log });
  const csrf = new CsrfChecker({ trustedOrigins: config.csrfTrustedOrigins, trustProxy: config.trustProxy });

  /** Token or Basic: guessable schemes, so failures count and a blocked client is refused unchecked. */
  async function byHeader(request: FastifyRequest, scheme: 'token' | 'basic', parts: string[]): Promise<AuthenticatedUser> {
    const client = clientKey(request.ip);
    const wait = limiter.retryAfter(client);
    if (wait !== undefined) throw throttled(wait);
    // A password attempt takes a limiter slot just before its hash is
    // computed, then waits its turn in the global queue; token checks cost
    // one indexed lookup and never wait behind hashes.
    let slot = false;
    const gate: HashGate = async (work) => {
      if (!slot) {
        const busy = limiter.tryBegin(client);
        if (busy !== undefined) throw throttled(busy);
        slot = true;
      }
      return hashQueue.run(work);
    };
    try {
      const row = scheme === 'token' ? await token.authenticate(parts) : await basic.authenticate(parts, gate);
      if (slot) limiter.end(client, false);
      return toUser(row, scheme);
    } catch (err) {
      const failed = err instanceof ApiError && err.statusCode === 401;
      if (slot) limiter.end(client, failed);
      else if (failed) limiter.recordFailure(client);
      throw err;
    }
  }

  async function identify(request: FastifyRequest): Promise<AuthenticatedUser> {
    const parts = authorizationParts(request.headers.authorization);
    const keyword = parts[0] === undefined ? undefined : asciiLower(parts[0]);
    if (keyword === 'token' || keyword === 'basic') return byHeader(request, keyword, parts);
    // Any other Authorization header (Bearer, Digest, …) is for nobody here:
    // the request falls through to the session, as in DRF.
    const cookies = parseCookies(request.headers.cookie);
    const row = await session.authenticate(cookies.get(SESSION_COOKIE_NAME));
    if (!row) throw notAuthenticated();
    // DRF enforces CSRF inside SessionAuthentication, i.e. before permissions.
    csrf.enforce(request, cookies);
    return toUser(row, 'session');
  }

  return {
    verificationCache,
    limiter,
    hashQueue,
    async authenticate(request) {
      const user = await identify(request);
      if (!user.isStaff) throw permissionDenied();
      return user;
    },
    identify,
  };
}

export { ensureAdmin, type EnsureAdminResult } from './admin.js';
export { ApiError };
