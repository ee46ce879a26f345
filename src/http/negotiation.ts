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
 * The response's Content-Type stays the renderer's `application/json`
 * whatever was accepted (DRF's Response.rendered_content uses
 * renderer.media_type).
 * After negotiation DRF authenticates: token, then basic, then session. The
 * session is read — and Django's SessionMiddleware then adds `Vary: Cookie` —
 * unless the Authorization header's first word is `Token` or `Basic` (those
 * authenticators decide alone, succeeding or failing).
 * Only DRF views negotiate: InvenTree 0.15's `/api/` (InfoView) and the
 * catch-all 404 (NotFoundView) are plain Django views.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { detailError } from './errors.js';
import { pythonInt } from './python-query.js';
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

/**
 * JSONRenderer.get_indent: the accepted media type's `indent` parameter,
 * `max(min(int(indent), 8), 0)`, 0 meaning none; anything int() refuses is none.
 */
export function indentOf(acceptedType: string): number | undefined {
  const raw = parseMediaType(`x/x;${acceptedType.split(';').slice(1).join(';')}`).params.find(([k]) => k === 'indent')?.[1];
  const n = pythonInt(raw);
  if (n === undefined) return undefined;
  const clamped = n > 8n ? 8 : n < 0n ? 0 : Number(n);
  return clamped === 0 ? undefined : clamped;
}

/** Requests of DRF views whose accepted media type asks for indented JSON. */
const indents = new WeakMap<FastifyRequest, number>();

async function readAll(stream: AsyncIterable<unknown>): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
  return text;
}

/**
 * DRF's JSONRenderer with an indent: `json.dumps(data, indent=n,
 * separators=(',', ': '), ensure_ascii=False)` (JSON.stringify's layout), then
 * U+2028/U+2029 escaped as in compact output.
 */
function renderIndented(text: string, indent: number): string {
  return JSON.stringify(JSON.parse(text), null, indent).replace(/[\u2028\u2029]/g, (c) => (c === '\u2028' ? '\\u2028' : '\\u2029'));
}

/** DRF views whose authentication reached SessionAuthentication (hence read the session). */
const sessionRead = new WeakSet<FastifyRequest>();

/** Whether DRF's TokenAuthentication or BasicAuthentication claims this Authorization header. */
function claimedByTokenOrBasic(authorization: string | undefined): boolean {
  const keyword = authorization?.trim().split(/\s+/)[0]?.toLowerCase();
  return keyword === 'token' || keyword === 'basic';
}

export function isDrfView(request: FastifyRequest): boolean {
  const url = request.routeOptions.url;
  if (request.routeOptions.config?.ownMediaTypes) return false;
  return url !== undefined && DRF_VIEW_PREFIXES.some((p) => url.startsWith(p));
}

export function registerContentNegotiation(app: FastifyInstance): void {
  // A global onRequest hook runs before every route's own (authentication).
  app.addHook('onRequest', async (request) => {
    if (!isDrfView(request)) return;
    const format = formatParam(request);
    if (format && format !== RENDERER.format) throw detailError(404, 'Not found.');
    const mediaType = acceptedMediaType(request.headers.accept);
    if (mediaType === undefined) throw detailError(406, 'Could not satisfy the request Accept header.');
    const indent = indentOf(mediaType);
    if (indent !== undefined) indents.set(request, indent);
    if (!claimedByTokenOrBasic(request.headers.authorization)) sessionRead.add(request);
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (sessionRead.has(request)) {
      // patch_vary_headers: append, never duplicate.
      const vary = reply.getHeader('vary');
      const existing = typeof vary === 'string' ? vary.split(',').map((v) => v.trim()) : [];
      if (!existing.some((v) => v.toLowerCase() === 'cookie')) reply.header('vary', [...existing.filter(Boolean), 'Cookie'].join(', '));
    }
    const indent = indents.get(request);
    const type = reply.getHeader('content-type');
    if (indent !== undefined && typeof type === 'string' && type.startsWith('application/json') && payload !== null && payload !== undefined) {
      // Rare (a client asked for it): a streamed list is read whole to be re-laid out.
      const text = typeof payload === 'string' ? payload : await readAll(payload as AsyncIterable<unknown>);
      if (text !== '') {
        reply.removeHeader('content-length');
        return renderIndented(text, indent);
      }
    }
    return payload;
  });
}
