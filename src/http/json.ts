import type { FastifyInstance } from 'fastify';

/**
 * JSON as DRF's JSONRenderer writes it: compact separators, UTF-8 (no \u
 * escapes) except U+2028/U+2029, which it escapes so the output is also valid
 * JavaScript.
 */
const LINE_SEPARATORS = /[\u2028\u2029]/g;

export function renderJson(value: unknown): string {
  const text = JSON.stringify(value);
  return LINE_SEPARATORS.test(text)
    ? text.replace(LINE_SEPARATORS, (c) => (c === '\u2028' ? '\\u2028' : '\\u2029'))
    : text;
}

/** Streams `[a,b,…]` from an async iterable, one element per chunk batch. */
export async function* renderJsonArray(items: AsyncIterable<unknown>): AsyncGenerator<string> {
  let first = true;
  let buffer = '[';
  for await (const item of items) {
    buffer += first ? renderJson(item) : `,${renderJson(item)}`;
    first = false;
    // Batch small rows into ~64 KiB chunks: fewer writes, bounded memory.
    if (buffer.length >= 65536) {
      yield buffer;
      buffer = '';
    }
  }
  yield `${buffer}]`;
}

/**
 * DRF's JSONRenderer answers `Content-Type: application/json` with no
 * parameter. Fastify 5 appends `; charset=utf-8` to any JSON type set with
 * `reply.type()` when the payload is a string (lib/reply.js), so every JSON
 * answer of every route — ours, the error handler's, the 404 handler's and
 * those added later — is put right here, in one place, just before the
 * headers are written. Other JSON types (health+json, the OpenAPI document)
 * keep theirs, and so do
 * Swagger UI's own files under /api/docs/.
 */
export const JSON_CONTENT_TYPE = 'application/json';
const FASTIFY_JSON = 'application/json; charset=utf-8';

export function registerJsonContentType(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const type = reply.getHeader('content-type');
    if (type === FASTIFY_JSON && !request.url.startsWith('/api/docs/')) {
      reply.header('content-type', JSON_CONTENT_TYPE);
    }
    return payload;
  });
}
