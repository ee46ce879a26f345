/**
 * The dashboard's actions in real Chromium (src/ui/assets/actions.js): retry
 * of selected failed tasks, of all the list shows, and of one row; run now,
 * pause and resume of a schedule — each through its confirmation dialog,
 * checked in the database against what the API itself answers and writes;
 * the API's error messages shown as they are; the `bgtasks:drawer` contract
 * (a stand-in drawer that renders a new footer each time) and the real
 * detail drawer opened through the page — Retry, Pause and Resume from its
 * footer, the rows' action buttons not opening it; read-only mode offering
 * none of it; keyboard, axe-core with a dialog or the drawer open, 375 px,
 * dark theme. Set-up shared with the other browser suites: ./browser-helpers.ts.
 *
 * Skipped, with the reason printed, where Chromium is absent.
 */
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import t from 'tap';
import { loadTaskPayload, pyRepr } from '../../src/djangoq/index.js';
import { ensureSidecarTables } from '../../src/tasks/actions/index.js';
import { CLUSTER, insertSchedule, insertTask, TEST_SECRET_KEY } from '../helpers/rows.js';
import { axe, axeLightAndDark, drawerLoaded, idle, launch, loaded, seededDatabase, serve, shot, signInWithToken, whereChromium } from './browser-helpers.js';

// Callbacks run in the page (page.evaluate / waitForFunction); this program has no DOM types.
// biome-ignore lint/suspicious/noExplicitAny: browser globals inside page callbacks
declare const document: any;
// biome-ignore lint/suspicious/noExplicitAny: browser globals inside page callbacks
declare const window: any;

await whereChromium(t, 'the dashboard actions browser suite', main);

async function main(): Promise<void> {
  t.setTimeout(240_000);
  const API = '/api/background-task';
  const { database, db, token, auth } = await seededDatabase(t, { pending: 5, failed: 30, success: 5, scheduled: 4 });

  const { app, base } = await serve(t, db, database.kind);
  const { context, errors } = await launch(t);
  const page = await context.newPage();
  await signInWithToken(page, base, token);

  const apiJson = async (path: string) => (await app.inject({ url: path, headers: auth })).json();
  const dialog = page.locator('dialog#action-confirm');

  /** The queued task whose id is `id`, as Python's repr, without what is new on every enqueue. */
  async function queuedTask(id: string): Promise<string | undefined> {
    for (const row of await db.selectFrom('django_q_ormq').select('payload').execute()) {
      const repr = pyRepr(loadTaskPayload(row.payload, { verify: true, keys: [TEST_SECRET_KEY], salt: CLUSTER }));
      if (repr.includes(`'id': '${id}'`)) {
        return repr
          .replace(/'id': '[0-9a-f]{32}'/, "'id': ID")
          .replace(/'name': '[a-z]+-[a-z]+-[a-z]+-[a-z]+'/, "'name': NAME")
          .replace(/'started': datetime\.datetime\([^)]*\)\)?/, "'started': NOW");
      }
    }
    return undefined;
  }
  const failedIds = async (func: string) =>
    (await db.selectFrom('django_q_task').select('id').where('func', '=', func).where('success', '=', false).execute()).map((r) => r.id);
  const failedCount = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM django_q_task WHERE NOT success`.execute(db)).rows[0]!.n);

  /** Click, confirm in the dialog, and return the API's answer to the action's POST. */
  async function confirmAndAnswer(button: ReturnType<Page['locator']>, ok: string) {
    await button.click();
    await dialog.waitFor({ state: 'visible' });
    const answer = page.waitForResponse((r) => r.request().method() === 'POST');
    await dialog.getByRole('button', { name: ok, exact: true }).click();
    const res = await answer;
    return { status: res.status(), body: await res.json() };
  }

  const retriedMessage = (body: { retried: number; tasks: Array<{ task_id: string }> }) =>
    `Retried ${body.retried} ${body.retried === 1 ? 'task' : 'tasks'}. New task ${body.retried === 1 ? 'id' : 'ids'}: ${body.tasks.map((x) => x.task_id).join(', ')}.`;

  t.test('retry selected: the same rows queued as the API queues them, the failed rows gone', async (t) => {
    // Twins: one retried by the page, one by the API, to compare what each queued.
    const rows: Array<{ id: string }> = [];
    for (const n of [1n, 2n]) {
      rows.push(await insertTask(db, { func: 'actions.tasks.selected', args: ['R-10K', n], kwargs: { available: 3n }, group: 'stock', started: new Date(Date.now() + 60_000 * Number(n)) }));
    }
    const twin = await insertTask(db, { func: 'actions.tasks.selected', args: ['R-10K', 1n], kwargs: { available: 3n }, group: 'stock', started: new Date(Date.now() - 86_400_000) });
    await page.goto(`${base}/dashboard/failed/?search=actions.tasks.selected&ordering=-started`);
    await loaded(page);
    // The newest two are the page's.
    t.same(await page.locator('tbody tr').evaluateAll((trs) => trs.slice(0, 2).map((r) => r.getAttribute('data-pk'))), [rows[1]!.id, rows[0]!.id]);
    await page.locator(`tr[data-pk="${rows[0]!.id}"] input.row-select`).check();
    await page.locator(`tr[data-pk="${rows[1]!.id}"] input.row-select`).check();
    const before = await failedCount();

    // Cancel changes nothing.
    await page.getByRole('button', { name: 'Retry selected (2)' }).click();
    t.equal(await dialog.locator('#action-title').textContent(), 'Retry failed tasks');
    t.equal(
      await dialog.locator('#action-text').textContent(),
      'Retry 2 selected failed tasks: each is queued again with a new id (the same function, arguments, hook and group, as django-q’s admin “Resubmit” does) and its failed row is removed. Ids that are no longer failed tasks are ignored.',
    );
    t.equal(await dialog.locator('#action-request').textContent(), `POST ${API}/failed/retry/\n${JSON.stringify({ items: [rows[0]!.id, rows[1]!.id] })}`);
    t.equal(await page.evaluate(() => document.activeElement?.id), 'action-cancel', 'the dialog starts on Cancel');
    await axeLightAndDark(t, page, 'failed, retry confirmation', 'failed-retry-confirm');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    t.equal(await failedCount(), before, 'Escape: nothing retried');

    const { status, body } = await confirmAndAnswer(page.getByRole('button', { name: 'Retry selected (2)' }), 'Retry');
    t.equal(status, 200);
    t.same(body.tasks.map((x: { failed: string }) => x.failed).sort(), [rows[0]!.id, rows[1]!.id].sort());
    await page.waitForSelector('#alert.notice:not([hidden])');
    t.equal(await page.locator('#alert').textContent(), retriedMessage(body), 'the result, with the new ids');
    t.same(await failedIds('actions.tasks.selected'), [twin.id], 'the two failed rows are gone, nothing else');
    t.equal(await failedCount(), before - 2);
    t.equal(await page.locator('#retry-selected').textContent(), 'Retry selected (0)', 'the selection is cleared');
    t.equal(await page.locator('tbody tr').count(), 1, 'the table is refreshed');

    // What the API itself queues for the twin of the first row.
    const viaApi = await app.inject({ method: 'POST', url: `${API}/failed/${twin.id}/retry/`, headers: auth });
    t.equal(viaApi.statusCode, 200);
    const pageQueued = await queuedTask(body.tasks.find((x: { failed: string }) => x.failed === rows[0]!.id).task_id);
    t.equal(pageQueued, await queuedTask(viaApi.json().tasks[0].task_id), 'the page queued exactly what the API queues');
    t.equal(
      pageQueued,
      "{'id': ID, 'name': NAME, 'func': 'actions.tasks.selected', 'args': ('R-10K', 1), 'hook': None, 'group': 'stock', 'cluster': None, 'kwargs': {'available': 3}, 'started': NOW}",
    );
    t.equal(await queuedTask(body.tasks.find((x: { failed: string }) => x.failed === rows[1]!.id).task_id), pageQueued!.replace("('R-10K', 1)", "('R-10K', 2)"));
  });

  t.test('retry all matching: the search as the API’s filters', async (t) => {
    for (const f of ['actions.tasks.matchme_a', 'actions.tasks.matchme_b', 'actions.tasks.MATCHME_c']) await insertTask(db, { func: f, args: [1n] });
    const other = await insertTask(db, { func: 'actions.tasks.other' });
    await page.goto(`${base}/dashboard/failed/?search=matchme`);
    await loaded(page);
    const before = await failedCount();
    await page.getByRole('button', { name: 'Retry all 3 matching…' }).click();
    t.equal(
      await dialog.locator('#action-text').textContent(),
      'Retry all 3 failed tasks whose function name contains “matchme” (any case): each is queued again with a new id (the same function, arguments, hook and group, as django-q’s admin “Resubmit” does) and its failed row is removed. Tasks that match by the time you confirm are retried too.',
    );
    t.equal(await dialog.locator('#action-request').textContent(), `POST ${API}/failed/retry/\n{"filters":{"func__icontains":"matchme"}}`);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    const { status, body } = await confirmAndAnswer(page.getByRole('button', { name: 'Retry all 3 matching…' }), 'Retry');
    t.equal(status, 200);
    t.equal(body.retried, 3);
    await page.waitForSelector('#alert.notice:not([hidden])');
    t.equal(await page.locator('#alert').textContent(), retriedMessage(body));
    const left = await sql<{ n: string }>`SELECT count(*) AS n FROM django_q_task WHERE NOT success AND func ILIKE '%matchme%'`.execute(db);
    t.equal(Number(left.rows[0]!.n), 0, 'no matching failure left');
    t.equal(await failedCount(), before - 3, 'nothing else retried');
    t.same(await failedIds('actions.tasks.other'), [other.id]);
    const funcs: Array<string | undefined> = [];
    for (const x of body.tasks) funcs.push(/'func': '([^']+)'/.exec((await queuedTask(x.task_id)) ?? '')?.[1]);
    t.same(funcs.sort(), ['actions.tasks.MATCHME_c', 'actions.tasks.matchme_a', 'actions.tasks.matchme_b'], 'each queued with its own func');
    t.equal(await page.locator('#summary').textContent(), 'No failed tasks match.');
  });

  t.test('all matching with a func filter set: offered, the dialogs name the filter, exactly the matching rows change', async (t) => {
    const FUNC = 'actions.tasks.filtered';
    const bound = '2026-12-01T00:00:00.000Z';
    const at = (iso: string) => new Date(iso);
    // Matching: the exact func, at or after the bound. Not matching: a case variant, a longer name, before the bound, a success.
    const insertSet = async () => ({
      match: [
        await insertTask(db, { func: FUNC, args: [1n], started: at(bound) }),
        await insertTask(db, { func: FUNC, args: [2n], started: at('2026-12-02T08:00:00Z') }),
      ],
      early: await insertTask(db, { func: FUNC, args: [3n], started: at('2026-11-30T23:59:59.999Z') }),
      others: [
        await insertTask(db, { func: 'ACTIONS.TASKS.FILTERED', started: at('2026-12-02T08:00:00Z') }),
        await insertTask(db, { func: `${FUNC}_more`, started: at('2026-12-02T08:00:00Z') }),
        await insertTask(db, { func: FUNC, success: true, started: at('2026-12-02T08:00:00Z') }),
      ],
    });
    const taskIds = async () => (await db.selectFrom('django_q_task').select('id').execute()).map((r) => r.id).sort();

    // Retry, with the func filter alone: the three failures of FUNC, nothing else.
    let rows = await insertSet();
    await page.goto(`${base}/dashboard/failed/?func=${FUNC}`);
    await loaded(page);
    t.equal(await page.locator('#summary').textContent(), '1–3 of 3 failed tasks (filtered).');
    t.equal(await page.locator('#delete-matching').textContent(), 'Delete all 3 matching…');
    let before = await taskIds();
    const { status, body } = await confirmAndAnswer(page.getByRole('button', { name: 'Retry all 3 matching…' }), 'Retry');
    t.equal(status, 200);
    t.equal(
      await dialog.locator('#action-text').textContent(),
      `Retry all 3 failed tasks matching func=${FUNC}: each is queued again with a new id (the same function, arguments, hook and group, as django-q’s admin “Resubmit” does) and its failed row is removed. Tasks that match by the time you confirm are retried too.`,
    );
    t.equal(await dialog.locator('#action-request').textContent(), `POST ${API}/failed/retry/\n{"filters":{"func":"${FUNC}"}}`);
    const retried = [...rows.match.map((r) => r.id), rows.early.id].sort();
    t.same(body.tasks.map((x: { failed: string }) => x.failed).sort(), retried);
    await page.waitForSelector('#alert.notice:not([hidden])');
    t.equal(await page.locator('#alert').textContent(), retriedMessage(body));
    t.same(await taskIds(), before.filter((id) => !retried.includes(id)), 'exactly the matching rows are gone');
    const funcs: Array<string | undefined> = [];
    for (const x of body.tasks) funcs.push(/'func': '([^']+)'/.exec((await queuedTask(x.task_id)) ?? '')?.[1]);
    t.same(funcs, [FUNC, FUNC, FUNC], 'each queued with its function');
    t.equal(await page.locator('#summary').textContent(), 'No failed tasks match.');
    for (const r of rows.others) await db.deleteFrom('django_q_task').where('id', '=', r.id).execute();

    // Delete, with the func filter and a start: the dialog names both; the row before the bound stays.
    rows = await insertSet();
    await page.goto(`${base}/dashboard/failed/?func=${FUNC}&started_after=${encodeURIComponent(bound)}`);
    await loaded(page);
    t.equal(await page.locator('#retry-matching').textContent(), 'Retry all 2 matching…');
    before = await taskIds();
    const confirm = page.locator('dialog#confirm');
    await page.getByRole('button', { name: 'Delete all 2 matching…' }).click();
    await confirm.waitFor({ state: 'visible' });
    t.equal(
      await confirm.locator('#confirm-text').textContent(),
      `Delete all 2 failed tasks matching func=${FUNC}, started ≥ 2026-12-01 00:00 UTC? Tasks that match by the time you confirm are deleted too. This cannot be undone.`,
    );
    t.equal(await confirm.locator('#confirm-request').textContent(), `DELETE ${API}/failed/\n{"filters":{"func":"${FUNC}","started__gte":"${bound}"}}`);
    await axe(t, page, 'failed, delete all matching a filter');
    const deleted = page.waitForResponse((r) => r.request().method() === 'DELETE');
    await confirm.getByRole('button', { name: 'Delete' }).click();
    t.equal((await deleted).status(), 204);
    await page.waitForSelector('#alert.notice:not([hidden])');
    t.equal(await page.locator('#alert').textContent(), 'Deleted. The API accepted the request; 2 fewer failed tasks are listed now.');
    const gone = rows.match.map((r) => r.id).sort();
    t.same(await taskIds(), before.filter((id) => !gone.includes(id)), 'exactly the two matching rows are deleted');
    t.same(await failedIds(FUNC), [rows.early.id], 'the failure before the bound is kept');
    for (const r of [rows.early, ...rows.others]) await db.deleteFrom('django_q_task').where('id', '=', r.id).execute();

    // A value the bulk filters cannot mean identically (a naive date-time: TIME_ZONE): selected only, and the page says why.
    await page.goto(`${base}/dashboard/failed/?started_before=2099-01-01T00:00:00`);
    await loaded(page);
    t.equal(await page.locator('#delete-matching').count(), 0);
    t.equal(await page.locator('#retry-matching').count(), 0);
    t.equal(
      await page.locator('#bulk p.help').textContent(),
      'The API’s delete filters cannot express these filters exactly (a date without “Z”, i.e. in the server’s time zone, or more than six fractional digits): select rows to act on them.',
    );
  });

  t.test('retry one row, and the API’s 400 shown as its message', async (t) => {
    const good = await insertTask(db, { func: 'actions.tasks.one_row', args: [7n] });
    await page.goto(`${base}/dashboard/failed/?search=one_row`);
    await loaded(page);
    const name = (await db.selectFrom('django_q_task').select('name').where('id', '=', good.id).executeTakeFirstOrThrow()).name;
    const button = page.getByRole('button', { name: `Retry failed task ${name}` });
    t.equal(await button.textContent(), 'Retry');
    await button.click();
    t.equal(await dialog.locator('#action-text').textContent(), `Retry failed task “${name}” (actions.tasks.one_row): it is queued again with a new id (the same function, arguments, hook and group, as django-q’s admin “Resubmit” does) and its failed row is removed.`);
    t.equal(await dialog.locator('#action-request').textContent(), `POST ${API}/failed/${good.id}/retry/`);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    const { status, body } = await confirmAndAnswer(button, 'Retry');
    t.equal(status, 200);
    await page.waitForSelector('#alert.notice:not([hidden])');
    t.equal(await page.locator('#alert').textContent(), `Retried 1 task. New task id: ${body.tasks[0].task_id}.`);
    t.same(await failedIds('actions.tasks.one_row'), []);
    t.equal(await queuedTask(body.tasks[0].task_id), "{'id': ID, 'name': NAME, 'func': 'actions.tasks.one_row', 'args': (7,), 'hook': None, 'group': None, 'cluster': None, 'kwargs': {}, 'started': NOW}");

    // Args that cannot be decoded: the API refuses with 400 naming the task; the page shows that message.
    const bad = await insertTask(db, { func: 'actions.tasks.undecodable', args: [1n] });
    await db.updateTable('django_q_task').set({ args: 'bm90IGEgcGlja2xl' }).where('id', '=', bad.id).execute();
    await page.goto(`${base}/dashboard/failed/?search=undecodable`);
    await loaded(page);
    const refused = await confirmAndAnswer(page.locator(`tr[data-pk="${bad.id}"] button.action-retry`), 'Retry');
    t.equal(refused.status, 400);
    await page.waitForSelector('#alert.alert:not([hidden])');
    t.equal(await page.locator('#alert').textContent(), refused.body.detail, 'the API’s own message');
    t.match(refused.body.detail, new RegExp(`^Task ${bad.id} \\(".*"\\) cannot be retried: its args cannot be decoded faithfully`));
    t.same(await failedIds('actions.tasks.undecodable'), [bad.id], 'kept');
  });

  // Schedules: pause and resume need the sidecar table; first without it.
  const past = new Date(Date.now() - 12 * 60_000);
  past.setUTCMilliseconds(0);
  const sched = await insertSchedule(db, { name: 'Nightly stock check', func: 'actions.tasks.nightly', args: "'a', 2", scheduleType: 'I', minutes: 5, nextRun: past, repeats: 7 });
  const scheduleRow = () => db.selectFrom('django_q_schedule').select(['repeats', 'next_run', 'task']).where('id', '=', sched.pk).executeTakeFirstOrThrow();

  t.test('pause without the sidecar table: the API’s 409 shown as its message', async (t) => {
    await page.goto(`${base}/dashboard/scheduled/?search=actions.tasks.nightly`);
    await loaded(page);
    t.same(await page.locator('thead th').allTextContents(), ['Details', 'ID↕', 'Name', 'Function↕', 'Arguments', 'Keyword arguments', 'Type', 'Repeats', 'State', 'Last run↕', 'Next run▲', 'Last result', 'Actions']);
    t.equal(await page.locator('tbody td.paused').textContent(), 'Active');
    const refused = await confirmAndAnswer(page.getByRole('button', { name: 'Pause schedule Nightly stock check' }), 'Pause');
    t.equal(refused.status, 409);
    await page.waitForSelector('#alert.alert:not([hidden])');
    t.equal(await page.locator('#alert').textContent(), 'Pausing a schedule needs the table bgtasks_schedule_pause, which does not exist: run `bgtasks migrate --sidecar`.');
    t.equal((await scheduleRow()).repeats, 7, 'nothing changed');
  });

  t.test('run now: a queued task, its id in the schedule’s task column', async (t) => {
    await ensureSidecarTables(db);
    await page.goto(`${base}/dashboard/scheduled/?search=actions.tasks.nightly`);
    await loaded(page);
    const run = page.getByRole('button', { name: 'Run now schedule Nightly stock check' });
    await run.click();
    t.equal(
      await dialog.locator('#action-text').textContent(),
      'Run schedule “Nightly stock check” (actions.tasks.nightly) now: its task is queued at once, as django-q’s scheduler queues it when due, and the new id becomes the schedule’s last task. Its next run and repeats are left alone.',
    );
    t.equal(await dialog.locator('#action-request').textContent(), `POST ${API}/scheduled/${sched.pk}/run/`);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    const { status, body } = await confirmAndAnswer(run, 'Run now');
    t.equal(status, 202);
    await page.waitForSelector('#alert.notice:not([hidden])');
    t.equal(await page.locator('#alert').textContent(), `Schedule “Nightly stock check” queued as task ${body.task_id}.`);
    const row = await scheduleRow();
    t.equal(row.task, body.task_id, 'the task column');
    t.equal(row.repeats, 7);
    t.equal((row.next_run as Date).getTime(), past.getTime(), 'next_run left alone');
    t.equal(
      await queuedTask(body.task_id),
      "{'id': ID, 'name': NAME, 'func': 'actions.tasks.nightly', 'args': ('a', 2), 'group': 'Nightly stock check', 'cluster': None, 'kwargs': {}, 'started': NOW}",
      'queued as the scheduler queues it',
    );
  });

  t.test('pause, then resume: repeats and next_run as the API sets them', async (t) => {
    await page.goto(`${base}/dashboard/scheduled/?search=actions.tasks.nightly`);
    await loaded(page);
    const pauseButton = page.getByRole('button', { name: 'Pause schedule Nightly stock check' });
    await pauseButton.click();
    t.equal(
      await dialog.locator('#action-text').textContent(),
      'Pause schedule “Nightly stock check”: repeats set to 0, so django-q’s scheduler skips it, the previous value (7) remembered; resume restores it and moves next_run to the next future occurrence.',
    );
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    const paused = await confirmAndAnswer(pauseButton, 'Pause');
    t.same(paused, { status: 200, body: { pk: sched.pk, paused: true, repeats: 0, paused_repeats: 7 } });
    await page.waitForSelector('#alert.notice:not([hidden])');
    t.equal(await page.locator('#alert').textContent(), 'Paused schedule “Nightly stock check”: repeats is 0 now, 7 remembered for resume.');
    t.equal((await scheduleRow()).repeats, 0);
    t.equal(await page.locator('tbody td.paused').textContent(), 'Paused', 'the table shows it paused');
    t.equal(await page.locator('tbody td.repeats').textContent(), '0');

    const resumeButton = page.getByRole('button', { name: 'Resume schedule Nightly stock check' });
    const resumed = await confirmAndAnswer(resumeButton, 'Resume');
    t.equal(resumed.status, 200);
    // Every 5 minutes from 12 minutes ago: the next future occurrence is 3 minutes from now.
    const expected = past.getTime() + 15 * 60_000;
    t.same(resumed.body, { pk: sched.pk, paused: false, repeats: 7, next_run: new Date(expected).toISOString().replace('.000Z', 'Z') });
    const row = await scheduleRow();
    t.equal(row.repeats, 7, 'repeats restored');
    t.equal((row.next_run as Date).getTime(), expected, 'next_run moved to the next future occurrence');
    // The pause's notice is still there until the list has reloaded: wait for the new one.
    await page.locator('#alert.notice', { hasText: 'Resumed schedule' }).waitFor({ timeout: 15_000 });
    t.match(await page.locator('#alert').textContent(), new RegExp(`^Resumed schedule “Nightly stock check”: repeats 7, next run .+ \\(${resumed.body.next_run.replace(/[.+]/g, '\\$&')}\\)\\.$`));
    t.equal(await page.locator('tbody td.paused').textContent(), 'Active');
    t.equal(await page.getByRole('button', { name: 'Pause schedule Nightly stock check' }).count(), 1);
  });

  /** A stand-in drawer that renders a new footer each time (the contract allows it; the real one refills the same). */
  async function openDrawer(view: string, pk: string | number): Promise<void> {
    await page.evaluate(
      async ({ view, pk, token }) => {
        const open = async () => {
          const res = await fetch(`/api/background-task/${view}/${pk}/`, { headers: { Authorization: `Token ${token}`, Accept: 'application/json' } });
          let drawer = document.getElementById('test-drawer');
          if (!drawer) {
            drawer = document.createElement('section');
            drawer.id = 'test-drawer';
            drawer.setAttribute('aria-label', 'Task detail');
            document.querySelector('main').prepend(drawer);
          }
          if (!res.ok) {
            drawer.replaceChildren(Object.assign(document.createElement('p'), { id: 'drawer-gone', textContent: `HTTP ${res.status}` }));
            return;
          }
          const data = await res.json();
          const footer = document.createElement('div');
          footer.className = 'drawer-actions';
          footer.setAttribute('data-drawer-actions', '');
          drawer.replaceChildren(Object.assign(document.createElement('h2'), { textContent: `Detail ${view} ${pk}` }), footer);
          window.drawerRenders = (window.drawerRenders ?? 0) + 1;
          document.dispatchEvent(new CustomEvent('bgtasks:drawer', { detail: { view, pk, data, footer, refresh: open } }));
        };
        window.drawerRenders = 0;
        await open();
      },
      { view, pk, token },
    );
  }

  t.test('the drawer event: the footer filled with the task’s actions, wired', async (t) => {
    await page.goto(`${base}/dashboard/scheduled/?search=actions.tasks.nightly`);
    await loaded(page);
    await openDrawer('scheduled', sched.pk);
    const footer = page.locator('#test-drawer [data-drawer-actions]');
    t.same(await footer.locator('button').allTextContents(), ['Run now', 'Pause']);
    await axe(t, page, 'scheduled with a drawer footer');
    const paused = await confirmAndAnswer(footer.getByRole('button', { name: 'Pause schedule Nightly stock check' }), 'Pause');
    t.equal(paused.status, 200);
    // refresh() re-rendered the drawer: a new footer, now offering Resume, with the result in it.
    await page.waitForFunction(() => window.drawerRenders === 2);
    await page.locator('#test-drawer .action-result').waitFor();
    t.same(await footer.locator('button').allTextContents(), ['Run now', 'Resume']);
    t.equal(await footer.locator('.action-result').textContent(), 'Paused schedule “Nightly stock check”: repeats is 0 now, 7 remembered for resume.');
    t.equal(await page.evaluate(() => document.activeElement?.className), 'action-result notice', 'focus on the result');
    t.equal((await scheduleRow()).repeats, 0);
    const resumed = await confirmAndAnswer(footer.getByRole('button', { name: 'Resume schedule Nightly stock check' }), 'Resume');
    t.equal(resumed.status, 200);
    await page.waitForFunction(() => window.drawerRenders === 3);
    t.same(await footer.locator('button').allTextContents(), ['Run now', 'Pause']);
    t.equal((await scheduleRow()).repeats, 7);

    // A failed task: Retry; its drawer is gone afterwards (404), so the result goes to the page's alert.
    const failed = await insertTask(db, { func: 'actions.tasks.from_drawer', args: [] });
    await page.goto(`${base}/dashboard/failed/?search=from_drawer`);
    await loaded(page);
    await openDrawer('failed', failed.id);
    t.same(await footer.locator('button').allTextContents(), ['Retry']);
    const { status, body } = await confirmAndAnswer(footer.getByRole('button', { name: 'Retry' }), 'Retry');
    t.equal(status, 200);
    await page.locator('#drawer-gone').waitFor();
    await page.waitForSelector('#alert.notice:not([hidden])');
    t.equal(await page.locator('#alert').textContent(), retriedMessage(body));
    t.same(await failedIds('actions.tasks.from_drawer'), []);

    // An error stays in the drawer: run a schedule django-q could not step.
    const odd = await insertSchedule(db, { name: 'odd', scheduleType: 'Z' });
    await openDrawer('scheduled', odd.pk);
    const refused = await confirmAndAnswer(footer.getByRole('button', { name: 'Run now schedule odd' }), 'Run now');
    t.equal(refused.status, 400);
    await page.locator('#test-drawer .action-result.alert').waitFor();
    t.equal(await footer.locator('.action-result').textContent(), refused.body.detail);
  });

  // The real detail drawer (drawer.js) with the real listener: its footer is one element, emptied and refilled on every render.
  const drawer = page.locator('dialog#drawer');
  const drawerFooter = drawer.locator('[data-drawer-actions]');
  const drawerOpen = () => drawer.evaluate((d) => d.open);

  t.test('the real drawer: Retry from its footer; the failure gone, the drawer closed, the result in the page’s alert', async (t) => {
    const failed = await insertTask(db, { func: 'actions.tasks.real_drawer', args: ['PCB-7', 3n], kwargs: { rework: true }, group: 'assembly' });
    const name = (await db.selectFrom('django_q_task').select('name').where('id', '=', failed.id).executeTakeFirstOrThrow()).name;
    await page.goto(`${base}/dashboard/failed/?search=actions.tasks.real_drawer`);
    await loaded(page);

    // The row's own buttons do not open the drawer: Retry asks, the checkbox selects.
    await page.locator('#rows').getByRole('button', { name: `Retry failed task ${name}` }).click();
    await dialog.waitFor({ state: 'visible' });
    t.equal(await drawerOpen(), false, 'the row’s Retry button opens the confirmation, not the drawer');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.locator(`tr[data-pk="${failed.id}"] input.row-select`).check();
    t.equal(await drawerOpen(), false, 'the row’s checkbox does not open it');
    t.equal(new URL(page.url()).searchParams.has('task'), false);
    t.same(await failedIds('actions.tasks.real_drawer'), [failed.id], 'nothing retried yet');

    // Through the page: the row's Details button.
    await page.locator('#rows').getByRole('button', { name: `Details of ${name}` }).click();
    await drawerLoaded(page, failed.id);
    t.equal(await drawer.locator('#drawer-title').textContent(), `Failed task: ${name}`);
    t.same(await drawerFooter.locator('button').allTextContents(), ['Retry'], 'the listener filled the footer');
    const retry = drawerFooter.getByRole('button', { name: `Retry failed task ${name}` });
    await axeLightAndDark(t, page, 'failed drawer with its Retry button');

    await retry.click();
    t.equal(await dialog.locator('#action-text').textContent(), `Retry failed task “${name}” (actions.tasks.real_drawer): it is queued again with a new id (the same function, arguments, hook and group, as django-q’s admin “Resubmit” does) and its failed row is removed.`);
    t.equal(await dialog.locator('#action-request').textContent(), `POST ${API}/failed/${failed.id}/retry/`);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    t.equal(await drawerOpen(), true, 'Cancel leaves the drawer open');
    t.same(await failedIds('actions.tasks.real_drawer'), [failed.id], 'Cancel: nothing retried');

    const { status, body } = await confirmAndAnswer(retry, 'Retry');
    t.equal(status, 200);
    t.same(body.tasks.map((x: { failed: string }) => x.failed), [failed.id]);
    // The database: the failed row gone, a new ormq task with the same function, arguments and group.
    t.same(await failedIds('actions.tasks.real_drawer'), []);
    t.equal(
      await queuedTask(body.tasks[0].task_id),
      "{'id': ID, 'name': NAME, 'func': 'actions.tasks.real_drawer', 'args': ('PCB-7', 3), 'hook': None, 'group': 'assembly', 'cluster': None, 'kwargs': {'rework': True}, 'started': NOW}",
    );
    // The page: the task no longer exists, so the drawer is closed and the result is in the page's alert, focused.
    await page.waitForSelector('#alert.notice:not([hidden])');
    t.equal(await page.locator('#alert').textContent(), retriedMessage(body));
    t.equal(await drawerOpen(), false, 'the drawer of a task that is gone is closed');
    t.equal(await drawerFooter.locator('.action-result').count(), 0, 'no result left in the closed drawer');
    t.equal(await page.evaluate(() => document.activeElement?.id), 'alert', 'focus on the result');
    t.equal(new URL(page.url()).searchParams.has('task'), false, 'the URL forgets the drawer');
    t.equal(await page.locator('#summary').textContent(), 'No failed tasks match.', 'the table reloaded');
  });

  t.test('the real drawer: Pause, then Resume from its footer; repeats and next_run as the API sets them', async (t) => {
    // Every 10 minutes, due 25 minutes ago: the next future occurrence is 5 minutes from now.
    const due = new Date(Date.now() - 25 * 60_000);
    due.setUTCMilliseconds(0);
    const sweep = await insertSchedule(db, { name: 'Drawer stock sweep', func: 'actions.tasks.sweep', args: "'bin-4'", scheduleType: 'I', minutes: 10, nextRun: due, repeats: 3 });
    const pk = String(sweep.pk);
    const row = () => db.selectFrom('django_q_schedule').select(['repeats', 'next_run']).where('id', '=', sweep.pk).executeTakeFirstOrThrow();
    await page.goto(`${base}/dashboard/scheduled/?search=actions.tasks.sweep`);
    await loaded(page);

    // The row's buttons ask; they do not open the drawer.
    for (const label of ['Run now schedule Drawer stock sweep', 'Pause schedule Drawer stock sweep']) {
      await page.locator('#rows').getByRole('button', { name: label }).click();
      await dialog.waitFor({ state: 'visible' });
      t.equal(await drawerOpen(), false, `${label}: the confirmation, not the drawer`);
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'hidden' });
    }
    t.equal(new URL(page.url()).searchParams.has('task'), false);

    await page.locator('#rows').getByRole('button', { name: 'Details of Drawer stock sweep' }).click();
    await drawerLoaded(page, pk);
    t.same(await drawerFooter.locator('button').allTextContents(), ['Run now', 'Pause']);
    t.equal(await drawer.locator('.repeats').textContent(), '3 more runs');
    await axeLightAndDark(t, page, 'schedule drawer with its action buttons');

    const paused = await confirmAndAnswer(drawerFooter.getByRole('button', { name: 'Pause schedule Drawer stock sweep' }), 'Pause');
    t.same(paused, { status: 200, body: { pk: sweep.pk, paused: true, repeats: 0, paused_repeats: 3 } });
    const afterPause = await row();
    t.equal(afterPause.repeats, 0, 'repeats 0 in the database');
    t.equal((afterPause.next_run as Date).getTime(), due.getTime(), 'next_run left alone by the pause');
    // The drawer re-rendered from the API: Resume in place of Pause, the result in the footer, focused.
    await drawerFooter.locator('.action-result', { hasText: 'Paused schedule' }).waitFor();
    t.same(await drawerFooter.locator('button').allTextContents(), ['Run now', 'Resume']);
    t.equal(await drawerFooter.locator('.action-result').textContent(), 'Paused schedule “Drawer stock sweep”: repeats is 0 now, 3 remembered for resume.');
    t.equal(await page.evaluate(() => document.activeElement?.className), 'action-result notice', 'focus on the result');
    t.equal(await drawer.locator('.repeats').textContent(), 'None (paused)');
    t.equal(await drawerOpen(), true);
    await page.locator(`#rows tr[data-pk="${pk}"] td.paused`, { hasText: 'Paused' }).waitFor();
    t.pass('the table behind shows it paused');

    const resumed = await confirmAndAnswer(drawerFooter.getByRole('button', { name: 'Resume schedule Drawer stock sweep' }), 'Resume');
    const expected = due.getTime() + 30 * 60_000;
    t.same(resumed, { status: 200, body: { pk: sweep.pk, paused: false, repeats: 3, next_run: new Date(expected).toISOString().replace('.000Z', 'Z') } });
    const afterResume = await row();
    t.equal(afterResume.repeats, 3, 'repeats restored in the database');
    t.equal((afterResume.next_run as Date).getTime(), expected, 'next_run moved to the next future occurrence');
    await drawerFooter.locator('.action-result', { hasText: 'Resumed schedule' }).waitFor();
    t.same(await drawerFooter.locator('button').allTextContents(), ['Run now', 'Pause'], 'Pause again in place of Resume');
    t.match(
      await drawerFooter.locator('.action-result').textContent(),
      new RegExp(`^Resumed schedule “Drawer stock sweep”: repeats 3, next run .+ \\(${resumed.body.next_run.replace(/[.+]/g, '\\$&')}\\)\\.$`),
    );
    t.equal(await drawer.locator('.repeats').textContent(), '3 more runs');
    t.equal(
      await drawer.locator('ol.next-runs time').first().getAttribute('datetime'),
      (await apiJson(`${API}/scheduled/${pk}/`)).next_runs[0],
      'the drawer shows the detail as the API answers it now',
    );

    // 375 px: the drawer full width with its buttons, axe-clean in both themes.
    await page.setViewportSize({ width: 375, height: 800 });
    await axeLightAndDark(t, page, 'schedule drawer with its action buttons at 375 px', 'schedule-drawer-actions-375', false);
    await page.setViewportSize({ width: 1280, height: 860 });

    // An error stays in the drawer's footer: run a schedule django-q could not step.
    const odd = await insertSchedule(db, { name: 'odd drawer', scheduleType: 'Z' });
    await page.goto(`${base}/dashboard/scheduled/?task=${odd.pk}`);
    await drawerLoaded(page, String(odd.pk));
    const refused = await confirmAndAnswer(drawerFooter.getByRole('button', { name: 'Run now schedule odd drawer' }), 'Run now');
    t.equal(refused.status, 400);
    await drawerFooter.locator('.action-result.alert').waitFor();
    t.equal(await drawerFooter.locator('.action-result').textContent(), refused.body.detail);
    t.equal(await drawerOpen(), true, 'the drawer stays open on an error');
    await drawer.getByRole('button', { name: 'Close' }).click();
  });

  t.test('keyboard: a row action opens the dialog on Cancel; Escape closes it', async (t) => {
    await page.goto(`${base}/dashboard/scheduled/?search=actions.tasks.nightly`);
    await loaded(page);
    const run = page.getByRole('button', { name: 'Run now schedule Nightly stock check' });
    await run.focus();
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'visible' });
    t.equal(await page.evaluate(() => document.activeElement?.id), 'action-cancel');
    await page.keyboard.press('Tab');
    t.equal(await page.evaluate(() => document.activeElement?.id), 'action-ok');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    t.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Run now schedule Nightly stock check', 'focus back on the button');
  });

  t.test('375 px, light and dark', async (t) => {
    await page.setViewportSize({ width: 375, height: 800 });
    for (const view of ['scheduled', 'failed']) {
      await page.goto(`${base}/dashboard/${view}/`);
      await loaded(page);
      await idle(page);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      t.ok(overflow <= 0, `${view}: no horizontal scrolling (${overflow} px)`);
      await axe(t, page, `${view} with actions at 375 px`);
      await shot(page, `${view}-actions-375`);
      await page.locator('tbody tr:first-child .row-actions button').first().click();
      await dialog.waitFor({ state: 'visible' });
      await axeLightAndDark(t, page, `${view} action dialog at 375 px`, `${view}-action-dialog-375`);
      await dialog.getByRole('button', { name: 'Cancel' }).click();
    }
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  t.test('read-only mode: no action anywhere', async (t) => {
    const ro = await serve(t, db, database.kind, { readOnly: true });
    const roPage = await context.newPage();
    await signInWithToken(roPage, ro.base, token);
    for (const view of ['failed', 'scheduled']) {
      await roPage.goto(`${ro.base}/dashboard/${view}/`);
      await loaded(roPage);
      t.ok((await roPage.locator('tbody tr').count()) > 0, `${view}: rows shown`);
      t.equal(await roPage.locator('table button:not(.sort, .details)').count(), 0, `${view}: no action button in the table`);
      t.equal(await roPage.locator('#bulk button').count(), 0, `${view}: no bulk button`);
      t.notOk((await roPage.locator('thead th').allTextContents()).includes('Actions'), `${view}: no Actions column`);
    }
    // The real drawer's footer stays empty (read-only: the listener adds nothing).
    await roPage.locator('#rows button.details').first().click();
    await roPage.waitForFunction(() => document.getElementById('drawer').dataset.loaded === 'true');
    t.equal(await roPage.locator('#drawer [data-drawer-actions]').evaluate((f) => f.childElementCount), 0, 'the real drawer gets no buttons');
    await roPage.locator('#drawer').getByRole('button', { name: 'Close' }).click();
    // Nor does any footer handed over with the event.
    const filled = await roPage.evaluate(() => {
      const footer = document.createElement('div');
      document.querySelector('main').append(footer);
      document.dispatchEvent(new CustomEvent('bgtasks:drawer', { detail: { view: 'scheduled', pk: 1, data: { pk: 1, name: 'x', paused: false }, footer, refresh: () => undefined } }));
      return footer.childElementCount;
    });
    t.equal(filled, 0, 'the drawer gets no buttons');
    await axe(t, roPage, 'scheduled (read-only)');
    await roPage.close();
    // And the API refuses anyway, with its message (nothing the page could do differently).
    const refused = await ro.app.inject({ method: 'POST', url: `${API}/scheduled/${sched.pk}/run/`, headers: auth });
    t.same([refused.statusCode, refused.json()], [403, { detail: 'This server is read-only.' }]);
  });

  t.test('extensions off: no action is offered (the routes do not exist)', async (t) => {
    const off = await serve(t, db, database.kind, { extensions: 'off' });
    const offPage = await context.newPage();
    await signInWithToken(offPage, off.base, token);
    await offPage.goto(`${off.base}/dashboard/failed/`);
    await loaded(offPage);
    t.equal(await offPage.locator('table button:not(.sort)').count(), 0);
    t.same(await offPage.locator('#bulk button').allTextContents(), ['Delete selected (0)', `Delete all ${(await apiJson(`${API}/failed/?limit=1`)).count} failed tasks…`], 'delete only');
    await offPage.close();
  });

  t.test('no script errors', async (t) => {
    t.same(errors, []);
  });
}
