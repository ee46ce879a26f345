/**
 * What DRF does around each endpoint besides its operations: the `Allow`
 * header on every response, OPTIONS metadata, and 405 for the methods an
 * endpoint lacks — each only after authentication and permission, as DRF
 * runs `initial()` before dispatching.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { OPERATIONS } from '../../generated/operations.js';
import type { AuthenticatedUser } from '../auth/index.js';
import { methodNotAllowed } from './errors.js';
import { renderJson } from './json.js';

/** DRF orders methods as View.http_method_names does. */
const DRF_METHOD_ORDER = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/** The view's name and docstring, as InvenTree's OPTIONS metadata shows them. */
const VIEWS: Record<string, { name: string; description: string }> = {
  '/api/background-task/': {
    name: 'Background Task Overview',
    description: 'Provides an overview of the background task queue status.',
  },
  '/api/background-task/pending/': {
    name: 'Pending Task List',
    description: 'Provides a read-only list of currently pending tasks.',
  },
  '/api/background-task/scheduled/': {
    name: 'Scheduled Task List',
    description: 'Provides a read-only list of currently scheduled tasks.',
  },
  '/api/background-task/failed/': {
    name: 'Failed Task List',
    description: 'Provides a read-only list of currently failed tasks.',
  },
  '/api/user/me/': { name: 'Me User Detail', description: 'Detail endpoint for current user.' },
  '/api/user/token/': { name: 'Get Auth Token', description: 'Return authentication token for an authenticated user.' },
};

/** Endpoints InvenTree serves with a plain Django view (InfoView): no DRF `Allow` header on their answers. */
const PLAIN_DJANGO_VIEWS = new Set(['/api/']);

/** Methods per path, from the document. */
export function endpointMethods(): Map<string, string[]> {
  const byPath = new Map<string, Set<string>>();
  for (const op of Object.values(OPERATIONS)) {
    let set = byPath.get(op.path);
    if (!set) byPath.set(op.path, (set = new Set()));
    set.add(op.method);
    if (op.method === 'GET') set.add('HEAD');
    set.add('OPTIONS');
  }
  return new Map([...byPath].map(([path, set]) => [path, DRF_METHOD_ORDER.filter((m) => set.has(m))]));
}

export function registerMethodRoutes(
  app: FastifyInstance,
  authenticate: (request: FastifyRequest) => Promise<AuthenticatedUser | undefined>,
): void {
  const endpoints = endpointMethods();
  const allowHeader = new Map([...endpoints].map(([path, methods]) => [path, methods.join(', ')]));

  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload) => {
    const url = request.routeOptions.url ?? '';
    const allow = PLAIN_DJANGO_VIEWS.has(url) ? undefined : allowHeader.get(url);
    if (allow) reply.header('allow', allow);
    return payload;
  });

  const onRequest = async (request: FastifyRequest) => {
    await authenticate(request);
  };

  for (const [path, methods] of endpoints) {
    const missing = ['POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => !methods.includes(m));
    app.route({
      method: missing,
      url: path,
      onRequest,
      handler: async (request) => {
        throw methodNotAllowed(request.method);
      },
    });
    const view = VIEWS[path] ?? { name: path, description: '' };
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
      url: path,
      onRequest,
      handler: async (_request, reply) => reply.type('application/json').send(metadata),
    });
  }
}
