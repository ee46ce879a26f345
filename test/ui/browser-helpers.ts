/**
 * The one set-up of the dashboard's browser suites (browser.test.ts,
 * browser-drawer.test.ts, browser-actions.test.ts): real Chromium — Debian's
 * /usr/bin/chromium through playwright-core, the suite skipped with the
 * reason printed when absent — against the real app on a real socket over a
 * seeded test database; a persistent context collecting script errors, token
 * sign-in, waiting for a view, its rows or a drawer to load, axe-core, and
 * screenshots into artifacts/dashboard/ (gitignored).
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
import { makePbkdf2Sha256 } from '../../src/auth/password-hashers.js';
import type { Database } from '../../src/db/schema.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { seed } from '../../src/seed/seed.js';
import { testConfig } from '../helpers/config.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { CLUSTER, TEST_SECRET_KEY } from '../helpers/rows.js';
import { createToken, createUser } from '../helpers/users.js';

// Callbacks run in the page; this program has no DOM types.
// biome-ignore lint/suspicious/noExplicitAny: browser globals inside page callbacks
declare const document: any;

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
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

/** Why the suite cannot run here, or undefined when Chromium is present. */
export function chromiumMissing(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  return `${CHROMIUM} is absent (apt-get install -y chromium, or set CHROMIUM_PATH; .ci/run installs it)`;
}

/** Runs the suite's `main` where Chromium is present; elsewhere skips it, printing why. */
export async function whereChromium(t: Test, suite: string, main: () => Promise<void>): Promise<void> {
  const missing = chromiumMissing();
  if (missing) {
    t.comment(`SKIPPED ${suite}: ${missing}`);
    t.plan(0, `browser suite skipped: ${missing}`);
    return;
  }
  await main();
}

/**
 * A test database (closed at the end of `t`) with the demo data seeded in
 * django-q's formats, and a staff user "operator" with an API token; its
 * password is `password` (else unusable: token sign-in only).
 */
export async function seededDatabase(
  t: Test,
  counts: { pending: number; failed: number; success: number; scheduled: number },
  options: { password?: string } = {},
): Promise<{ database: TestDatabase; db: Kysely<Database>; token: string; auth: { authorization: string } }> {
  const database = await createTestDatabase();
  t.teardown(() => database.close());
  const db = database.db;
  await seed(db, { counts, secretKey: TEST_SECRET_KEY, clusterName: CLUSTER });
  const password = options.password === undefined ? '!' : await makePbkdf2Sha256(options.password, { iterations: 1000 });
  const staff = await createUser(db, { username: 'operator', password, isStaff: true });
  const token = await createToken(db, staff.id);
  return { database, db, token, auth: { authorization: `Token ${token}` } };
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

/**
 * A persistent Chromium context in a temporary profile (CSP bypassed only so
 * axe-core can be injected), closed at the end of `t`; every page's script
 * errors are collected in `errors`.
 */
export async function launch(t: Test): Promise<{ context: BrowserContext; errors: string[] }> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const userDataDir = mkdtempSync(join(tmpdir(), 'bgtasks-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
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
  await page.waitForFunction(() => document.querySelector('#rows')?.getAttribute('aria-busy') === 'false');
}

/** The detail drawer is open on `pk` and shows its detail (or the API's error). */
export async function drawerLoaded(page: Page, pk: string): Promise<void> {
  await page.waitForFunction(
    (pk) => {
      const d = document.getElementById('drawer');
      return d.open && d.dataset.pk === pk && d.dataset.loaded === 'true';
    },
    pk,
  );
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

/**
 * axe-core in the light theme, then in the dark one (`<label> (dark)`), and
 * back to light; with `shotName`, a screenshot in each (`<name>`, `<name>-dark`).
 */
export async function axeLightAndDark(t: Test, page: Page, label: string, shotName?: string, fullPage = true): Promise<void> {
  await axe(t, page, label);
  if (shotName) await shot(page, shotName, fullPage);
  await page.emulateMedia({ colorScheme: 'dark' });
  await axe(t, page, `${label} (dark)`);
  if (shotName) await shot(page, `${shotName}-dark`, fullPage);
  await page.emulateMedia({ colorScheme: 'light' });
}

/** A screenshot in artifacts/dashboard/ (the whole page unless `fullPage` is false). */
export async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage });
}
