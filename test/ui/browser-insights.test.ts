/**
 * The insights view in real Chromium (Debian's /usr/bin/chromium through
 * playwright-core), against the real app on a real socket over the seeded
 * demo data plus known failures: the failure groups equal the API's, a
 * group's link opens the failed table filtered to its function, both chart
 * windows render with their data table equal to the API's buckets, the
 * page's CSP holds with uPlot (a context that enforces it reports no
 * violation), axe-core clean in light, dark and at 375 px. Screenshots go to
 * artifacts/dashboard/ (gitignored). The set-up is browser.test.ts's.
 *
 * Skipped, with the reason printed, where Chromium is absent.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import t, { type Test } from 'tap';
import { buildApp } from '../../src/app.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { seed } from '../../src/seed/seed.js';
import { testConfig } from '../helpers/config.js';
import { createTestDatabase } from '../helpers/database.js';
import { CLUSTER, insertTask, TEST_SECRET_KEY } from '../helpers/rows.js';
import { createToken, createUser } from '../helpers/users.js';

// Callbacks run in the page (page.evaluate / waitForFunction); this program has no DOM types.
// biome-ignore lint/suspicious/noExplicitAny: browser globals inside page callbacks
declare const document: any;

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  const why = `${CHROMIUM} is absent (apt-get install -y chromium, or set CHROMIUM_PATH; .ci/run installs it)`;
  t.comment(`SKIPPED the insights browser suite: ${why}`);
  t.plan(0, `browser suite skipped: ${why}`);
} else {
  await main();
}

async function main(): Promise<void> {
  t.setTimeout(240_000);
  const ARTIFACTS = join(PROJECT_ROOT, 'artifacts/dashboard');
  mkdirSync(ARTIFACTS, { recursive: true });
  const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
  const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

  const database = await createTestDatabase();
  t.teardown(() => database.close());
  const db = database.db;
  await seed(db, { counts: { pending: 5, failed: 40, success: 30, scheduled: 3 }, secretKey: TEST_SECRET_KEY, clusterName: CLUSTER });
  // Known failures in the last day: a function failing two ways, with a KeyError most often.
  const now = Date.now();
  for (let i = 0; i < 7; i++) {
    await insertTask(db, {
      func: 'bgtasks_insights.tasks.sync',
      result: `'sku' : Traceback (most recent call last):\n  File "/app/sync.py", line 3, in sync\n    d['sku']\nKeyError: 'sku'\n`,
      stopped: new Date(now - i * 3_000_000),
    });
  }
  await insertTask(db, { func: 'bgtasks_insights.tasks.sync', error: 'bad row', stopped: new Date(now - 600_000) });
  const staff = await createUser(db, { username: 'operator', isStaff: true });
  const token = await createToken(db, staff.id);
  const auth = { authorization: `Token ${token}` };

  const app = await buildApp({ config: testConfig({ secretKey: TEST_SECRET_KEY, countsTtlSeconds: 1 }), db, logger: false, databaseKind: database.kind });
  await app.listen({ host: '127.0.0.1', port: 0 });
  t.teardown(() => app.close());
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const apiJson = async (path: string) => (await app.inject({ url: path, headers: auth })).json();

  async function launch(options: { bypassCSP: boolean }): Promise<BrowserContext> {
    const userDataDir = mkdtempSync(join(tmpdir(), 'bgtasks-chromium-'));
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      // axe-core is injected as a script; the pages' CSP allows only our own files.
      bypassCSP: options.bypassCSP,
      viewport: { width: 1280, height: 860 },
      timezoneId: 'Europe/Berlin',
    });
    t.teardown(async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    });
    return context;
  }

  /** Token sign-in (kept in the tab), then the insights view. */
  async function signIn(page: Page): Promise<void> {
    await page.goto(`${base}/dashboard/insights/`);
    await page.waitForURL(/\/dashboard\/sign-in\//);
    await page.locator('#token').fill(token);
    await page.getByRole('button', { name: 'Use token' }).click();
    await page.waitForURL(/\/dashboard\/insights\/$/);
    await page.waitForSelector('body[data-loaded="true"]', { timeout: 15_000 });
  }

  async function axe(t: Test, page: Page, label: string): Promise<void> {
    await page.addScriptTag({ path: AXE });
    const result = (await page.evaluate(() =>
      (globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<unknown> } }).axe.run(document, { resultTypes: ['violations'] }),
    )) as { violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }> };
    const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    t.same(
      bad.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
      [],
      `axe-core: no serious/critical violation on ${label}`,
    );
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

  /** The stats table as [succeeded, failed] per row, and the number of chart canvases. */
  const chartState = (page: Page) =>
    page.evaluate(() => ({
      rows: [...document.querySelectorAll('#stats-table tbody tr')].map((tr: { cells: Array<{ textContent: string }> }) => [
        Number(tr.cells[1]!.textContent.replace(/\D/g, '')),
        Number(tr.cells[2]!.textContent.replace(/\D/g, '')),
      ]),
      canvases: document.querySelectorAll('#throughput-chart canvas, #rate-chart canvas').length,
      label: document.getElementById('throughput-chart').getAttribute('aria-label'),
    }));

  const context = await launch({ bypassCSP: true });
  const pageErrors: string[] = [];
  context.on('page', (p) => p.on('pageerror', (err) => pageErrors.push(err.message)));
  const page = await context.newPage();

  t.test('failure groups equal the API’s; a group opens its failed tasks', async (t) => {
    await signIn(page);
    const api = await apiJson('/api/background-task/failed/groups/?limit=25&offset=0&ordering=-count');
    const shown = await page.evaluate(() =>
      [...document.querySelectorAll('#groups tbody tr')].map((tr: { dataset: Record<string, string>; cells: Array<{ textContent: string }> }) => [
        tr.dataset.func,
        tr.dataset.exception,
        Number(tr.cells[3]!.textContent.replace(/\D/g, '')),
      ]),
    );
    t.ok(api.results.length > 1, 'the seeded failures form groups');
    t.same(
      shown,
      api.results.map((g: { func: string; exception: string | null; count: number }) => [g.func, g.exception ?? '', g.count]),
      'the rows, in the API’s order',
    );
    t.same(api.results[0], { ...api.results[0], func: 'bgtasks_insights.tasks.sync', exception: 'KeyError', count: 7 }, 'the largest group first');
    await t.resolveMatch(page.locator('#groups-summary').textContent(), new RegExp(`^1–${api.count} of ${api.count} groups, formed from the latest ${api.scanned} failed tasks\\.$`));

    // Order by last seen: the API's order again.
    await page.getByLabel('Order by').selectOption('-last_seen');
    await page.waitForURL(/\?ordering=-last_seen$/);
    const byLast = await apiJson('/api/background-task/failed/groups/?limit=25&offset=0&ordering=-last_seen');
    await page.waitForFunction(
      (first: string) => document.querySelector('#groups tbody tr')?.dataset.func + '|' + document.querySelector('#groups tbody tr')?.dataset.exception === first,
      `${byLast.results[0].func}|${byLast.results[0].exception ?? ''}`,
    );
    await axe(t, page, 'insights (light)');
    await shot(page, 'insights');

    // The group's link: the failed table filtered to its function.
    await page.getByLabel('Order by').selectOption('-count');
    await page.waitForFunction(() => document.querySelector('#groups tbody tr')?.dataset.exception === 'KeyError');
    await page.locator('#groups tbody tr').first().locator('a.group-link').click();
    await page.waitForURL(/\/dashboard\/failed\/\?func=bgtasks_insights\.tasks\.sync$/);
    await page.waitForSelector('body[data-loaded="true"]');
    const failed = await apiJson('/api/background-task/failed/?func=bgtasks_insights.tasks.sync');
    t.equal(failed.length, 8, 'the function’s failures, both exception types');
    await page.waitForFunction(() => document.getElementById('rows').getAttribute('aria-busy') === 'false');
    const funcs = await page.evaluate(() => [...document.querySelectorAll('#rows tbody td.func')].map((td: { textContent: string }) => td.textContent));
    t.same(funcs, Array(8).fill('bgtasks_insights.tasks.sync'), 'the failed table shows exactly that function’s failures');
    await t.resolveMatch(page.locator('#summary').textContent(), /^1–8 of 8 failed tasks/);
  });

  t.test('the charts render for both windows, their data equal to the API’s', async (t) => {
    await page.goto(`${base}/dashboard/insights/`);
    await page.waitForSelector('body[data-stats-window="24h"]');
    const day = await apiJson('/api/background-task/stats/?window=24h');
    let state = await chartState(page);
    t.equal(state.canvases, 2, 'two charts drawn');
    t.same(state.rows, day.buckets.map((b: { succeeded: number; failed: number }) => [b.succeeded, b.failed]), '24 hourly rows');
    t.match(state.label, new RegExp(`^Chart of finished tasks per hour\\. The last 24 hours: ${day.succeeded} succeeded, ${day.failed} failed`));
    await page.getByLabel('Last 7 days (every 6 hours)').check();
    await page.waitForSelector('body[data-stats-window="7d"]');
    t.match(page.url(), /\?window=7d$/);
    const week = await apiJson('/api/background-task/stats/?window=7d');
    state = await chartState(page);
    t.equal(state.canvases, 2, 'two charts drawn again');
    t.same(state.rows, week.buckets.map((b: { succeeded: number; failed: number }) => [b.succeeded, b.failed]), '28 six-hour rows');
    await page.locator('details.data summary').click();
    await axe(t, page, 'insights, 7 days, data table open');
    await shot(page, 'insights-7d');

    await page.emulateMedia({ colorScheme: 'dark' });
    await page.reload();
    await page.waitForSelector('body[data-stats-window="7d"]');
    await axe(t, page, 'insights (dark)');
    await shot(page, 'insights-dark');

    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 375, height: 800 });
    await page.reload();
    await page.waitForSelector('body[data-loaded="true"]');
    t.equal(await page.evaluate(() => document.documentElement.scrollWidth), 375, 'no sideways scrolling at 375 px');
    await axe(t, page, 'insights at 375 px');
    await shot(page, 'insights-375');
    t.same(pageErrors, [], 'no script error');
  });

  t.test('extensions off: no Insights view and no link to it', async (t) => {
    const off = await buildApp({ config: testConfig({ secretKey: TEST_SECRET_KEY, apiCompat: 'inventree' }), db, logger: false, databaseKind: database.kind });
    t.teardown(() => off.close());
    const insights = await off.inject('/dashboard/insights/');
    t.equal(insights.statusCode, 404, 'the view is absent, as its endpoints are');
    t.equal(insights.headers['content-type'], 'application/json');
    const failed = await off.inject('/dashboard/failed/');
    t.equal(failed.statusCode, 200);
    t.notOk(failed.body.includes('/dashboard/insights/'), 'the navigation does not offer it');
  });

  t.test('with the CSP enforced, uPlot draws and nothing is blocked', async (t) => {
    const strict = await launch({ bypassCSP: false });
    const strictPage = await strict.newPage();
    const violations: string[] = [];
    strictPage.on('console', (msg) => {
      if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text());
    });
    strictPage.on('pageerror', (err) => violations.push(err.message));
    await signIn(strictPage);
    await strictPage.waitForSelector('body[data-stats-window="24h"]');
    t.equal((await chartState(strictPage)).canvases, 2);
    t.same(violations, [], 'no CSP violation, no script error');
  });
}
