/**
 * Shared set-up of the dashboard's browser suites (real Chromium — Debian's
 * /usr/bin/chromium through playwright-core — against the real app on a real
 * socket): where Chromium is, its flags, a persistent context, the app served
 * on a port, token sign-in, waiting for a view to load, axe-core and
 * screenshots. The same choices as test/ui/browser.test.ts.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import type { Test } from 'tap';
import { buildApp } from '../../src/app.js';
import type { Database } from '../../src/db/schema.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { testConfig } from '../helpers/config.js';
import { TEST_SECRET_KEY } from '../helpers/rows.js';

// Callbacks run in the page; this program has no DOM types.
// biome-ignore lint/suspicious/noExplicitAny: browser globals inside page callbacks
declare const document: any;

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Why the browser suite cannot run here, or undefined when it can. */
export function chromiumMissing(): string | undefined {
  return existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is absent (apt-get install -y chromium, or set CHROMIUM_PATH; .ci/run installs it)`;
}

export const ARTIFACTS = join(PROJECT_ROOT, 'artifacts/dashboard');
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
export const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The app on a real socket over `db`, closed when the test ends. */
export async function serve(
  t: Test,
  db: Kysely<Database>,
  databaseKind: Parameters<typeof buildApp>[0]['databaseKind'],
  overrides: Parameters<typeof testConfig>[0] = {},
): Promise<{ app: FastifyInstance; base: string }> {
  const app = await buildApp({ config: testConfig({ secretKey: TEST_SECRET_KEY, countsTtlSeconds: 1, ...overrides }), db, logger: false, databaseKind });
  await app.listen({ host: '127.0.0.1', port: 0 });
  t.teardown(() => app.close());
  return { app, base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}

/** A persistent Chromium context in a temporary profile; script errors collected in `errors`. */
export async function launch(t: Test): Promise<{ context: BrowserContext; errors: string[] }> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const userDataDir = mkdtempSync(join(tmpdir(), 'bgtasks-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    // axe-core is injected as a script; the pages' CSP allows only our own files.
    bypassCSP: true,
    viewport: { width: 1280, height: 860 },
    timezoneId: 'Europe/Berlin',
  });
  t.teardown(async () => {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  });
  const errors: string[] = [];
  context.on('page', (page) => page.on('pageerror', (err) => errors.push(err.message)));
  return { context, errors };
}

/** Token sign-in through the page's own form (the token kept in the tab). */
export async function signInWithToken(page: Page, base: string, token: string): Promise<void> {
  await page.goto(`${base}/dashboard/sign-in/`);
  await page.getByRole('textbox', { name: 'API token' }).fill(token);
  await page.getByRole('button', { name: 'Use token' }).click();
  await page.waitForURL(`${base}/dashboard/`);
}

export async function loaded(page: Page): Promise<void> {
  await page.waitForSelector('body[data-loaded="true"]', { timeout: 15_000 });
}

/** The table's rows are the answer to the latest request. */
export async function idle(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('#rows')?.getAttribute('aria-busy') === 'false', undefined, { timeout: 15_000 });
}

/** axe-core on the page: no serious or critical violation. */
export async function axe(t: Test, page: Page, label: string): Promise<void> {
  await page.addScriptTag({ path: AXE });
  const result = (await page.evaluate(() =>
    (globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<unknown> } }).axe.run(document, {
      resultTypes: ['violations'],
    }),
  )) as { violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }> };
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  t.same(
    bad.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
    [],
    `axe-core: no serious/critical violation on ${label}`,
  );
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}
