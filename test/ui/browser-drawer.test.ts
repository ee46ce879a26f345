/**
 * The dashboard's detail drawer, succeeded view, list filters and signed-in
 * user, in real Chromium over the seeded demo data (same set-up as
 * browser.test.ts, shared through ./browser-helpers.ts): the succeeded rows
 * equal the API's; the filters change the rows and the URL; a failure's
 * drawer lays out the detail endpoint's exception, message and frames; the
 * drawer by keyboard alone (focus moves in, Escape closes and returns it);
 * ?task= reopens it; every view's drawer; the event the actions listen to;
 * axe-core with the drawer open (light, dark, 375 px). Screenshots go to
 * artifacts/dashboard/ (failure-detail.png is the one docs/ shows).
 *
 * Skipped, with the reason printed, where Chromium is absent.
 */
import type { Page } from 'playwright-core';
import t from 'tap';
import { insertTask } from '../helpers/rows.js';
import { axe, axeLightAndDark, drawerLoaded, idle, launch, loaded, seededDatabase, serve, shot, whereChromium } from './browser-helpers.js';

// Callbacks run in the page (page.evaluate / waitForFunction); this program has no DOM types.
// biome-ignore lint/suspicious/noExplicitAny: browser globals inside page callbacks
declare const document: any;
// biome-ignore lint/suspicious/noExplicitAny: browser globals inside page callbacks
declare const window: any;
// biome-ignore lint/suspicious/noExplicitAny: browser globals inside page callbacks
declare const navigator: any;

await whereChromium(t, 'the dashboard drawer browser suite', main);

interface Frame {
  file: string;
  line: number | null;
  function: string | null;
  source: string | null;
}

async function main(): Promise<void> {
  t.setTimeout(240_000);
  const PASSWORD = 'drawer-test-password';
  // A password sign-in (a session cookie), so that a link opened in another tab is signed in too.
  const { database, db, auth } = await seededDatabase(t, { pending: 25, failed: 40, success: 30, scheduled: 14 }, { password: PASSWORD });
  const { app, base } = await serve(t, db, database.kind);
  const { context, errors: pageErrors } = await launch(t);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });

  async function apiJson(path: string) {
    const res = await app.inject({ url: path, headers: auth });
    if (res.statusCode !== 200) throw new Error(`GET ${path}: HTTP ${res.statusCode} ${res.body}`);
    return res.json();
  }
  const pks = (page: Page) => page.locator('#rows tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-pk')));

  const page = await context.newPage();
  await page.goto(`${base}/dashboard/sign-in/`);
  await page.getByLabel('Username').fill('operator');
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${base}/dashboard/`);
  await loaded(page);

  t.test('the header names the signed-in user', async (t) => {
    await page.locator('#user[data-username]').waitFor();
    t.equal(await page.locator('#user').textContent(), 'Signed in as operator');
    t.equal((await apiJson('/api/user/me/')).username, 'operator');
    t.equal(await page.locator('nav.views a[href="/dashboard/succeeded/"]').textContent(), 'Succeeded');
  });

  t.test('the succeeded view: rows, search, ordering, paging as the API answers', async (t) => {
    await page.goto(`${base}/dashboard/succeeded/`);
    await loaded(page);
    const all = await apiJson('/api/background-task/succeeded/?limit=25&offset=0');
    t.ok(all.count > 25, 'more than one page');
    t.same(await pks(page), all.results.map((r: { pk: string }) => r.pk));
    t.equal(await page.locator('#summary').textContent(), `1–25 of ${all.count} succeeded tasks.`);
    t.equal(await page.locator('#rows tbody tr:first-child td.stopped time').getAttribute('datetime'), all.results[0].stopped);
    await page.getByRole('button', { name: /^Group/ }).click();
    await page.waitForURL(/ordering=group/);
    await idle(page);
    const byGroup = await apiJson('/api/background-task/succeeded/?ordering=group&limit=25&offset=0');
    t.same(await pks(page), byGroup.results.map((r: { pk: string }) => r.pk));
    await page.getByRole('button', { name: 'Next' }).click();
    await page.waitForURL(/offset=25/);
    await idle(page);
    const second = await apiJson('/api/background-task/succeeded/?ordering=group&limit=25&offset=25');
    t.same(await pks(page), second.results.map((r: { pk: string }) => r.pk));
    await axe(t, page, 'succeeded');
    await shot(page, 'succeeded');
  });

  t.test('filters change the rows and the URL; a link reproduces them', async (t) => {
    await page.goto(`${base}/dashboard/failed/`);
    await loaded(page);
    const total = (await apiJson('/api/background-task/failed/?limit=1')).count;
    await page.getByLabel('Group').fill('stock-alerts');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/\?group=stock-alerts$/);
    await idle(page);
    const grouped = await apiJson('/api/background-task/failed/?group=stock-alerts&limit=25&offset=0');
    t.ok(grouped.count > 0 && grouped.count < total, `the group filter narrows the list (${grouped.count} of ${total})`);
    t.same(await pks(page), grouped.results.map((r: { pk: string }) => r.pk));
    t.equal(await page.locator('#summary').textContent(), `1–${grouped.results.length} of ${grouped.count} failed tasks (filtered).`);

    // The function filter (exact) with it.
    const func = grouped.results[0].func as string;
    await page.getByLabel('Function (exact dotted path)').fill(func);
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.searchParams.get('func') === func && u.searchParams.get('group') === 'stock-alerts');
    await idle(page);
    const both = await apiJson(`/api/background-task/failed/?func=${encodeURIComponent(func)}&group=stock-alerts&limit=25&offset=0`);
    t.same(await pks(page), both.results.map((r: { pk: string }) => r.pk));
    t.ok(both.count <= grouped.count);

    // A link reproduces the filtered view (the inputs show it too).
    const other = await context.newPage();
    await other.goto(page.url());
    await loaded(other);
    t.same(await pks(other), both.results.map((r: { pk: string }) => r.pk));
    t.equal(await other.getByLabel('Group').inputValue(), 'stock-alerts');
    t.equal(await other.getByLabel('Function (exact dotted path)').inputValue(), func);
    await other.close();

    // The date range: the browser's local time (Europe/Berlin here), sent as an instant.
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.waitForURL(`${base}/dashboard/failed/`);
    await idle(page);
    const list = await apiJson('/api/background-task/failed/?ordering=started&limit=100&offset=0');
    const pivot = new Date(list.results[10].started);
    pivot.setUTCMilliseconds(0);
    const berlin = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin', dateStyle: 'short', timeStyle: 'medium' }).format(pivot).replace(' ', 'T');
    await page.getByLabel('Enqueued from').fill(berlin);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL((u) => u.searchParams.get('started_after') === pivot.toISOString());
    await idle(page);
    const after = await apiJson(`/api/background-task/failed/?started_after=${encodeURIComponent(pivot.toISOString())}&limit=25&offset=0`);
    t.equal(after.count, total - 10, 'the rows enqueued at or after the pivot');
    t.same(await pks(page), after.results.map((r: { pk: string }) => r.pk));
    // The input shows HTML's normalized form, which leaves out zero seconds (`:00`).
    t.equal(await page.getByLabel('Enqueued from').inputValue(), berlin.replace(/:00$/, ''));
    // A UTC instant maps to the bulk filters exactly (test/ui/all-matching.test.ts): "delete all matching" is offered.
    t.equal(await page.locator('#delete-matching').textContent(), `Delete all ${total - 10} matching…`);
    await axe(t, page, 'failed with filters');
  });

  t.test('a failure’s drawer lays out the detail endpoint’s traceback', async (t) => {
    await page.goto(`${base}/dashboard/failed/`);
    await loaded(page);
    // The actions' hook: the event after each render. Captured on window, before actions.js (listening on
    // document) fills the footer, so the footer is seen as the drawer hands it over.
    await page.evaluate(() => {
      window.drawerEvents = [];
      window.addEventListener(
        'bgtasks:drawer',
        (e: { detail: Record<string, unknown> }) => {
        const d = e.detail as { view: string; pk: string; data: { pk: string }; footer: { matches: (s: string) => boolean; childElementCount: number }; refresh: unknown };
        window.drawerEvents.push({ view: d.view, pk: d.pk, dataPk: d.data.pk, footer: d.footer.matches('dialog#drawer > .drawer-actions[data-drawer-actions]') && d.footer.childElementCount === 0, refresh: typeof d.refresh });
        window.lastDrawer = d;
        },
        { capture: true },
      );
    });
    const pk = (await page.locator('#rows tbody tr:first-child').getAttribute('data-pk'))!;
    // A click on the row (not on one of its controls) opens it.
    await page.locator('#rows tbody tr:first-child td.attempt_count').click();
    await drawerLoaded(page, pk);
    t.equal(new URL(page.url()).searchParams.get('task'), pk, 'the drawer is in the URL');
    const detail = await apiJson(`/api/background-task/failed/${pk}/`);
    t.ok(detail.error, 'the seeded failure has a parsed traceback');
    const drawer = page.locator('#drawer');
    t.equal(await drawer.locator('#drawer-title').textContent(), `Failed task: ${detail.name}`);
    const main = drawer.locator('.exception.main');
    t.equal(await main.locator('.exception-type').textContent(), detail.error.type);
    t.equal(await main.locator('.exception-message').textContent(), detail.error.message);
    const frames = await main.locator('ol.frames > li').evaluateAll((items) =>
      items.map((li) => ({
        file: li.querySelector('.frame-file').textContent,
        line: li.querySelector('.frame-line').textContent,
        function: li.querySelector('.frame-function').textContent,
        source: li.querySelector('.frame-source')?.textContent ?? null,
      })),
    );
    t.same(
      frames,
      detail.error.frames.map((f: Frame) => ({ file: f.file, line: f.line === null ? '?' : String(f.line), function: f.function ?? '?', source: f.source })),
      'frames: file, line, function, source line',
    );
    t.ok(frames.length >= 2);
    t.equal(await drawer.locator('.exception.chained').count(), detail.error.chain.length);
    // Arguments as reprs and JSON.
    t.equal(await drawer.getByLabel('Arguments', { exact: true }).textContent(), detail.args);
    t.equal(await drawer.getByLabel('Arguments as JSON', { exact: true }).textContent(), JSON.stringify(detail.args_json, null, 2));
    t.equal(await drawer.getByLabel('Keyword arguments', { exact: true }).textContent(), detail.kwargs);
    // Dates: local, the exact UTC value on hover.
    t.equal(await drawer.locator('dd time').first().getAttribute('datetime'), detail.started);
    t.equal(await drawer.getByLabel('Result', { exact: true }).textContent(), detail.result);

    // Copy traceback: the traceback text on the clipboard.
    await drawer.getByRole('button', { name: 'Copy traceback' }).click();
    await drawer.locator('.drawer-status', { hasText: 'copied' }).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    t.equal(copied, detail.result.slice(detail.result.indexOf('Traceback (most recent call last):')));
    // Where the clipboard refuses (an insecure origin, a denied permission): the text is selected instead.
    await page.evaluate(() => {
      navigator.clipboard.writeText = () => Promise.reject(new Error('Write permission denied.'));
    });
    await drawer.getByRole('button', { name: 'Copy traceback' }).click();
    await drawer.locator('.drawer-status', { hasText: 'selected' }).waitFor();
    t.equal(await page.evaluate(() => window.getSelection().getRangeAt(0).toString()), copied, 'the whole traceback is selected');
    t.equal(await drawer.locator('details.raw-traceback').evaluate((d) => d.open), true, 'and shown');

    // The event for the actions: after the render, with an empty footer and refresh().
    t.same(await page.evaluate(() => window.drawerEvents), [{ view: 'failed', pk, dataPk: pk, footer: true, refresh: 'function' }]);
    await page.evaluate(() => window.lastDrawer.refresh());
    t.equal(await page.evaluate(() => window.drawerEvents.length), 2, 'refresh() re-renders (and dispatches again)');

    await axeLightAndDark(t, page, 'failed with the drawer open', 'failure-detail', false);
    // The close button; the URL forgets the drawer.
    await drawer.getByRole('button', { name: 'Close' }).click();
    await page.waitForURL((u) => !u.searchParams.has('task'));
    t.equal(await drawer.evaluate((d) => d.open), false);
  });

  t.test('keyboard only: Details button, focus into the drawer, Escape closes and returns focus', async (t) => {
    await page.goto(`${base}/dashboard/failed/`);
    await loaded(page);
    const pk = (await page.locator('#rows tbody tr:nth-child(2)').getAttribute('data-pk'))!;
    // Tab from the first row's checkbox: its Details button comes next.
    await page.locator('#rows tbody tr:nth-child(2) input.row-select').focus();
    await page.keyboard.press('Tab');
    t.equal(await page.evaluate(() => document.activeElement.dataset.details), pk, 'Tab reaches the row’s Details button');
    t.match(await page.evaluate(() => document.activeElement.textContent), /^Details of /);
    await page.keyboard.press('Enter');
    await drawerLoaded(page, pk);
    t.ok(await page.evaluate(() => document.getElementById('drawer').contains(document.activeElement)), 'focus is in the drawer');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.getElementById('drawer').open);
    await page.waitForURL((u) => !u.searchParams.has('task'));
    t.equal(await page.evaluate(() => document.activeElement.dataset.details), pk, 'focus is back on the row’s button');
    // Back reopens it; Forward closes it again.
    await page.goBack();
    await drawerLoaded(page, pk);
    await page.goForward();
    await page.waitForFunction(() => !document.getElementById('drawer').open);
    t.pass('Back and Forward open and close the drawer');
  });

  t.test('a link with ?task= opens the drawer', async (t) => {
    const pk = (await apiJson('/api/background-task/failed/?limit=1&offset=3')).results[0].pk;
    const other = await context.newPage();
    await other.goto(`${base}/dashboard/failed/?task=${pk}`);
    await drawerLoaded(other, pk);
    t.equal(await other.locator('.exception.main .exception-type').textContent(), (await apiJson(`/api/background-task/failed/${pk}/`)).error.type);
    // A task that is not there: the API's message, in the drawer.
    await other.goto(`${base}/dashboard/failed/?task=${'0'.repeat(32)}`);
    await other.locator('#drawer-error').waitFor();
    const missing = await app.inject({ url: `/api/background-task/failed/${'0'.repeat(32)}/`, headers: auth });
    t.equal(missing.statusCode, 404);
    t.equal(await other.locator('#drawer-error').textContent(), `${missing.json().detail} It is not in this list (any more).`);

    // A long value is cut, with a button that shows all of it.
    const long = await insertTask(db, { success: false, error: `Too long: ${'x'.repeat(900)}`, args: ['y'.repeat(700)] });
    await other.goto(`${base}/dashboard/failed/?task=${long.id}`);
    await drawerLoaded(other, long.id);
    const detail = await apiJson(`/api/background-task/failed/${long.id}/`);
    const result = other.locator('#drawer').getByLabel('Result', { exact: true });
    t.equal(await result.textContent(), `${detail.result.slice(0, 600)}…`);
    const showAll = other.locator('#drawer .long-value:has(pre[aria-label="Result"]) button');
    t.equal(await showAll.textContent(), `Show all ${detail.result.length.toLocaleString('en-US')} characters`);
    await showAll.click();
    t.equal(await result.textContent(), detail.result);
    t.equal(await other.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Result', 'focus on the whole value');
    t.equal(await other.locator('#drawer .exception.main .exception-message').textContent(), detail.error.message);
    await other.close();
  });

  t.test('the other views’ drawers', async (t) => {
    // Pending: the lock's meaning.
    const pending = (await apiJson('/api/background-task/pending/?limit=1')).results[0];
    await page.goto(`${base}/dashboard/pending/?task=${pending.pk}`);
    await drawerLoaded(page, String(pending.pk));
    const pendingDetail = await apiJson(`/api/background-task/pending/${pending.pk}/`);
    t.equal(
      await page.locator('#drawer .lock-meaning').textContent(),
      pendingDetail.lock_state === 'locked'
        ? 'Locked: a worker claimed this task and holds it until the time below; no other worker takes it before then.'
        : 'Waiting: any worker may take this task now.',
    );
    t.equal(await page.locator('#drawer').getByLabel('Keyword arguments', { exact: true }).textContent(), pendingDetail.kwargs);
    await axe(t, page, 'pending with the drawer open');

    // Succeeded: result as repr and JSON.
    const ok = (await apiJson('/api/background-task/succeeded/?limit=10')).results.find((r: { result: string | null }) => r.result !== null);
    await page.goto(`${base}/dashboard/succeeded/?task=${ok.pk}`);
    await drawerLoaded(page, ok.pk);
    const okDetail = await apiJson(`/api/background-task/succeeded/${ok.pk}/`);
    t.equal(await page.locator('#drawer').getByLabel('Result repr').textContent(), okDetail.result_repr.length > 600 ? `${okDetail.result_repr.slice(0, 600)}…` : okDetail.result_repr);
    t.equal(await page.locator('#drawer .exception').count(), 0, 'no error section for a success');

    // A schedule: type in words, cron, repeats, next runs, its last runs (each opening that run).
    const schedules = (await apiJson('/api/background-task/scheduled/?limit=100')).results;
    const cron = schedules.find((s: { schedule_type: string }) => s.schedule_type === 'C');
    const group = cron.name || String(cron.pk);
    const run = await insertTask(db, { success: false, func: cron.func, group, error: 'Schedule run failed' });
    await insertTask(db, { success: true, func: cron.func, group, result: null, started: new Date(Date.now() - 3_600_000) });
    await page.goto(`${base}/dashboard/scheduled/`);
    await loaded(page);
    await page.locator(`button[data-details="${cron.pk}"]`).click();
    await drawerLoaded(page, String(cron.pk));
    const s = await apiJson(`/api/background-task/scheduled/${cron.pk}/`);
    const drawer = page.locator('#drawer');
    t.equal(await drawer.locator('.schedule-type').textContent(), 'Cron');
    t.equal(await drawer.locator('code.cron').textContent(), s.cron);
    t.equal(await drawer.locator('.repeats').textContent(), s.repeats_left === null ? 'Forever' : `${s.repeats_left} more runs`);
    t.same(await drawer.locator('ol.next-runs time').evaluateAll((ts) => ts.map((e) => e.getAttribute('datetime'))), s.next_runs);
    t.equal(s.next_runs.length, 5);
    t.same(await drawer.locator('table.runs tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-run'))), s.runs.map((r: { pk: string }) => r.pk));
    t.equal(s.runs.length, 2);
    await axe(t, page, 'scheduled with the drawer open');
    await shot(page, 'schedule-detail', false);
    await drawer.locator(`tr[data-run="${run.id}"] a`).click();
    await page.waitForURL(`${base}/dashboard/failed/?task=${run.id}`);
    await drawerLoaded(page, run.id);
    t.equal(await page.locator('#drawer .exception.main .exception-message').textContent(), (await apiJson(`/api/background-task/failed/${run.id}/`)).error.message);
  });

  t.test('375 px: the drawer is full-width, axe-clean in both themes', async (t) => {
    await page.setViewportSize({ width: 375, height: 800 });
    const pk = (await apiJson('/api/background-task/failed/?limit=1')).results[0].pk;
    await page.goto(`${base}/dashboard/failed/?task=${pk}`);
    await drawerLoaded(page, pk);
    const box = (await page.locator('#drawer').boundingBox())!;
    t.same({ x: box.x, width: box.width }, { x: 0, width: 375 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    t.ok(overflow <= 0, `no horizontal scrolling of the page (${overflow} px)`);
    await axeLightAndDark(t, page, 'drawer at 375 px', 'failure-detail-375', false);
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  t.test('no script errors', async (t) => {
    t.same(pageErrors, []);
  });
}
