/**
 * DRF 3.14's content negotiation (`rest_framework/negotiation.py`
 * DefaultContentNegotiation, `rest_framework/utils/mediatypes.py`) with
 * InvenTree's only renderer, JSONRenderer (`application/json`, format `json`).
 * DRF runs it in `APIView.initial()` before authentication, so its errors
 * come before a 401:
 *   - `?format=` (URL_FORMAT_OVERRIDE; the last value of a repeated key):
 *     `json` or empty is accepted, anything else raises Http404 →
 *     `404 {"detail":"Not found."}`;
 *   - `Accept` (default `*\/*`): split on commas, grouped by precedence, the
 *     first entry matching `application/json` wins, else
 *     `406 {"detail":"Could not satisfy the request Accept header."}`.
 * The accepted media type becomes the response's Content-Type, exactly as
 * DRF's Response sets it: the client's own entry when it is at least as
 * specific as `application/json` (`application/json; charset=utf-8` stays
 * that), else `application/json` plus the entry's parameters joined with `;`
 * (a browser's `*\/*;q=0.8` gives `application/json;q=0.8`).
 * Only DRF views negotiate: InvenTree 0.15's `/api/` (InfoView) and the
 * catch-all 404 (NotFoundView) are plain Django views.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { detail } from './errors.js';
import { rawQueryString } from './request-url.js';

/** Routes served by DRF views in InvenTree 0.15 (route patterns, as Fastify knows them). */
export const DRF_VIEW_PREFIXES = ['/api/background-task/', '/api/user/'];

const RENDERER = { mediaType: 'application/json', main: 'application', sub: 'json', format: 'json' };

interface MediaType {
  main: string;
  sub: string;
  params: Array<[string, string]>;
}

/**
 * Django's parse_header (what DRF's _MediaType uses): the type lowercased,
 * `;`-separated parameters (quotes respected), names lowercased, values
 * stripped and unquoted; a parameter without `=` is dropped.
 */
function parseMediaType(text: string): MediaType {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' && text[i - 1] !== '\\') quoted = !quoted;
    if (c === ';' && !quoted) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  const fullType = parts.shift()!.trim().toLowerCase();
  const params: Array<[string, string]> = [];
  for (const p of parts) {
    const i = p.indexOf('=');
    if (i < 0) continue;
    const name = p.slice(0, i).trim().toLowerCase();
    let value = p.slice(i + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"'))
      value = value.slice(1, -1).replace(/\\\\/g, '\\').replace(/\\"/g, '"');
    const existing = params.findIndex(([k]) => k === name);
    if (existing >= 0) params[existing] = [name, value];
    else params.push([name, value]);
  }
  const slash = fullType.indexOf('/');
  return { main: slash < 0 ? fullType : fullType.slice(0, slash), sub: slash < 0 ? '' : fullType.slice(slash + 1), params };
}

function precedence(m: MediaType): number {
  if (m.main === '*') return 0;
  if (m.sub === '*') return 1;
  if (m.params.length === 0 || (m.params.length === 1 && m.params[0]![0] === 'q')) return 2;
  return 3;
}

/** _MediaType('application/json').match(other): the renderer has no parameters to compare. */
function matchesRenderer(m: MediaType): boolean {
  if (m.sub !== '*' && m.sub !== RENDERER.sub) return false;
  if (m.main !== '*' && m.main !== RENDERER.main) return false;
  return true;
}

/** The accepted media type for an Accept header, or undefined (406). */
export function acceptedMediaType(accept: string | undefined): string | undefined {
  const tokens = (accept ?? '*/*').split(',').map((t) => t.trim());
  // order_by_precedence: most specific group first; within a group DRF
  // iterates a Python set (hash order) — we take the header's order.
  for (let level = 3; level >= 0; level--) {
    for (const token of tokens) {
      const m = parseMediaType(token);
      if (precedence(m) !== level || !matchesRenderer(m)) continue;
      if (2 > level) return [RENDERER.mediaType, ...m.params.map(([k, v]) => `${k}=${v}`)].join(';');
      return token;
    }
  }
  return undefined;
}

/** QueryDict(...).get('format'): the last value, '+' as space, percent-decoded. */
function formatParam(request: FastifyRequest): string | undefined {
  let value: string | undefined;
  for (const [k, v] of new URLSearchParams(rawQueryString(request))) if (k === 'format') value = v;
  return value;
}

const accepted = new WeakMap<FastifyRequest, string>();

/** The negotiated Content-Type of a DRF view's response (undefined elsewhere). */
export function negotiatedContentType(request: FastifyRequest): string | undefined {
  return accepted.get(request);
}

export function isDrfView(request: FastifyRequest): boolean {
  const url = request.routeOptions.url;
  return url !== undefined && DRF_VIEW_PREFIXES.some((p) => url.startsWith(p));
}

export function registerContentNegotiation(app: FastifyInstance): void {
  // A global onRequest hook runs before every route's own (authentication).
  app.addHook('onRequest', async (request) => {
    if (!isDrfView(request)) return;
    const format = formatParam(request);
    if (format && format !== RENDERER.format) throw detail(404, 'Not found.');
    const mediaType = acceptedMediaType(request.headers.accept);
    if (mediaType === undefined) throw detail(406, 'Could not satisfy the request Accept header.');
    accepted.set(request, mediaType);
  });
}
