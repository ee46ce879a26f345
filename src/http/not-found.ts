/**
 * InvenTree 0.15's catch-all for unknown API paths, `NotFoundView`
 * (`re_path(r'^.*$', NotFoundView.as_view(), name='api-404')` under `api/`,
 * inventree/InvenTree 0.15.x `src/backend/InvenTree/InvenTree/api.py`).
 *
 * In 0.15 it is a plain Django view (`class NotFoundView(AjaxView)`; it became
 * a DRF APIView only in InvenTree PR #8461, 2024-11, after 0.16), answering
 * every method with Django's `JsonResponse`:
 *   - body `json.dumps({'detail': …, 'url': request.build_absolute_uri()})`
 *     with Python's default separators (`", "`, `": "`) and ensure_ascii;
 *   - `Content-Type: application/json`, no `Allow` (no DRF), no format
 *     negotiation (`?format=xml` is still this 404);
 *   - the URL as Django rebuilds it: the percent-decoded path re-quoted by
 *     `escape_uri_path`, the raw query string passed through `iri_to_uri`.
 * No redirect for a missing trailing slash. docs/compatibility.md lists what
 * differs (unsafe methods, which Django's CSRF middleware answers first).
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { renderDjangoJson } from './django-json.js';
import { ApiError } from './errors.js';
import { requestOrigin } from './request-url.js';

const HEX = '0123456789ABCDEF';

/** urllib.parse.quote(bytes, safe): unreserved `A-Za-z0-9_.-~` plus `safe` stay, the rest %XX (uppercase). */
function quoteBytes(bytes: Uint8Array, safe: string): string {
  let out = '';
  for (const b of bytes) {
    const c = String.fromCharCode(b);
    if ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || '_.-~'.includes(c) || (b < 0x80 && safe.includes(c)))
      out += c;
    else out += `%${HEX[b >> 4]}${HEX[b & 15]}`;
  }
  return out;
}

/** The raw request bytes of a string Node parsed as latin-1. */
const latin1Bytes = (s: string) => Buffer.from(s, 'latin1');

/**
 * Django's `path`: PATH_INFO percent-decoded (by the WSGI server) to bytes,
 * then `repercent_broken_unicode(...).decode()`: bytes that are not valid
 * UTF-8 are percent-encoded again, the rest decoded.
 */
function djangoPath(rawPath: string): string {
  const bytes: number[] = [];
  const raw = latin1Bytes(rawPath);
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i]!;
    if (b === 0x25 && i + 2 < raw.length && /^[0-9a-fA-F]{2}$/.test(String.fromCharCode(raw[i + 1]!, raw[i + 2]!))) {
      bytes.push(Number.parseInt(String.fromCharCode(raw[i + 1]!, raw[i + 2]!), 16));
      i += 2;
    } else bytes.push(b);
  }
  const buf = Buffer.from(bytes);
  let out = '';
  let start = 0;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  // Decode valid UTF-8 runs; re-percent each byte that starts an invalid sequence.
  while (start < buf.length) {
    let end = buf.length;
    for (; end > start; end--) {
      try {
        out += decoder.decode(buf.subarray(start, end));
        break;
      } catch {
        // try a shorter run
      }
    }
    if (end === start) {
      const b = buf[start]!;
      out += `%${HEX[b >> 4]}${HEX[b & 15]}`;
      start++;
    } else start = end;
  }
  return out;
}

/** `request.get_full_path()`: escape_uri_path(path) + '?' + iri_to_uri(QUERY_STRING). */
export function djangoFullPath(rawUrl: string): string {
  const q = rawUrl.indexOf('?');
  const rawPath = q === -1 ? rawUrl : rawUrl.slice(0, q);
  const query = q === -1 ? '' : rawUrl.slice(q + 1);
  const path = quoteBytes(Buffer.from(djangoPath(rawPath), 'utf8'), "/:@&+$,-_.!~*'()");
  // iri_to_uri(str): quote(iri, safe="/#%[]=:;$&()+,!?*@'~") of the WSGI
  // (latin-1) string, each character UTF-8 encoded.
  const iri = query ? quoteBytes(Buffer.from(latin1Bytes(query).toString('latin1'), 'utf8'), "/#%[]=:;$&()+,!?*@'~") : '';
  return query ? `${path}?${iri}` : path;
}

export function notFound(request: FastifyRequest, trustProxy: boolean): ApiError {
  const url = `${requestOrigin(request, trustProxy)}${djangoFullPath(request.url)}`;
  const body = { detail: 'API endpoint not found', url };
  const error = new ApiError(404, body);
  error.text = renderDjangoJson(body);
  return error;
}

/**
 * Fastify's `frameworkErrors`: a path Fastify cannot percent-decode
 * (`/api/%FF/`) is still just an unknown path to Django (the catch-all's 404,
 * the bytes re-quoted: `/api/%25FF/`), not a 400.
 */
export function badUrlAsNotFound(trustProxy: boolean) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    if (error.code !== 'FST_ERR_BAD_URL') {
      void reply.code(400).header('content-type', 'application/json').send(Buffer.from(JSON.stringify({ detail: 'Bad request.' })));
      return;
    }
    const notFoundError = notFound(request, trustProxy);
    void reply.code(404).header('content-type', 'application/json').send(Buffer.from(notFoundError.text ?? '', 'utf8'));
  };
}
