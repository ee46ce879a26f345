/**
 * Request-body parsers matching what DRF accepts on these endpoints
 * (InvenTree's default parsers: JSON, form-encoded and multipart). Anything
 * else is a 415 (Fastify raises it when no parser matches). An empty JSON body is "no data", as DRF treats it, so a DELETE
 * without a body gets InvenTree's 400 message rather than a parse error.
 */
import type { FastifyInstance } from 'fastify';
import { detailError } from './errors.js';

/** A form-encoded body: like Django's QueryDict, one key may repeat. */
export class FormBody {
  constructor(readonly entries: ReadonlyArray<readonly [string, string]>) {}
  /** All values of a key (Django's getlist); [] when absent. */
  getlist(key: string): string[] {
    return this.entries.filter(([k]) => k === key).map(([, v]) => v);
  }
}

export const BODY_LIMIT_BYTES = 1024 * 1024;

export function registerBodyParsers(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: BODY_LIMIT_BYTES }, (_req, body, done) => {
    const text = (body as string).trim();
    if (text === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (err) {
      done(detailError(400, `JSON parse error - ${(err as Error).message}`), undefined);
    }
  });
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: BODY_LIMIT_BYTES },
    (_req, body, done) => {
      done(null, new FormBody([...new URLSearchParams(body as string)]));
    },
  );
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: BODY_LIMIT_BYTES }, (req, body, done) => {
    try {
      done(null, parseMultipart(body as Buffer, String(req.headers['content-type'] ?? '')));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
}

/** Django's parse_header: the parameters of a Content-Type, names lowercased, quotes removed. */
function headerParams(value: string): Map<string, string> {
  const params = new Map<string, string>();
  const re = /;\s*([^=;\s]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/g;
  for (const m of value.matchAll(re)) {
    let v = m[2]!.trim();
    if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1).replace(/\\\\/g, '\\').replace(/\\"/g, '"');
    params.set(m[1]!.toLowerCase(), v);
  }
  return params;
}

/**
 * A multipart/form-data body as DRF's MultiPartParser (Django's
 * MultiPartParser) gives it to the view: the form fields, a key repeatable
 * (`items` twice is `getlist('items')` of two), values decoded as UTF-8 with
 * replacement. File parts are not form fields to InvenTree's bulk delete
 * (`request.data` would hold UploadedFile objects no filter can use), so
 * they are left out. A missing or invalid boundary is DRF's ParseError.
 */
export function parseMultipart(body: Buffer, contentType: string): FormBody {
  const boundary = headerParams(contentType).get('boundary');
  // cgi.valid_boundary, as Django 3.2/4.2 check it.
  if (!boundary || !/^[ -~]{0,200}[!-~]$/.test(boundary))
    throw detailError(400, `Multipart form parse error - Invalid boundary in multipart: ${boundary ?? 'None'}`);
  if (body.length === 0) return new FormBody([]);
  const text = body.toString('latin1');
  const entries: Array<[string, string]> = [];
  const chunks = text.split(`--${boundary}`);
  for (const chunk of chunks.slice(1)) {
    if (chunk.startsWith('--')) break; // the closing delimiter
    const part = chunk.replace(/^\r?\n/, '');
    const split = part.search(/\r?\n\r?\n/);
    if (split < 0) continue;
    const headers = part.slice(0, split);
    const value = part.slice(split).replace(/^\r?\n\r?\n/, '').replace(/\r?\n$/, '');
    const disposition = /^content-disposition:(.*)$/im.exec(headers)?.[1];
    if (!disposition) continue;
    const params = headerParams(`x${disposition}`);
    const name = params.get('name');
    if (name === undefined || params.has('filename')) continue;
    const utf8 = (latin1: string) => Buffer.from(latin1, 'latin1').toString('utf8');
    entries.push([utf8(name), utf8(value)]);
  }
  return new FormBody(entries);
}
