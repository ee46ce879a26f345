/**
 * The dashboard in real Chromium (Debian's /usr/bin/chromium through
 * playwright-core), against the real app on a real socket over the seeded
 * demo data: sign-in with a password (a Django session) and with a token
 * (kept in the tab), counts equal to the API's, search and ordering changing
 * the rows and the URL, bulk delete changing the database as the API would,
 * read-only hiding the actions, a live update after a row is inserted behind
 * the page's back, the polling fallback when the stream is blocked, keyboard
 * use, and axe-core on every view (no serious or critical violation).
 * Screenshots go to artifacts/dashboard/ (gitignored). Set-up shared with
 * browser-drawer.test.ts: ./browser-helpers.ts.
 *
 * Skipped, with the reason printed, where Chromium is absent.
 */
import { SCHEDULE_TYPE_NAMES } from '../../src/djangoq/index.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { chromium } from 'playwright-core';
import t from 'tap';
import { makePbkdf2Sha256 } from '../../src/auth/password-hashers.js';
import type { testConfig } from '../helpers/config.js';
import { insertTask, TEST_SECRET_KEY } from '../helpers/rows.js';
import { createUser } from '../helpers/users.js';
import { insertSession, loginSession, mintSessionData } from '../auth/fixtures.js';
import { axe, axeLightAndDark, CHROMIUM, FLAGS, idle, launch, loaded, seededDatabase, serve as serveApp, shot, whereChromium } from './browser-helpers.js';

// Callbacks run in the page (page.evaluate / waitForFunction); this program has no DOM types.
// biome-ignore lint/suspicious/noExplicitAny: browser globals inside page callbacks
declare const document: any;
// biome-ignore lint/suspicious/noExplicitAny: browser globals inside page callbacks
declare const localStorage: any;

await whereChromium(t, 'the dashboard browser suite', main);

async function main(): Promise<void> {

t.setTimeout(240_000);

const PASSWORD = 'dashboard-test-password';
const { database, db, token, auth } = await seededDatabase(t, { pending: 25, failed: 40, success: 30, scheduled: 12 }, { password: PASSWORD });

const serve = (overrides: Parameters<typeof testConfig>[0] = {}) => serveApp(t, db, database.kind, overrides);

const { app, base } = await serve();
// axe-core is injected as a script; the pages' CSP allows only our own files (bypassed in launch()).
const { context, errors: pageErrors } = await launch(t);

async function apiJson(path: string) {
  const res = await app.inject({ url: path, headers: auth });
  return res.json();
}



const page = await context.newPage();

t.test('password sign-in, then the overview shows the API’s counts', async (t) => {
  await page.goto(`${base}/dashboard/`);
  await page.waitForURL(/\/dashboard\/sign-in\/\?next=%2Fdashboard%2F$/);
  await axe(t, page, 'sign-in');
  await shot(page, 'sign-in');
  await page.getByLabel('Username').fill('operator');
  await page.getByLabel('Password', { exact: true }).fill('wrong');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await t.resolveMatch(page.locator('#sign-in-error').textContent(), /Please enter a correct username and password/);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${base}/dashboard/`);
  await loaded(page);
  const cookies = await context.cookies(base);
  t.ok(cookies.find((c) => c.name === 'sessionid' && c.httpOnly), 'an HttpOnly session cookie');

  app.services.counts.invalidate();
  const overview = await apiJson('/api/background-task/');
  const tiles = await page.locator('#tiles .tile').allInnerTexts();
  t.match(tiles[0], new RegExp(`^Pending\\s+${overview.pending_tasks}\\b`));
  t.match(tiles[1], new RegExp(`^Scheduled\\s+${overview.scheduled_tasks}\\b`));
  t.match(tiles[2], new RegExp(`^Failed\\s+${overview.failed_tasks}\\b`));
  const snapshot = (await app.inject({ url: '/api/background-task/events/', headers: { ...auth, accept: 'application/json' } })).json();
  t.match(tiles[0], `${snapshot.pending_waiting} waiting, ${snapshot.pending_locked} locked`);
  await t.resolveMatch(page.locator('#worker-state').textContent(), overview.is_running ? 'Running' : 'Not running');
  await t.resolveMatch(page.locator('#live').textContent(), 'Live');
  await axeLightAndDark(t, page, 'overview', 'overview');
});

t.test('a live update arrives after a row is inserted behind the page’s back', async (t) => {
  const before = (await apiJson('/api/background-task/')).failed_tasks;
  await insertTask(db, { success: false, func: 'live.tasks.inserted_behind_the_back' });
  await page.waitForFunction((n) => document.querySelector('#tiles .tile:nth-child(3) .value')?.textContent === String(n), before + 1, { timeout: 15_000 });
  t.pass(`failed tile went from ${before} to ${before + 1} without a reload`);
});

t.test('the failed table: search, ordering, paging, URL state, dates', async (t) => {
  await page.goto(`${base}/dashboard/failed/`);
  await loaded(page);
  const all = await apiJson('/api/background-task/failed/?limit=25&offset=0');
  t.equal(await page.locator('tbody tr').count(), 25);
  t.match(await page.locator('#summary').textContent(), `1–25 of ${all.count} failed tasks`);
  // Dates: local time, the exact UTC value on hover.
  const time = page.locator('tbody tr:first-child td.stopped time');
  t.equal(await time.getAttribute('datetime'), all.results[0].stopped);
  t.match(await time.getAttribute('title'), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? UTC$/);
  // Long values: cut, and the whole one click away.
  const long = page.locator('details.long').first();
  await long.locator('summary').click();
  t.ok((await long.locator('pre').textContent())!.length > 60);
  await axe(t, page, 'failed');
  await shot(page, 'failed');

  // Search, with the keyboard.
  await page.getByLabel('Search function names').focus();
  await page.keyboard.type('check_stock');
  await page.keyboard.press('Enter');
  await page.waitForURL(/search=check_stock/);
  await idle(page);
  const searched = await apiJson('/api/background-task/failed/?search=check_stock&limit=25&offset=0');
  t.equal(await page.locator('tbody tr').count(), searched.results.length);
  t.ok(searched.count < all.count, 'the search narrows the list');
  for (const f of await page.locator('tbody td.func').allInnerTexts()) t.match(f, /check_stock/i);

  // Regex option.
  await page.getByLabel('Search function names').fill('^bgtasks_demo\\.part\\.tasks\\.');
  await page.getByLabel('Regular expression').check();
  await page.getByRole('button', { name: 'Search' }).click();
  await page.waitForURL(/search_regex=true/);
  await idle(page);
  const regex = await apiJson(`/api/background-task/failed/?search=${encodeURIComponent('^bgtasks_demo\\.part\\.tasks\\.')}&search_regex=true&limit=25&offset=0`);
  t.ok(regex.count > 0 && regex.count < all.count, 'the regex matches some of the seeded failures');
  t.match(await page.locator('#summary').textContent(), `of ${regex.count} failed tasks`);

  // Ordering by clicking a column header; the URL reproduces the view.
  await page.goto(`${base}/dashboard/failed/`);
  await loaded(page);
  await page.getByRole('button', { name: /^Function/ }).click();
  await page.waitForURL(/ordering=func/);
  await page.waitForFunction(() => document.querySelector('th[aria-sort="ascending"] [data-order="func"]') !== null);
  const byFunc = await apiJson('/api/background-task/failed/?ordering=func&limit=25&offset=0');
  t.same(await page.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-pk'))), byFunc.results.map((r: { pk: string }) => r.pk));
  await page.getByRole('button', { name: /^Function/ }).click();
  await page.waitForURL(/ordering=-func/);
  await page.waitForFunction(() => document.querySelector('th[aria-sort="descending"] [data-order="func"]') !== null);
  const byFuncDesc = await apiJson('/api/background-task/failed/?ordering=-func&limit=25&offset=0');
  t.same(await page.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-pk'))), byFuncDesc.results.map((r: { pk: string }) => r.pk));

  // Paging.
  await page.getByRole('button', { name: 'Next' }).click();
  await page.waitForURL(/offset=25/);
  await idle(page);
  const page2 = await apiJson('/api/background-task/failed/?ordering=-func&limit=25&offset=25');
  t.same(await page.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-pk'))), page2.results.map((r: { pk: string }) => r.pk));
  // A link reproduces the view.
  const url = page.url();
  const other = await context.newPage();
  await other.goto(url);
  await loaded(other);
  t.same(await other.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-pk'))), page2.results.map((r: { pk: string }) => r.pk));
  await other.close();
  // Back restores the previous state.
  await page.goBack();
  await page.waitForURL((u) => !u.search.includes('offset'));
});

t.test('a list notices when its table changed behind it', async (t) => {
  await page.goto(`${base}/dashboard/failed/`);
  await loaded(page);
  await page.waitForFunction(() => document.querySelector('#live')?.textContent === 'Live');
  const before = (await apiJson('/api/background-task/failed/?limit=1')).count;
  await insertTask(db, { success: false, func: 'live.tasks.noticed_by_the_list' });
  await page.waitForSelector('#changed:not([hidden])', { timeout: 15_000 });
  t.equal(await page.locator('#changed [role=status]').textContent(), `The list changed: ${before + 1} failed tasks now, ${before} when it was shown. `);
  await page.getByRole('button', { name: 'Refresh' }).click();
  await page.waitForSelector('#changed', { state: 'hidden' });
  t.match(await page.locator('#summary').textContent(), `of ${before + 1} failed tasks`);
});

t.test('bulk delete changes the database as the API would', async (t) => {
  await page.goto(`${base}/dashboard/failed/`);
  await loaded(page);
  const ids = await page.locator('tbody tr').evaluateAll((rows) => rows.slice(0, 2).map((r) => r.getAttribute('data-pk')!));
  await page.locator('tbody tr:nth-child(1) input.row-select').check();
  await page.locator('tbody tr:nth-child(2) input.row-select').check();
  await page.getByRole('button', { name: 'Delete selected (2)' }).click();
  const dialog = page.locator('dialog#confirm');
  await t.resolveMatch(dialog.locator('#confirm-text').textContent(), 'Delete 2 selected failed tasks?');
  t.equal(await dialog.locator('#confirm-request').textContent(), `DELETE /api/background-task/failed/\n${JSON.stringify({ items: ids })}`);
  await axe(t, page, 'failed (confirmation)');
  await shot(page, 'failed-confirm');
  // Cancel changes nothing.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  const stillThere = await db.selectFrom('django_q_task').select('id').where('id', 'in', ids).execute();
  t.equal(stillThere.length, 2);
  await page.getByRole('button', { name: 'Delete selected (2)' }).click();
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await page.waitForSelector('#alert.notice:not([hidden])');
  t.match(await page.locator('#alert').textContent(), /Deleted/);
  const gone = await db.selectFrom('django_q_task').select('id').where('id', 'in', ids).execute();
  t.equal(gone.length, 0, 'the two selected rows are deleted');

  // Everything matching one plain word: the API's func__icontains filter.
  await page.goto(`${base}/dashboard/failed/?search=send_email`);
  await loaded(page);
  const matching = (await apiJson('/api/background-task/failed/?search=send_email&limit=1')).count;
  t.ok(matching > 0);
  const totalBefore = (await apiJson('/api/background-task/failed/?limit=1')).count;
  await page.getByRole('button', { name: `Delete all ${matching} matching…` }).click();
  await t.resolveMatch(dialog.locator('#confirm-text').textContent(), `Delete all ${matching} failed tasks whose function name contains “send_email”`);
  t.equal(await dialog.locator('#confirm-request').textContent(), `DELETE /api/background-task/failed/\n{"filters":{"func__icontains":"send_email"}}`);
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await page.waitForSelector('#alert.notice:not([hidden])');
  const left = await sql<{ n: string }>`SELECT count(*) AS n FROM django_q_task WHERE NOT success AND func ILIKE '%send_email%'`.execute(db);
  t.equal(Number(left.rows[0]!.n), 0);
  t.equal((await apiJson('/api/background-task/failed/?limit=1')).count, totalBefore - matching, 'nothing else deleted');

  // A regex search has no filter equivalent: only selection is offered.
  await page.goto(`${base}/dashboard/failed/?search=stock&search_regex=true`);
  await loaded(page);
  t.equal(await page.locator('#delete-matching').count(), 0);

  // An API error is shown as the API's message.
  await page.goto(`${base}/dashboard/failed/?search=${encodeURIComponent('(')}&search_regex=true`);
  await page.waitForSelector('#alert.alert:not([hidden])');
  const apiError = await app.inject({ url: `/api/background-task/failed/?search=${encodeURIComponent('(')}&search_regex=true&limit=25&offset=0`, headers: auth });
  t.equal(apiError.statusCode, 400);
  const body = apiError.json();
  const message = typeof body.detail === 'string' ? body.detail : Object.entries(body).map(([k, v]) => `${k}: ${(v as string[]).join(' ')}`).join('; ');
  t.equal(await page.locator('#alert').textContent(), message);
});

t.test('pending and scheduled views', async (t) => {
  for (const view of ['pending', 'scheduled'] as const) {
    await page.goto(`${base}/dashboard/${view}/`);
    await loaded(page);
    const api = await apiJson(`/api/background-task/${view}/?limit=25&offset=0`);
    t.equal(await page.locator('tbody tr').count(), api.results.length, `${view}: rows`);
    t.match(await page.locator('#summary').textContent(), `of ${api.count}`);
    if (view === 'scheduled') {
      // The type in words, as the schedule detail names it (one table: djangoq/schedule.ts).
      const words = await page.locator('tbody td.schedule_type').allTextContents();
      t.same(words, api.results.map((r: { schedule_type: keyof typeof SCHEDULE_TYPE_NAMES }) => SCHEDULE_TYPE_NAMES[r.schedule_type]), 'scheduled: the type column in words');
    }
    await axe(t, page, view);
    await shot(page, view);
  }
  t.equal(await page.locator('#bulk').count(), 0, 'no delete on schedules (the API has none)');
});

t.test('narrow screen (375 px)', async (t) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto(`${base}/dashboard/failed/`);
  await loaded(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  t.ok(overflow <= 0, `no horizontal scrolling of the page (${overflow} px)`);
  await axeLightAndDark(t, page, 'failed at 375 px', 'failed-375');
  await page.goto(`${base}/dashboard/`);
  await loaded(page);
  await shot(page, 'overview-375');
  await page.setViewportSize({ width: 1280, height: 860 });
});

t.test('keyboard: skip link first, sort buttons operable', async (t) => {
  await page.goto(`${base}/dashboard/failed/`);
  await loaded(page);
  await page.keyboard.press('Tab');
  t.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to content');
  await page.keyboard.press('Enter');
  t.equal(await page.evaluate(() => document.activeElement?.id), 'main');
  await page.locator('button[data-order="started"]').focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(/ordering=started/);
  t.pass('Enter on a column header orders by it');
});

t.test('polling when the stream is blocked', async (t) => {
  const blocked = await context.newPage();
  await blocked.route('**/api/background-task/events/', (route) =>
    (route.request().headers().accept ?? '').includes('text/event-stream') ? route.abort('blockedbyclient') : route.continue(),
  );
  await blocked.goto(`${base}/dashboard/`);
  await loaded(blocked);
  await blocked.waitForFunction(() => document.querySelector('#live')?.textContent === 'Polling every 5 s', undefined, { timeout: 20_000 });
  const before = (await apiJson('/api/background-task/')).failed_tasks;
  await insertTask(db, { success: false });
  await blocked.waitForFunction((n) => document.querySelector('#tiles .tile:nth-child(3) .value')?.textContent === String(n), before + 1, { timeout: 15_000 });
  t.pass('the polled snapshot shows the new row');
  await blocked.close();
});

t.test('sign-out, then the token sign-in (kept in the tab only)', async (t) => {
  await page.goto(`${base}/dashboard/`);
  await loaded(page);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/dashboard\/sign-in\/$/);
  t.notOk((await context.cookies(base)).some((c) => c.name === 'sessionid'), 'session cookie gone');
  await page.getByRole('textbox', { name: 'API token' }).fill('inv-wrong');
  await page.getByRole('button', { name: 'Use token' }).click();
  // The message arrives with the API's answer: wait for it rather than reading the empty element.
  await page.locator('#token-error', { hasText: 'Invalid token.' }).waitFor({ timeout: 20_000 });
  await t.resolveMatch(page.locator('#token-error').textContent(), 'Invalid token.');
  await page.getByRole('textbox', { name: 'API token' }).fill(token);
  await page.getByRole('button', { name: 'Use token' }).click();
  await page.waitForURL(`${base}/dashboard/`);
  await loaded(page);
  await page.locator('#live', { hasText: 'Live' }).waitFor({ timeout: 20_000 });
  await t.resolveMatch(page.locator('#user').textContent(), 'API token (this tab)');
  await t.resolveMatch(page.locator('#live').textContent(), 'Live');
  t.equal(await page.evaluate(() => localStorage.length), 0, 'nothing in localStorage');
  // Another tab does not have it.
  const other = await context.newPage();
  await other.goto(`${base}/dashboard/failed/`);
  await other.waitForURL(/sign-in/);
  await other.close();
  // A token-authenticated delete needs no CSRF and works the same.
  await page.goto(`${base}/dashboard/pending/`);
  await loaded(page);
  const pk = await page.locator('tbody tr:first-child').getAttribute('data-pk');
  await page.locator('tbody tr:first-child input.row-select').check();
  await page.getByRole('button', { name: 'Delete selected (1)' }).click();
  await page.locator('dialog#confirm').getByRole('button', { name: 'Delete' }).click();
  await page.waitForSelector('#alert.notice:not([hidden])');
  t.equal((await db.selectFrom('django_q_ormq').select('id').where('id', '=', Number(pk)).execute()).length, 0);
});

t.test('read-only mode hides the actions', async (t) => {
  const ro = await serve({ readOnly: true });
  const roPage = await context.newPage();
  await roPage.goto(`${ro.base}/dashboard/sign-in/`);
  await roPage.getByRole('textbox', { name: 'API token' }).fill(token);
  await roPage.getByRole('button', { name: 'Use token' }).click();
  await roPage.waitForURL(`${ro.base}/dashboard/`);
  await roPage.goto(`${ro.base}/dashboard/failed/`);
  await loaded(roPage);
  t.equal(await roPage.locator('#bulk button').count(), 0, 'no delete buttons');
  t.equal(await roPage.locator('input.row-select').count(), 0, 'no selection');
  await t.resolveMatch(roPage.locator('#read-only-note').textContent(), 'read-only');
  await axe(t, roPage, 'failed (read-only)');
  await roPage.close();
});

t.test('a session of a user who may not (not staff): the API’s message, no actions', async (t) => {
  const viewer = await createUser(db, { username: 'viewer', password: await makePbkdf2Sha256(PASSWORD, { iterations: 1000 }), isStaff: false });
  const row = await db.selectFrom('auth_user').select('password').where('id', '=', viewer.id).executeTakeFirstOrThrow();
  // A session as InvenTree's login() leaves it, made outside the dashboard.
  const key = await insertSession(db, mintSessionData(loginSession(row.password, viewer.id), { secretKey: TEST_SECRET_KEY }));
  const dir = mkdtempSync(join(tmpdir(), 'bgtasks-chromium-'));
  const fresh = await chromium.launchPersistentContext(dir, { executablePath: CHROMIUM, headless: true, args: FLAGS });
  t.teardown(async () => {
    await fresh.close();
    rmSync(dir, { recursive: true, force: true });
  });
  await fresh.addCookies([{ name: 'sessionid', value: key, url: base, httpOnly: true, sameSite: 'Lax' }]);
  const viewerPage = await fresh.newPage();
  await viewerPage.goto(`${base}/dashboard/failed/`);
  await loaded(viewerPage);
  t.equal(await viewerPage.locator('#alert').textContent(), 'You do not have permission to perform this action. (The background-task pages are for staff users.)');
  t.equal(await viewerPage.locator('#bulk').isVisible(), false, 'no actions');
  t.equal(await viewerPage.locator('#table-wrap').isVisible(), false, 'no table');
  t.equal(await viewerPage.locator('#search').isVisible(), false, 'no search');
  t.ok(viewerPage.url().endsWith('/dashboard/failed/'), 'not sent to sign-in: the session is valid, the user may not');
  await shot(viewerPage, 'failed-not-staff');
});

t.test('no script errors', async (t) => {
  t.same(pageErrors, []);
});
}
