/**
 * Request-body parsers matching what DRF accepts on these endpoints: JSON and
 * form-encoded. Anything else is a 415 (Fastify raises it when no parser
 * matches). An empty JSON body is "no data", as DRF treats it, so a DELETE
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
}
