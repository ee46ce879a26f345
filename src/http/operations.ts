/**
 * Binds handlers (one per operationId, typed by generated/operations.ts) to
 * fastify-openapi-glue's operation resolver: each operation's route is the
 * generated Fastify route (path parameters bound, integers digit-only), and
 * each handler's `{status, body}` result is written to the reply.
 */
import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { OperationRouting, StreamedArray, StreamedPage } from '../../generated/operations.js';
import { renderDjangoJson } from './django-json.js';
import { renderJson, renderJsonArray } from './json.js';

function streamKind(body: unknown): unknown {
  return typeof body === 'object' && body !== null ? (body as { kind?: unknown }).kind : undefined;
}

/** A streamed page, in the bytes renderJson gives the same page held in memory. */
async function* renderPage(page: StreamedPage<unknown>): AsyncGenerator<string> {
  const head = renderJson({ count: page.count, next: page.next, previous: page.previous });
  yield `${head.slice(0, -1)},"results":`;
  yield* renderJsonArray(page.results);
  yield '}';
}

/** A handler's result; `renderer: 'django-json'` where the operation is a plain Django view (`x-django-json-response`). */
export async function writeResult(reply: FastifyReply, result: { status: number; body: unknown; renderer?: 'django-json' }): Promise<FastifyReply> {
  reply.code(result.status);
  if (result.body === undefined) return reply.send();
  reply.type('application/json');
  const kind = streamKind(result.body);
  if (kind === 'streamed-array') return reply.send(Readable.from(renderJsonArray((result.body as StreamedArray<unknown>).items)));
  if (kind === 'streamed-page') return reply.send(Readable.from(renderPage(result.body as StreamedPage<unknown>)));
  return reply.send(result.renderer === 'django-json' ? renderDjangoJson(result.body) : renderJson(result.body));
}

/** What every operation handler looks like once its types are erased. */
export type AnyHandler<Ctx> = (input: { query: unknown; params: unknown; body: unknown; context: Ctx }) => Promise<{
  status: number;
  body: unknown;
  renderer?: 'django-json';
}>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The operation a route serves (set on OpenAPI routes only). */
    operationId?: string;
    /** The document path of an OpenAPI route, e.g. `/api/background-task/failed/{id}/`. */
    openapiPath?: string;
    /** DRF's `Allow` header value for the route's path (src/http/method-routes.ts). */
    allow?: string;
    /**
     * The route negotiates its own media types (the dashboard's event stream:
     * `text/event-stream`), so DRF's JSON-only `Accept`/`?format=` negotiation
     * (src/http/negotiation.ts) must not answer it with a 406.
     */
    ownMediaTypes?: boolean;
  }
}

/** Route config our OpenAPI routes carry (read by the Allow hook and the security move). */
export interface OperationRouteConfig {
  operationId: string;
  /** The document path, e.g. `/api/background-task/failed/{id}/`. */
  openapiPath: string;
  /** DRF's `Allow` header value for the path (none for a plain Django view). */
  allow: string | undefined;
}

/**
 * The glue's `operationResolver`: route options per operationId. Fastify's
 * own validation and serialization are dropped (schema: undefined): query
 * strings, path parameters and bodies are parsed by the handlers with
 * Python/DRF semantics (an invalid `limit` means "unpaginated", not 400; an
 * id longer than any integer is a 404, not a 400), and responses are checked
 * against the document by the test suite instead.
 */
export function operationResolver<Ctx>(options: {
  operations: Readonly<Record<string, OperationRouting>>;
  handlers: Readonly<Record<string, AnyHandler<Ctx>>>;
  contextOf: (request: FastifyRequest) => Ctx;
  allowOf: (openapiPath: string) => string | undefined;
}): (operationId: string) => RouteOptions {
  return (operationId) => {
    const routing = options.operations[operationId];
    const handler = options.handlers[operationId];
    if (!routing || !handler) throw new Error(`operation ${operationId}: no handler or routing entry`);
    const allow = options.allowOf(routing.path);
    const config: OperationRouteConfig = { operationId, openapiPath: routing.path, ...(allow ? { allow } : {}) } as OperationRouteConfig;
    // Spread over the glue's own options: method stays the glue's, url becomes the generated route.
    return {
      url: routing.route,
      schema: undefined,
      config,
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        const result = await handler({
          query: request.query,
          params: request.params,
          body: request.body,
          context: options.contextOf(request),
        });
        return writeResult(reply, result);
      },
    } as Partial<RouteOptions> as RouteOptions;
  };
}
