/**
 * The API document and interactive docs, outside InvenTree's document:
 *
 *   GET /api/schema/   openapi/background-task.yaml as stored (YAML,
 *                      `application/vnd.oai.openapi`), or as JSON
 *                      (`application/vnd.oai.openapi+json`) with
 *                      `?format=json` or `Accept: application/json` —
 *                      drf-spectacular's URL and media types, as InvenTree has.
 *   GET /api/docs/     Swagger UI (@fastify/swagger in static mode +
 *                      @fastify/swagger-ui), every asset served from here;
 *                      its "Try it out" calls this server, and its
 *                      Authorize dialog offers the document's three schemes.
 */
import { readFileSync } from 'node:fs';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parse as parseYaml } from 'yaml';
import type { AppServices } from '../context.js';
import { sendError } from '../http/errors.js';
import { notFound } from '../http/not-found.js';
import { SPEC_PATH } from '../paths.js';

export const SCHEMA_URL = '/api/schema/';
export const DOCS_URL = '/api/docs/';
export const YAML_TYPE = 'application/vnd.oai.openapi; charset=utf-8';
export const JSON_TYPE = 'application/vnd.oai.openapi+json; charset=utf-8';

/** Served with the docs page: scripts and styles from this origin only. */
export const DOCS_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'self'",
  "form-action 'self'",
].join('; ');

function wantsJson(request: FastifyRequest): boolean | undefined {
  const format = (request.query as Record<string, unknown> | undefined)?.format;
  const value = Array.isArray(format) ? format.at(-1) : format;
  if (value === 'json' || value === 'openapi-json') return true;
  if (value === 'yaml' || value === 'openapi') return false;
  if (value !== undefined) return undefined;
  const accept = String(request.headers.accept ?? '').toLowerCase();
  // JSON only when asked for and not ranked below YAML; browsers and `*/*` get YAML.
  const json = accept.search(/application\/(vnd\.oai\.openapi\+)?json/);
  const yaml = accept.search(/application\/(vnd\.oai\.openapi|yaml|x-yaml)(?!\+)|text\/yaml/);
  return json !== -1 && (yaml === -1 || json < yaml);
}

export async function registerDocs(app: FastifyInstance, services: AppServices): Promise<void> {
  const yamlText = readFileSync(SPEC_PATH, 'utf8');
  const document = parseYaml(yamlText) as Record<string, unknown>;
  const jsonText = JSON.stringify(document);

  app.get(SCHEMA_URL, async (request, reply) => {
    const json = wantsJson(request);
    // An unknown format: InvenTree's 404, as for any path it does not have.
    if (json === undefined) return sendError(reply, notFound(request, services.config.trustProxy));
    reply.header('vary', 'Accept').header('cache-control', 'no-cache');
    return json ? reply.type(JSON_TYPE).send(jsonText) : reply.type(YAML_TYPE).send(yamlText);
  });

  // In a context of its own: the swagger decorators and the CSP hook stay here.
  await app.register(async (docs) => {
    await docs.register(fastifySwagger, {
      mode: 'static',
      // The page's "Try it out" must call the server that served it, not
      // the document's example server.
      specification: { document: { ...document, servers: [{ url: '/', description: 'this server' }] } as never },
    });
    await docs.register(fastifySwaggerUi, {
      routePrefix: DOCS_URL.replace(/\/$/, ''),
      staticCSP: DOCS_CSP,
      uiConfig: {
        deepLinking: true,
        displayRequestDuration: true,
        persistAuthorization: false,
        tryItOutEnabled: false,
        withCredentials: true,
        docExpansion: 'list',
      },
      theme: { title: 'Background tasks API — InvenTree API 198' },
    });
  });
}
