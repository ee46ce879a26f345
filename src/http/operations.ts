/**
 * Binds our handlers (one per operationId, typed by generated/operations.ts)
 * to fastify-openapi-glue's service interface, and writes each handler's
 * `{status, body}` result to the reply.
 */
import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OperationHandlers, StreamedArray } from '../../generated/operations.js';
import { OPERATIONS } from '../../generated/operations.js';
import type { AuthenticatedUser } from '../auth/index.js';
import type { AppServices, RequestContext } from './context.js';
import { renderDjangoJson, usesDjangoJsonResponse } from './django-json.js';
import { notAuthenticated } from './errors.js';
import { renderJson, renderJsonArray } from './json.js';

function isStreamed(body: unknown): body is StreamedArray<unknown> {
  return typeof body === 'object' && body !== null && (body as { kind?: unknown }).kind === 'streamed-array';
}

export async function writeResult(reply: FastifyReply, result: { status: number; body: unknown }): Promise<FastifyReply> {
  reply.code(result.status);
  if (result.body === undefined) return reply.send();
  reply.type('application/json');
  if (isStreamed(result.body)) return reply.send(Readable.from(renderJsonArray(result.body.items)));
  return reply.send(usesDjangoJsonResponse(reply.request) ? renderDjangoJson(result.body) : renderJson(result.body));
}

type GlueHandler = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>;

/** The glue's `serviceHandlers` object: one method per operationId. */
export function serviceHandlers(
  handlers: OperationHandlers<RequestContext>,
  services: AppServices,
  userOf: (request: FastifyRequest) => AuthenticatedUser | undefined,
  /** AllowAny endpoints run without a user (their handlers must not read `context.user`). */
  isAnonymousAllowed: (request: FastifyRequest) => boolean = () => false,
): Record<string, GlueHandler> {
  const service: Record<string, GlueHandler> = {};
  for (const id of Object.keys(OPERATIONS) as Array<keyof typeof OPERATIONS>) {
    const handler = handlers[id] as (input: { query: unknown; body: unknown; context: RequestContext }) => Promise<{
      status: number;
      body: unknown;
    }>;
    service[id] = async (request, reply) => {
      const user = userOf(request);
      if (!user && !isAnonymousAllowed(request)) throw notAuthenticated(); // unreachable: security runs first
      const result = await handler({
        query: request.query,
        body: request.body,
        context: { ...services, request, user: user as AuthenticatedUser },
      });
      return writeResult(reply, result);
    };
  }
  return service;
}
