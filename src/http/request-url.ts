/**
 * Absolute URLs of the current request, as Django's build_absolute_uri sees
 * them: scheme and Host from the request, or from X-Forwarded-Proto/-Host
 * when the operator said the proxy in front is trusted (TRUST_PROXY).
 */
import type { FastifyRequest } from 'fastify';

function firstHeader(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v?.split(',')[0]?.trim() || undefined;
}

export function requestOrigin(request: FastifyRequest, trustProxy: boolean): string {
  let scheme = request.protocol === 'https' ? 'https' : 'http';
  let host = request.headers.host ?? 'localhost';
  if (trustProxy) {
    const proto = firstHeader(request.headers['x-forwarded-proto']);
    if (proto === 'http' || proto === 'https') scheme = proto;
    host = firstHeader(request.headers['x-forwarded-host']) ?? host;
  }
  return `${scheme}://${host}`;
}

/** The path without the query string. */
export function requestPath(request: FastifyRequest): string {
  const url = request.url;
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/** The raw query string without '?', or ''. */
export function rawQueryString(request: FastifyRequest): string {
  const url = request.url;
  const q = url.indexOf('?');
  return q === -1 ? '' : url.slice(q + 1);
}
