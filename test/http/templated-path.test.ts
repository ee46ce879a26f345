/**
 * Path parameters end to end, on a throwaway document
 * (fixtures/templated.yaml): the generator types `params` per operation and
 * binds integer parameters digit-only; the HTTP library routes templated
 * paths for the operation, 404, 405, HEAD and OPTIONS; the contract check
 * resolves templated paths and fails on a response it cannot place.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Fastify from 'fastify';
import t from 'tap';
import { parse } from 'yaml';
import type { OperationRouting } from '../../generated/operations.js';
import { errorHandler, notAuthenticated, sendError } from '../../src/http/errors.js';
import { registerJsonContentType } from '../../src/http/json.js';
import { notFound } from '../../src/http/not-found.js';
import { registerOpenApiRoutes } from '../../src/http/openapi.js';
import { contractChecker } from '../helpers/contract.js';

const root = new URL('../../', import.meta.url).pathname;
const specFile = join(root, 'test/http/fixtures/templated.yaml');
const out = mkdtempSync(join(tmpdir(), 'templated-'));
t.teardown(() => rmSync(out, { recursive: true, force: true }));
writeFileSync(join(out, 'package.json'), '{"type":"module"}\n'); // ES modules, as in this repository
execFileSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/generate.ts'), '--spec', specFile, '--out', out], { stdio: 'pipe' });
const generated = readFileSync(join(out, 'operations.ts'), 'utf8');

t.test('the generator types params per operation and binds integers digit-only', async (t) => {
  const retrieve = /export interface ThingRetrieveOperation \{[\s\S]*?\n\}/.exec(generated)?.[0] ?? '';
  t.match(retrieve, "\n  query: { verbose?: string | string[]; };\n", 'query holds only the query parameter');
  t.match(retrieve, '\n  params: { id: string; };\n', 'path-item parameter applies to the operation');
  const label = /export interface LabelRetrieveOperation \{[\s\S]*?\n\}/.exec(generated)?.[0] ?? '';
  t.match(label, '\n  query: {};\n  /** Path parameters');
  t.match(label, '\n  params: { name: string; };\n', '$ref parameter resolved');
  t.match(generated, "thing_retrieve: { method: 'GET', path: '/api/things/{id}/', route: '/api/things/:id(^[0-9]+$)/', hasBody: false },");
  t.match(generated, "label_retrieve: { method: 'GET', path: '/api/labels/{name}/', route: '/api/labels/:name/', hasBody: false },");

  // And the types hold: a handler reading a parameter the path lacks does not compile.
  writeFileSync(
    join(out, 'use.ts'),
    [
      "import type { OperationHandlers } from './operations.js';",
      "export const retrieve: OperationHandlers<null>['thing_retrieve'] = async ({ params, query }) => {",
      '  const id: string = params.id;',
      '  // @ts-expect-error: thing_retrieve has no `name` parameter',
      '  void params.name;',
      '  void query.verbose;',
      "  return { status: 200, body: { id: Number(id), name: 'x' } };",
      '};',
      '',
    ].join('\n'),
  );
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  const args = ['--noEmit', '--strict', '--skipLibCheck', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', join(out, 'use.ts')];
  t.doesNotThrow(() => execFileSync(process.execPath, [tsc, ...args], { stdio: 'pipe' }), 'typed handler compiles');
});

t.test('templated routes: operation, 404, 405, HEAD, OPTIONS; the contract check places them', async (t) => {
  const { OPERATIONS } = (await import(pathToFileURL(join(out, 'operations.ts')).href)) as { OPERATIONS: Record<string, OperationRouting> };
  const specification = parse(readFileSync(specFile, 'utf8')) as Record<string, unknown>;
  const check = contractChecker(specification);
  const seen: unknown[] = [];
  const app = Fastify({ logger: false });
  registerJsonContentType(app);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) => sendError(reply, notFound(request, false)));
  await registerOpenApiRoutes(app, {
    specification,
    operations: OPERATIONS,
    views: { '/api/things/{id}/': { name: 'Thing Detail', description: 'One thing.' } },
    authenticate: async (request) => {
      if (request.headers.authorization !== 'Token good') throw notAuthenticated();
    },
    contextOf: () => null,
    handlers: {
      thing_retrieve: async ({ params, query }: { params: { id: string }; query: unknown }) => {
        seen.push({ params, query });
        // id 13 answers a body the document does not allow: the check must say so.
        return params.id === '13' ? { status: 200, body: { id: 13 } } : { status: 200, body: { id: Number(params.id), name: `thing ${params.id}` } };
      },
      thing_destroy: async () => ({ status: 204, body: undefined }),
      label_retrieve: async ({ params }: { params: { name: string } }) => ({ status: 200, body: { name: params.name } }),
    },
  });
  // Not in the document: the contract check must refuse to skip it.
  app.get('/api/things/', async () => ({ undocumented: true }));
  t.teardown(() => app.close());

  const authorization = 'Token good';
  const call = async (method: 'GET' | 'HEAD' | 'POST' | 'DELETE' | 'OPTIONS', url: string, auth = true) => {
    const res = await app.inject({ method, url, headers: { host: 'h.local', ...(auth ? { authorization } : {}) } });
    return { res, problem: check('schema', method, url, res.statusCode, res.headers['content-type'] as string | undefined, res.body) };
  };

  let { res, problem } = await call('GET', '/api/things/42/?verbose=1');
  t.equal(res.statusCode, 200);
  t.equal(res.body, '{"id":42,"name":"thing 42"}');
  t.equal(res.headers.allow, 'GET, DELETE, HEAD, OPTIONS');
  t.equal(problem, undefined, 'templated path resolved and validated');
  t.same(seen.at(-1), { params: { id: '42' }, query: { verbose: '1' } });

  ({ res } = await call('GET', '/api/things/123456789012345678901234567890/'));
  t.equal(res.statusCode, 200);
  t.same(seen.at(-1), { params: { id: '123456789012345678901234567890' }, query: {} }, 'digits passed as sent, never coerced');

  ({ res, problem } = await call('GET', '/api/things/13/'));
  t.equal(res.statusCode, 200);
  t.match(problem, { status: 200, problem: /name/ }, 'a wrong body on a templated path is a violation');

  for (const url of ['/api/things/x/', '/api/things/-1/', '/api/things/4%202/', '/api/things/%D9%A4%D9%A2/', '/api/things/4.0/', '/api/things/42']) {
    for (const auth of [true, false]) {
      ({ res, problem } = await call('GET', url, auth));
      t.equal(res.statusCode, 404, `${url} is not the integer route (auth ${auth})`);
      t.equal(res.body, `{"detail": "API endpoint not found", "url": "http://h.local${url}"}`);
      t.equal(res.headers.allow, undefined);
      t.equal(problem, undefined);
    }
  }

  ({ res } = await call('GET', '/api/things/42/', false));
  t.equal(res.statusCode, 401, 'authentication runs on templated routes');
  t.equal(res.headers.allow, 'GET, DELETE, HEAD, OPTIONS');

  ({ res } = await call('POST', '/api/things/42/', false));
  t.equal(res.statusCode, 401, '405 only after authentication');
  ({ res, problem } = await call('POST', '/api/things/42/'));
  t.equal(res.statusCode, 405);
  t.equal(res.body, '{"detail":"Method \\"POST\\" not allowed."}');
  t.equal(res.headers.allow, 'GET, DELETE, HEAD, OPTIONS');
  t.equal(problem, undefined);

  ({ res, problem } = await call('HEAD', '/api/things/42/'));
  t.equal(res.statusCode, 200);
  t.equal(res.body, '');
  t.equal(res.headers.allow, 'GET, DELETE, HEAD, OPTIONS');
  t.equal(problem, undefined);

  ({ res } = await call('DELETE', '/api/things/42/'));
  t.equal(res.statusCode, 204);

  ({ res } = await call('OPTIONS', '/api/things/42/'));
  t.equal(res.statusCode, 200);
  t.same(res.json(), {
    name: 'Thing Detail',
    description: 'One thing.',
    renders: ['application/json'],
    parses: ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'],
    actions: { GET: {}, DELETE: {} },
  });
  t.equal(res.headers.allow, 'GET, DELETE, HEAD, OPTIONS');

  ({ res, problem } = await call('GET', '/api/labels/caf%C3%A9/'));
  t.equal(res.statusCode, 200);
  t.equal(res.body, '{"name":"café"}', 'a string parameter, decoded');
  t.equal(res.headers.allow, 'GET, HEAD, OPTIONS');
  t.equal(problem, undefined);
  ({ res } = await call('POST', '/api/labels/a/'));
  t.equal(res.statusCode, 405);

  ({ res, problem } = await call('GET', '/api/things/'));
  t.equal(res.statusCode, 200);
  t.match(problem, { problem: 'no path of the document matches /api/things/' }, 'an unplaceable API response fails');
  t.equal(check('schema', 'GET', '/healthz', 200, 'application/json', '{}'), undefined, 'outside /api/: not InvenTree API');
});
