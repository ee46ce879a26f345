/**
 * Sign-in and sign-out for the dashboard.
 *
 * Password: Django's `authenticate()` over InvenTree's backends (the same
 * code as HTTP Basic, decoy hashing included), then `login()` — a session row
 * in the session table in use and the `sessionid` cookie (session-login.ts),
 * so InvenTree accepts the session too. The form is CSRF-protected as
 * Django's login view is (csrftoken cookie + csrfmiddlewaretoken field, Origin
 * / Referer checks), and failures count towards a per-client limit.
 *
 * A database this service may not write (read-only user, replica) cannot
 * hold a new session: the page then says so and the token form (handled in
 * the browser, the token kept in sessionStorage) is the way in.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BasicAuthenticator } from '../auth/basic.js';
import { CSRF_COOKIE_NAME, CsrfChecker, maskSecret, unmaskToken } from '../auth/csrf.js';
import { parseCookies } from '../auth/headers.js';
import { clientKey, FailureLimiter } from '../auth/rate-limit.js';
import { SESSION_COOKIE_NAME } from '../auth/session.js';
import {
  ALLAUTH_BACKEND,
  createLoginSession,
  deleteLoginSession,
  MODEL_BACKEND,
  newCsrfSecret,
  randomString,
  SessionTableMissing,
  sessionTableInUse,
} from '../auth/session-login.js';
import { VerificationCache } from '../auth/verification-cache.js';
import { FormBody } from '../http/body-parsers.js';
import type { AppServices } from '../context.js';
import { ApiError } from '../http/errors.js';
import { isReadOnlyDatabaseError } from '../http/read-only.js';
import { BASE, esc, renderSignIn, SIGN_IN_URL, SIGN_OUT_URL } from './pages.js';

/** Django's CSRF_COOKIE_AGE (one year). */
const CSRF_COOKIE_AGE_SECONDS = 31_449_600;
const CSRF_ALLOWED = /^[a-zA-Z0-9]+$/;
export const HTML_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

const BAD_CREDENTIALS = 'Please enter a correct username and password. Note that both fields may be case-sensitive.';
const NOT_STAFF = 'This account is not a staff account: the background-task pages are for staff users only.';

/** The page's CSRF secret: the valid `csrftoken` cookie, or a new one (set on the reply). */
export function ensureCsrfSecret(request: FastifyRequest, reply: FastifyReply, secure: boolean): string {
  const cookie = parseCookies(request.headers.cookie).get(CSRF_COOKIE_NAME);
  if (cookie && CSRF_ALLOWED.test(cookie) && (cookie.length === 32 || cookie.length === 64)) {
    return cookie.length === 64 ? unmaskToken(cookie) : cookie;
  }
  const secret = newCsrfSecret();
  setCsrfCookie(reply, secret, secure);
  return secret;
}

function setCsrfCookie(reply: FastifyReply, secret: string, secure: boolean): void {
  // Not HttpOnly (Django's default): the page's script sends it back as X-CSRFToken.
  reply.setCookie(CSRF_COOKIE_NAME, secret, { path: '/', maxAge: CSRF_COOKIE_AGE_SECONDS, sameSite: 'lax', secure, httpOnly: false });
}

/** A token for a form field, masked as Django's get_token() masks it. */
export function maskedToken(secret: string): string {
  return maskSecret(secret, randomString(32, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'));
}

/** Only our own pages: a path under /dashboard/, never another origin. */
export function safeNext(value: unknown): string {
  const next = typeof value === 'string' ? value : '';
  return next.startsWith(BASE) && !next.startsWith('//') && !/[\\\s]/.test(next) ? next : BASE;
}

function field(body: unknown, name: string): string {
  return body instanceof FormBody ? (body.getlist(name).at(-1) ?? '') : '';
}

export function registerSignIn(app: FastifyInstance, services: AppServices): void {
  const { config } = services;
  const basic = new BasicAuthenticator({ db: services.db, cache: new VerificationCache({ ttlMs: 0 }), log: app.log });
  const limiter = new FailureLimiter({ limit: config.authRateLimitPerMinute });
  const csrf = new CsrfChecker({ trustedOrigins: config.csrfTrustedOrigins, trustProxy: config.trustProxy });
  const isSecure = (request: FastifyRequest) => request.protocol === 'https';

  /** Django's CsrfViewMiddleware on a form POST: the field stands in for the header. */
  const enforceCsrf = (request: FastifyRequest) => {
    const token = field(request.body, 'csrfmiddlewaretoken');
    if (token && request.headers['x-csrftoken'] === undefined) request.headers['x-csrftoken'] = token;
    csrf.enforce(request, parseCookies(request.headers.cookie));
  };

  const passwordUnavailable = async (): Promise<string | undefined> => {
    // A session is a write, and READ_ONLY refuses every write.
    if (config.readOnly) return 'This server is read-only (READ_ONLY), so it does not create sessions: sign in with an API token, or with your InvenTree session.';
    if (!config.secretKey) return 'Password sign-in needs SECRET_KEY (the InvenTree SECRET_KEY signs sessions).';
    try {
      if (!(await sessionTableInUse(services.db))) return 'Password sign-in needs a session table (user_sessions_session or django_session).';
    } catch {
      return 'The database is unavailable.';
    }
    return undefined;
  };

  const page = async (reply: FastifyReply, status: number, html: string) =>
    reply.code(status).header('content-security-policy', HTML_CSP).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);

  app.get(SIGN_IN_URL, async (request, reply) => {
    const secret = ensureCsrfSecret(request, reply, isSecure(request));
    const next = safeNext((request.query as Record<string, unknown>).next);
    const unavailable = await passwordUnavailable();
    return page(reply, 200, renderSignIn({ csrfToken: maskedToken(secret), next, ...(unavailable ? { passwordUnavailable: unavailable } : {}) }));
  });

  app.post(SIGN_IN_URL, async (request, reply) => {
    const next = safeNext(field(request.body, 'next'));
    const username = field(request.body, 'username');
    const render = async (status: number, error: string, extra: { passwordUnavailable?: string } = {}) => {
      const secret = ensureCsrfSecret(request, reply, isSecure(request));
      return page(reply, status, renderSignIn({ csrfToken: maskedToken(secret), next, username, error, ...extra }));
    };
    try {
      enforceCsrf(request);
    } catch (err) {
      if (err instanceof ApiError) return render(403, String((err.body as { detail?: string }).detail ?? 'CSRF Failed.'));
      throw err;
    }
    const unavailable = await passwordUnavailable();
    if (unavailable) return render(400, unavailable, { passwordUnavailable: unavailable });
    const client = clientKey(request.ip);
    const wait = limiter.retryAfter(client);
    if (wait !== undefined) {
      reply.header('retry-after', String(wait));
      return render(429, `Too many failed sign-ins from your address. Try again in ${wait} seconds.`);
    }
    const user = await basic.verify(username, field(request.body, 'password'));
    if (!user) {
      limiter.recordFailure(client);
      return render(400, BAD_CREDENTIALS);
    }
    if (!user.is_staff) return render(403, NOT_STAFF);
    try {
      const session = await createLoginSession(services.db, user, {
        secretKey: config.secretKey!,
        // The backend authenticate() would have used: ModelBackend matches the
        // exact username; only allauth's matches another case.
        backend: user.username === username ? MODEL_BACKEND : ALLAUTH_BACKEND,
        request: { userAgent: String(request.headers['user-agent'] ?? ''), ip: request.ip },
      });
      reply.setCookie(SESSION_COOKIE_NAME, session.key, {
        path: '/',
        maxAge: session.maxAgeSeconds,
        expires: session.expires,
        httpOnly: true,
        sameSite: 'lax',
        secure: isSecure(request),
      });
      // login() rotates the CSRF secret.
      setCsrfCookie(reply, newCsrfSecret(), isSecure(request));
      request.log.info({ audit: 'sign-in', user: user.username, table: session.table }, `dashboard sign-in by ${user.username}`);
      return reply.code(302).header('location', next).header('cache-control', 'no-store').send();
    } catch (err) {
      if (isReadOnlyDatabaseError(err))
        return render(503, 'The database is read-only for this service, so it cannot hold a new session. Sign in with an API token instead.', {
          passwordUnavailable: 'Password sign-in is unavailable: the database is read-only for this service.',
        });
      if (err instanceof SessionTableMissing) return render(400, 'Password sign-in needs a session table.');
      throw err;
    }
  });

  app.post(SIGN_OUT_URL, async (request, reply) => {
    const key = parseCookies(request.headers.cookie).get(SESSION_COOKIE_NAME);
    if (key) {
      try {
        enforceCsrf(request);
      } catch (err) {
        if (err instanceof ApiError) {
          const reason = String((err.body as { detail?: string }).detail ?? 'CSRF Failed.');
          return page(reply, 403, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign-out refused</title></head><body><main><h1>Sign-out refused</h1><p>${esc(reason)}</p><p><a href="${BASE}">Back to the dashboard</a></p></main></body></html>`);
        }
        throw err;
      }
      // READ_ONLY writes nothing, not even a deletion: the cookie alone is dropped below.
      if (!config.readOnly) {
        try {
          await deleteLoginSession(services.db, key);
        } catch (err) {
          // A read-only database keeps the row; the cookie is still dropped below.
          if (!isReadOnlyDatabaseError(err)) throw err;
        }
      }
    }
    reply.clearCookie(SESSION_COOKIE_NAME, { path: '/' });
    return reply.code(302).header('location', SIGN_IN_URL).header('cache-control', 'no-store').send();
  });
}
