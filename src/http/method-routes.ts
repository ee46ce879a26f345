/**
 * What DRF does around each endpoint besides its operations: the `Allow`
 * header on every response, OPTIONS metadata, and 405 for the methods an
 * endpoint lacks — each only after authentication and permission, as DRF
 * runs `initial()` before dispatching. Templated paths are bound by their
 * generated Fastify route, so `/failed/7/` gets its 405 and OPTIONS while
 * `/failed/x/` stays the catch-all 404.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { OperationRouting } from '../../generated/operations.js';
import { methodNotAllowed } from './errors.js';
import './operations.js'; // the route config's type (FastifyContextConfig)
import { renderJson } from './json.js';

/** DRF orders methods as View.http_method_names does. */
const DRF_METHOD_ORDER = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/** The view's name and docstring, as DRF's OPTIONS metadata shows them. */
export interface ViewDescription {
  name: string;
  description: string;
  /** A plain Django view (not DRF): its answers carry no `Allow` header. */
  plainDjangoView?: boolean;
}

export interface Endpoint {
  /** The document path. */
  path: string;
  /** The Fastify route it binds to. */
  route: string;
  /** DRF's Allow order. */
  methods: string[];
}

/** Endpoints of an operation table: methods per document path. */
export function endpoints(operations: Readonly<Record<string, OperationRouting>>): Map<string, Endpoint> {
  const byPath = new Map<string, { route: string; methods: Set<string> }>();
  for (const op of Object.values(operations)) {
    let entry = byPath.get(op.path);
    if (!entry) byPath.set(op.path, (entry = { route: op.route, methods: new Set() }));
    entry.methods.add(op.method);
    if (op.method === 'GET') entry.methods.add('HEAD');
    entry.methods.add('OPTIONS');
  }
  return new Map(
    [...byPath].map(([path, { route, methods }]) => [path, { path, route, methods: DRF_METHOD_ORDER.filter((m) => methods.has(m)) }]),
  );
}

/** DRF's Allow value for a view's methods; none for a plain Django view. */
export function allowHeader(methods: string[], view: ViewDescription | undefined): string | undefined {
  return view?.plainDjangoView ? undefined : methods.join(', ');
}

/** The Allow hook: every route whose config names an `allow` value sends it, errors included. */
export function registerAllowHeader(app: FastifyInstance): void {
  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload) => {
    const allow = request.routeOptions.config?.allow;
    if (allow) reply.header('allow', allow);
    return payload;
  });
}

export function registerMethodRoutes(
  app: FastifyInstance,
  options: {
    endpoints: Map<string, Endpoint>;
    views: Readonly<Record<string, ViewDescription>>;
    authenticate: (request: FastifyRequest) => Promise<unknown>;
  },
): void {
  const onRequest = async (request: FastifyRequest) => {
    await options.authenticate(request);
  };

  for (const { path, route, methods } of options.endpoints.values()) {
    const config = { openapiPath: path, allow: allowHeader(methods, options.views[path]) };
    // A POST-only view (the actions) lacks GET too: DRF answers GET and HEAD
    // with 405 as for any other method it does not define.
    const missing = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => !methods.includes(m));
    app.route({
      method: missing,
      url: route,
      config,
      onRequest,
      handler: async (request) => {
        throw methodNotAllowed(request.method);
      },
    });
    const view = options.views[path] ?? { name: path, description: '' };
    const actions = Object.fromEntries(methods.filter((m) => m === 'GET' || m === 'DELETE').map((m) => [m, {}]));
    const metadata = renderJson({
      name: view.name,
      description: view.description,
      renders: ['application/json'],
      parses: ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'],
      actions,
    });
    app.route({
      method: 'OPTIONS',
      url: route,
      config,
      onRequest,
      handler: async (_request, reply) => reply.type('application/json').send(metadata),
    });
  }
}
