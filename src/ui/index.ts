/**
 * The web dashboard, served by the API's own process (see src/ui/README.md
 * and docs/dashboard.md). One entry point for the composition root:
 *
 *   await registerUi(app, { services, authenticate });
 *
 * Routes:
 *   GET  /                                   → 302 /dashboard/
 *   GET  /dashboard/, pending/, scheduled/, failed/   the views (HTML shells);
 *        /dashboard/succeeded/                       with the extensions on only (succeeded/, insights/)
 *   GET  /dashboard/assets/<file>            scripts, styles, icon (from src/ui/assets; uPlot from node_modules)
 *   GET  /dashboard/sign-in/, POST …         sign-in (session like Django's login())
 *   POST /dashboard/sign-out/                sign-out (session row deleted)
 *   GET  /api/background-task/events/        overview events (SSE), an extension:
 *                                            absent (404 as today) when extensions are off
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuthenticatedUser } from '../auth/index.js';
import { extensionsEnabled } from '../config/extensions.js';
import type { AppServices } from '../context.js';
import { sendError } from '../http/errors.js';
import { notFound } from '../http/not-found.js';
import { PROJECT_ROOT } from '../paths.js';
import { HEARTBEAT_MS, OverviewHub, registerEvents } from './events.js';
import { OverviewStats } from './overview-stats.js';
import { ASSETS, BASE, renderView, viewsFor } from './pages.js';
import { ensureCsrfSecret, HTML_CSP, maskedToken, registerSignIn } from './sign-in.js';

export const ASSETS_DIR = join(PROJECT_ROOT, 'src/ui/assets');

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export interface UiDeps {
  services: AppServices;
  /** The API's authenticator (token → basic → session, the path's permission, CSRF), shared with the API routes. */
  authenticate: (request: FastifyRequest) => Promise<AuthenticatedUser | undefined>;
  /** Overrides for tests: how often the events ticker and heartbeats run. */
  events?: { intervalMs?: number; heartbeatMs?: number };
}

/** READ_ONLY: the API refuses every write, so the pages offer none. */
export function readOnly(services: AppServices): boolean {
  return services.config.readOnly;
}

/**
 * Third-party assets, served from node_modules by the same route (no CDN:
 * the dashboard works offline). uPlot draws the insights view's charts; it
 * styles its elements through the CSSOM only, which the CSP allows.
 */
const VENDOR_ASSETS: Record<string, string> = {
  'uPlot.esm.js': 'node_modules/uplot/dist/uPlot.esm.js',
  'uPlot.min.css': 'node_modules/uplot/dist/uPlot.min.css',
};

function loadAssets(): Map<string, { body: Buffer; type: string; etag: string }> {
  const assets = new Map<string, { body: Buffer; type: string; etag: string }>();
  let names: string[];
  try {
    names = readdirSync(ASSETS_DIR);
  } catch (err) {
    throw new Error(`the dashboard's assets are missing at ${ASSETS_DIR} (${(err as Error).message})`);
  }
  for (const name of names) {
    const type = TYPES[extname(name)];
    if (!type) continue;
    const body = readFileSync(join(ASSETS_DIR, name));
    assets.set(name, { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` });
  }
  for (const [name, path] of Object.entries(VENDOR_ASSETS)) {
    const body = readFileSync(join(PROJECT_ROOT, path));
    assets.set(name, { body, type: TYPES[extname(name)]!, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` });
  }
  return assets;
}

export async function registerUi(app: FastifyInstance, deps: UiDeps): Promise<void> {
  const { services } = deps;
  const assets = loadAssets();

  app.get('/', async (_request, reply) => reply.code(302).header('location', BASE).send());
  app.get('/dashboard', async (_request, reply) => reply.code(302).header('location', BASE).send());

  const extensions = extensionsEnabled(services.config);
  for (const view of viewsFor(extensions)) {
    app.get(view.path, async (request, reply) => {
      const secret = ensureCsrfSecret(request, reply, request.protocol === 'https');
      return reply
        .header('content-security-policy', HTML_CSP)
        .header('cache-control', 'no-store')
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'same-origin')
        .type('text/html; charset=utf-8')
        .send(renderView(view, { readOnly: readOnly(services), csrfToken: maskedToken(secret), extensions }));
    });
  }

  app.get(`${ASSETS}:name`, async (request, reply) => {
    const asset = assets.get((request.params as { name: string }).name);
    if (!asset) return sendError(reply, notFound(request, services.config.trustProxy));
    reply.header('etag', asset.etag).header('cache-control', 'no-cache').header('x-content-type-options', 'nosniff');
    if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send();
    return reply.type(asset.type).send(asset.body);
  });

  registerSignIn(app, services);

  if (extensions) {
    const ttlMs = services.config.countsTtlSeconds * 1000;
    const stats = new OverviewStats(services.readDb, services.counts, ttlMs);
    const hub = new OverviewHub(stats, {
      intervalMs: deps.events?.intervalMs ?? Math.max(1000, ttlMs),
      heartbeatMs: deps.events?.heartbeatMs ?? HEARTBEAT_MS,
      log: app.log,
    });
    registerEvents(app, hub, deps.authenticate);
  }
}
