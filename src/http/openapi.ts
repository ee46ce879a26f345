/**
 * An OpenAPI document served through fastify-openapi-glue: one route per
 * operation (the generated route, path parameters bound), the document's
 * security schemes decided by one authenticator call per request, and
 * DRF's Allow / 405 / OPTIONS around every path. Knows nothing of what the
 * operations do: the composition root (src/app.ts) passes the document,
 * the generated operation table, the handlers and the authenticator.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import openapiGlue from 'fastify-openapi-glue';
import type { OperationRouting } from '../../generated/operations.js';
import { allowHeader, endpoints, registerAllowHeader, registerMethodRoutes, type ViewDescription } from './method-routes.js';
import { type AnyHandler, operationResolver } from './operations.js';

export interface OpenApiRoutes<Ctx> {
  /** The parsed document. */
  specification: Record<string, unknown>;
  /** generated/operations.ts's OPERATIONS (or a test document's). */
  operations: Readonly<Record<string, OperationRouting>>;
  /** One per operationId (an `OperationHandlers<Ctx>`). */
  handlers: object;
  /** OPTIONS metadata per document path. */
  views: Readonly<Record<string, ViewDescription>>;
  /**
   * Authentication and permission for the request; throws the ApiError to
   * answer. Called by each scheme handler and by the 405/OPTIONS routes: it
   * must decide once per request (the composition root memoises it).
   */
  authenticate: (request: FastifyRequest) => Promise<unknown>;
  /** The handler context of an authenticated request. */
  contextOf: (request: FastifyRequest) => Ctx;
}

export async function registerOpenApiRoutes<Ctx>(app: FastifyInstance, options: OpenApiRoutes<Ctx>): Promise<void> {
  const byPath = endpoints(options.operations);

  app.addHook('onRoute', (route) => {
    // The glue attaches security as a preHandler, i.e. after body parsing.
    // InvenTree (DRF) authenticates first: an unauthenticated bad request is
    // a 401, not a 400. So security runs at onRequest.
    if (route.preHandler && route.config?.operationId) {
      route.onRequest = [route.onRequest ?? [], route.preHandler].flat() as typeof route.onRequest;
      delete route.preHandler;
    }
  });
  registerAllowHeader(app);

  const scheme = async (request: FastifyRequest) => void (await options.authenticate(request));
  const schemes = Object.keys(
    ((options.specification.components as { securitySchemes?: Record<string, unknown> } | undefined)?.securitySchemes ?? {}),
  );
  await app.register(openapiGlue, {
    specification: options.specification,
    operationResolver: operationResolver({
      operations: options.operations,
      handlers: options.handlers as Record<string, AnyHandler<Ctx>>,
      contextOf: options.contextOf,
      allowOf: (path) => allowHeader(byPath.get(path)?.methods ?? [], options.views[path]),
    }),
    // Every scheme of the document, decided together as InvenTree does:
    // token → basic → session, the first one present deciding.
    securityHandlers: Object.fromEntries(schemes.map((name) => [name, scheme])),
  });

  registerMethodRoutes(app, { endpoints: byPath, views: options.views, authenticate: options.authenticate });
}
