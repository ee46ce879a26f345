/**
 * Django 4.2's CSRF check as DRF's SessionAuthentication.enforce_csrf runs
 * it: only for requests authenticated by the session cookie, only for unsafe
 * methods. Order and reasons are Django's (middleware/csrf.py): Origin (or,
 * over HTTPS without Origin, Referer), then the `csrftoken` cookie, then the
 * `X-CSRFToken` header, each refusal a 403 "CSRF Failed: <reason>".
 */
import type { FastifyRequest } from 'fastify';
import { type ApiError, permissionDenied } from '../http/errors.js';
import { requestOrigin } from '../http/request-url.js';
import { constantTimeEqual } from './password-hashers.js';

const CSRF_ALLOWED_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const CSRF_SECRET_LENGTH = 32;
const CSRF_TOKEN_LENGTH = 64;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

export const CSRF_COOKIE_NAME = 'csrftoken';
/** Django's CSRF_HEADER_NAME 'HTTP_X_CSRFTOKEN', as `HttpHeaders.parse_header_name` names it in messages. */
const HEADER_DISPLAY_NAME = 'X-Csrftoken';

const failed = (reason: string): ApiError => permissionDenied(`CSRF Failed: ${reason}`);

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

/** Django's `_check_token_format`: undefined when fine, else the reason phrase. */
function tokenFormatProblem(token: string): string | undefined {
  if (token.length !== CSRF_SECRET_LENGTH && token.length !== CSRF_TOKEN_LENGTH) return 'has incorrect length';
  if (/[^a-zA-Z0-9]/.test(token)) return 'has invalid characters';
  return undefined;
}

/** `_unmask_cipher_token`: a 64-char masked token → its 32-char secret. */
export function unmaskToken(token: string): string {
  const mask = token.slice(0, CSRF_SECRET_LENGTH);
  const cipher = token.slice(CSRF_SECRET_LENGTH);
  let secret = '';
  for (let i = 0; i < CSRF_SECRET_LENGTH; i++) {
    const x = CSRF_ALLOWED_CHARS.indexOf(cipher[i] ?? '');
    const y = CSRF_ALLOWED_CHARS.indexOf(mask[i] ?? '');
    secret += CSRF_ALLOWED_CHARS[(x - y + CSRF_ALLOWED_CHARS.length) % CSRF_ALLOWED_CHARS.length];
  }
  return secret;
}

/** `_mask_cipher_secret` with a given mask (tests, and clients that want to mask). */
export function maskSecret(secret: string, mask: string): string {
  let cipher = '';
  for (let i = 0; i < CSRF_SECRET_LENGTH; i++) {
    const x = CSRF_ALLOWED_CHARS.indexOf(secret[i] ?? '');
    const y = CSRF_ALLOWED_CHARS.indexOf(mask[i] ?? '');
    cipher += CSRF_ALLOWED_CHARS[(x + y) % CSRF_ALLOWED_CHARS.length];
  }
  return mask + cipher;
}

/** `django.utils.http.is_same_domain`. */
export function isSameDomain(host: string, pattern: string): boolean {
  if (!pattern) return false;
  // Django lowercases the pattern only.
  const p = pattern.toLowerCase();
  return (p[0] === '.' && (host.endsWith(p) || host === p.slice(1))) || host === p;
}

/** scheme and netloc of a URL as Python's urlparse splits them ('' when absent). */
function urlParts(url: string): { scheme: string; netloc: string } | undefined {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/s.exec(url);
  const scheme = m ? (m[1] as string).toLowerCase() : '';
  const rest = m ? (m[2] as string) : url;
  if (!rest.startsWith('//')) return { scheme, netloc: '' };
  const netloc = rest.slice(2).split(/[/?#]/, 1)[0] ?? '';
  // urlparse raises ValueError on an unbalanced IPv6 bracket.
  if (netloc.includes('[') !== netloc.includes(']')) return undefined;
  return { scheme, netloc };
}

export interface CsrfSettings {
  /** Django's CSRF_TRUSTED_ORIGINS (`scheme://host[:port]`, `*.` wildcards allowed). */
  trustedOrigins: string[];
  trustProxy: boolean;
}

export class CsrfChecker {
  private readonly exact: Set<string>;
  private readonly wildcard: Map<string, string[]>;
  private readonly trustedHosts: string[];

  constructor(private readonly settings: CsrfSettings) {
    this.exact = new Set(settings.trustedOrigins.filter((o) => !o.includes('*')));
    this.wildcard = new Map();
    for (const origin of settings.trustedOrigins.filter((o) => o.includes('*'))) {
      const parts = urlParts(origin);
      if (!parts) continue;
      const list = this.wildcard.get(parts.scheme) ?? [];
      list.push(parts.netloc.replace(/^\*+/, ''));
      this.wildcard.set(parts.scheme, list);
    }
    this.trustedHosts = settings.trustedOrigins.map((o) => urlParts(o)?.netloc.replace(/^\*+/, '') ?? '').filter(Boolean);
  }

  /** Throws the 403 Django would give, or returns for a request that passes. */
  enforce(request: FastifyRequest, cookies: Map<string, string>): void {
    if (isSafeMethod(request.method)) return;
    const good = requestOrigin(request, this.settings.trustProxy);
    const secure = good.startsWith('https://');
    const origin = request.headers.origin;
    if (origin !== undefined) {
      if (!this.originVerified(origin, good)) throw failed(`Origin checking failed - ${origin} does not match any trusted origins.`);
    } else if (secure) {
      this.checkReferer(request.headers.referer, good.slice('https://'.length));
    }
    this.checkToken(cookies.get(CSRF_COOKIE_NAME), request.headers['x-csrftoken']);
  }

  private originVerified(origin: string, good: string): boolean {
    if (origin === good || this.exact.has(origin)) return true;
    const parts = urlParts(origin);
    if (!parts) return false;
    return (this.wildcard.get(parts.scheme) ?? []).some((host) => isSameDomain(parts.netloc, host));
  }

  private checkReferer(referer: string | undefined, host: string): void {
    if (referer === undefined) throw failed('Referer checking failed - no Referer.');
    const parts = urlParts(referer);
    if (!parts?.scheme || !parts.netloc) throw failed('Referer checking failed - Referer is malformed.');
    if (parts.scheme !== 'https') throw failed('Referer checking failed - Referer is insecure while host is secure.');
    if (this.trustedHosts.some((h) => isSameDomain(parts.netloc, h))) return;
    if (!isSameDomain(parts.netloc, host)) throw failed(`Referer checking failed - ${referer} does not match any trusted origins.`);
  }

  private checkToken(cookie: string | undefined, header: string | string[] | undefined): void {
    if (cookie === undefined) throw failed('CSRF cookie not set.');
    const cookieProblem = tokenFormatProblem(cookie);
    if (cookieProblem) throw failed(`CSRF cookie ${cookieProblem}.`);
    // Django < 4.1 stored the masked form in the cookie.
    const secret = cookie.length === CSRF_TOKEN_LENGTH ? unmaskToken(cookie) : cookie;
    const token = Array.isArray(header) ? header[0] : header;
    if (token === undefined) throw failed('CSRF token missing.');
    const tokenProblem = tokenFormatProblem(token);
    if (tokenProblem) throw failed(`CSRF token from the '${HEADER_DISPLAY_NAME}' HTTP header ${tokenProblem}.`);
    const candidate = token.length === CSRF_TOKEN_LENGTH ? unmaskToken(token) : token;
    if (!constantTimeEqual(candidate, secret)) throw failed(`CSRF token from the '${HEADER_DISPLAY_NAME}' HTTP header incorrect.`);
  }
}
