/**
 * Shared set-up of the browser suites: Debian's Chromium through
 * playwright-core (skipped with the reason printed when absent), the app on
 * a real socket, axe-core, screenshots into artifacts/dashboard/.
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

// biome-ignore lint/suspicious/noExplicitAny: browser globals inside page callbacks
declare const document: any;

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = join(PROJECT_ROOT, 'artifacts/dashboard');
export const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
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

/** Why the suite cannot run here, or undefined when Chromium is present. */
export function chromiumMissing(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  return `${CHROMIUM} is absent (apt-get install -y chromium, or set CHROMIUM_PATH; .ci/run installs it)`;
}

/** The app on 127.0.0.1, closed at the end of `t`. */
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

/** A persistent Chromium context (CSP bypassed only so axe-core can be injected), closed at the end of `t`. */
export async function launch(t: Test, options: { timezoneId?: string } = {}): Promise<BrowserContext> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const userDataDir = mkdtempSync(join(tmpdir(), 'bgtasks-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    bypassCSP: true,
    viewport: { width: 1280, height: 860 },
    timezoneId: options.timezoneId ?? 'Europe/Berlin',
  });
  t.teardown(async () => {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  });
  return context;
}

export async function loaded(page: Page): Promise<void> {
  await page.waitForSelector('body[data-loaded="true"]', { timeout: 15_000 });
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

export async function shot(page: Page, name: string, fullPage = true): Promise<string> {
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}
