// The actions (API extensions): retry failed tasks (selected, all matching,
// one), run a schedule now, pause and resume it. Each asks first in a modal
// dialog that says exactly what will happen and shows the request, then shows
// the API's answer (or its error message) and refreshes what it came from.
// Three places use the same functions: the failed table's bulk bar, a per-row
// button in the failed and scheduled tables, and the detail drawer's footer
// (filled when the drawer dispatches `bgtasks:drawer`). None is offered in
// read-only mode or when the server's extensions are off (no such routes).

import { api, redirectIfSignedOut } from './api.js';
import { dateCell, el, number, utcInstantText } from './format.js';

const API = '/api/background-task';
/** How many new task ids a result lists before "and N more". */
const IDS_SHOWN = 10;

let announce = (message) => console.info(message);

/** Whether the page may offer actions: the server writes and serves the extensions. */
export function actionsAvailable() {
  const { readOnly, extensions } = document.body.dataset;
  return readOnly !== 'true' && extensions !== 'false';
}

const plural = (n, one, many = `${one}s`) => `${number(n)} ${n === 1 ? one : many}`;
const quoted = (text) => `“${text}”`;
const scheduleName = (s) => (s.name ? quoted(s.name) : `#${s.pk}`);
const taskName = (t) => (t.name ? quoted(t.name) : t.pk);

/** A filter value as the dialog names it: bare when it is a plain dotted name or word, else quoted. */
const filterValue = (v) => (/^[\w.:/@-]+$/.test(v) ? v : quoted(v));

/**
 * The bulk filters (filtersForState in table.js) in words, or '' for
 * `{success: false}` (every failed task): “func=part.tasks.check_stock,
 * started ≥ 2026-12-01 00:00 UTC, function name containing “stock” (any case)”.
 */
export function filtersText(filters) {
  const parts = [];
  if (filters.func !== undefined) parts.push(`func=${filterValue(filters.func)}`);
  if (filters.group !== undefined) parts.push(`group=${filterValue(filters.group)}`);
  if (filters.started__gte !== undefined) parts.push(`started ≥ ${utcInstantText(filters.started__gte) ?? filters.started__gte}`);
  if (filters.started__lte !== undefined) parts.push(`started ≤ ${utcInstantText(filters.started__lte) ?? filters.started__lte}`);
  if (filters.func__icontains !== undefined) parts.push(`function name containing ${quoted(filters.func__icontains)} (any case)`);
  return parts.join(', ');
}

/** Whether the filters go beyond the search (a list filter set): the dialogs then name them all. */
export const listFiltered = (filters) => ['func', 'group', 'started__gte', 'started__lte'].some((k) => filters[k] !== undefined);

// ---- The confirmation dialog (native <dialog>: modal, focus kept inside, Escape cancels).

let dialog;
function confirmDialog() {
  if (dialog) return dialog;
  dialog = el(
    'dialog',
    { id: 'action-confirm', 'aria-labelledby': 'action-title', 'aria-describedby': 'action-text' },
    el(
      'form',
      { method: 'dialog' },
      el('h2', { id: 'action-title' }),
      el('p', { id: 'action-text' }),
      el('pre', { id: 'action-request', class: 'request' }),
      el('div', { class: 'buttons' }, el('button', { value: 'cancel', id: 'action-cancel', class: 'secondary' }, 'Cancel'), el('button', { value: 'ok', id: 'action-ok' }, 'OK')),
    ),
  );
  document.body.append(dialog);
  return dialog;
}

/** Ask; resolves true when confirmed. Starts on Cancel, as the delete confirmation does. */
function confirmAction({ title, text, request, ok }) {
  const d = confirmDialog();
  d.querySelector('#action-title').textContent = title;
  d.querySelector('#action-text').textContent = text;
  d.querySelector('#action-request').textContent = request;
  d.querySelector('#action-ok').textContent = ok;
  d.returnValue = '';
  return new Promise((resolve) => {
    d.addEventListener('close', () => resolve(d.returnValue === 'ok'), { once: true });
    d.showModal();
    d.querySelector('#action-cancel').focus();
  });
}

function requestText(path, body) {
  return `POST ${path}${body === undefined ? '' : `\n${JSON.stringify(body)}`}`;
}

/**
 * Confirm, call, report. `done(message, {error})` shows the outcome where the
 * action came from; `after()` refreshes it (before a success is reported, so
 * the refresh does not wipe the message).
 */
async function perform({ title, text, ok, path, body, result, done, after }) {
  if (!(await confirmAction({ title, text, ok, request: requestText(path, body) }))) return false;
  let answer;
  try {
    answer = await api(path, { method: 'POST', body });
  } catch (err) {
    if (!redirectIfSignedOut(err)) done(err.message, { error: true });
    return false;
  }
  await after?.();
  done(result(answer));
  return true;
}

// ---- The actions, shared by the tables and the drawer.

const RETRY_EFFECT = 'queued again with a new id (the same function, arguments, hook and group, as django-q’s admin “Resubmit” does) and its failed row is removed';

/** The result of a retry: how many, and the new ids (the first IDS_SHOWN). */
export function retriedMessage(answer) {
  if (!answer.retried) return 'Nothing was retried: none of the selected tasks is a failed task any more.';
  const ids = answer.tasks.map((t) => t.task_id);
  const shown = ids.slice(0, IDS_SHOWN).join(', ');
  const more = ids.length > IDS_SHOWN ? ` and ${number(ids.length - IDS_SHOWN)} more` : '';
  return `Retried ${plural(answer.retried, 'task')}. New task ${ids.length === 1 ? 'id' : 'ids'}: ${shown}${more}.`;
}

/** Retry a selection of failed tasks: `{items}` (selected) or `{filters}` (all the list shows, `count` of them). */
export function retryMany(body, { count, done, after }) {
  let text;
  if (body.items) {
    text = `Retry ${plural(body.items.length, 'selected failed task')}: each is ${RETRY_EFFECT}. Ids that are no longer failed tasks are ignored.`;
  } else if (listFiltered(body.filters)) {
    text = `Retry all ${plural(count, 'failed task')} matching ${filtersText(body.filters)}: each is ${RETRY_EFFECT}. Tasks that match by the time you confirm are retried too.`;
  } else if (body.filters.func__icontains !== undefined) {
    text = `Retry all ${plural(count, 'failed task')} whose function name contains ${quoted(body.filters.func__icontains)} (any case): each is ${RETRY_EFFECT}. Tasks that match by the time you confirm are retried too.`;
  } else {
    text = `Retry all ${plural(count, 'failed task')}: each is ${RETRY_EFFECT}. Tasks that fail before you confirm are retried too.`;
  }
  return perform({ title: 'Retry failed tasks', text, ok: 'Retry', path: `${API}/failed/retry/`, body, result: retriedMessage, done, after });
}

export function retryOne(task, { done, after }) {
  return perform({
    title: 'Retry a failed task',
    text: `Retry failed task ${taskName(task)} (${task.func}): it is ${RETRY_EFFECT}.`,
    ok: 'Retry',
    path: `${API}/failed/${encodeURIComponent(task.pk)}/retry/`,
    result: retriedMessage,
    done,
    after,
  });
}

export function runNow(schedule, { done, after }) {
  return perform({
    title: 'Run a schedule now',
    text: `Run schedule ${scheduleName(schedule)} (${schedule.func}) now: its task is queued at once, as django-q’s scheduler queues it when due, and the new id becomes the schedule’s last task. Its next run and repeats are left alone.`,
    ok: 'Run now',
    path: `${API}/scheduled/${encodeURIComponent(schedule.pk)}/run/`,
    result: (a) => `Schedule ${scheduleName(schedule)} queued as task ${a.task_id}.`,
    done,
    after,
  });
}

export function pause(schedule, { done, after }) {
  const repeats = schedule.repeats < 0 ? 'forever' : schedule.repeats;
  return perform({
    title: 'Pause a schedule',
    text: `Pause schedule ${scheduleName(schedule)}: repeats set to 0, so django-q’s scheduler skips it, the previous value (${repeats}) remembered; resume restores it and moves next_run to the next future occurrence.`,
    ok: 'Pause',
    path: `${API}/scheduled/${encodeURIComponent(schedule.pk)}/pause/`,
    result: (a) => `Paused schedule ${scheduleName(schedule)}: repeats is 0 now${a.paused_repeats === undefined ? '' : `, ${a.paused_repeats < 0 ? 'forever' : a.paused_repeats} remembered for resume`}.`,
    done,
    after,
  });
}

export function resume(schedule, { done, after }) {
  return perform({
    title: 'Resume a schedule',
    text: `Resume schedule ${scheduleName(schedule)}: repeats restored to the value remembered when it was paused, and next_run moved to the next future occurrence, so runs missed while paused do not fire at once.`,
    ok: 'Resume',
    path: `${API}/scheduled/${encodeURIComponent(schedule.pk)}/resume/`,
    result: (a) => {
      const next = a.next_run ? `, next run ${dateCell(a.next_run).textContent} (${a.next_run})` : '';
      return `Resumed schedule ${scheduleName(schedule)}: repeats ${a.repeats < 0 ? 'forever' : a.repeats}${next}.`;
    },
    done,
    after,
  });
}

// ---- Buttons.

/** One task's buttons (failed: Retry; scheduled: Run now, Pause or Resume), labelled with the task. */
export function taskButtons(view, row, handlers) {
  if (!actionsAvailable()) return [];
  if (view === 'failed') {
    return [el('button', { type: 'button', class: 'action-retry', 'aria-label': `Retry failed task ${row.name ?? row.pk}`, onclick: () => retryOne(row, handlers) }, 'Retry')];
  }
  if (view === 'scheduled') {
    const name = row.name ?? `#${row.pk}`;
    const buttons = [el('button', { type: 'button', class: 'action-run', 'aria-label': `Run now schedule ${name}`, onclick: () => runNow(row, handlers) }, 'Run now')];
    if (row.paused === true) buttons.push(el('button', { type: 'button', class: 'action-resume', 'aria-label': `Resume schedule ${name}`, onclick: () => resume(row, handlers) }, 'Resume'));
    else if (row.paused === false) buttons.push(el('button', { type: 'button', class: 'action-pause secondary', 'aria-label': `Pause schedule ${name}`, onclick: () => pause(row, handlers) }, 'Pause'));
    return buttons;
  }
  return [];
}

/** Whether a list view has a per-row action column. */
export function hasRowActions(view) {
  return actionsAvailable() && (view === 'failed' || view === 'scheduled');
}

/** The failed table's bulk buttons, next to delete: the same selection, the same filters. */
export function bulkButtons(view, { ids, filters, count, matching, done, after }) {
  if (view !== 'failed' || !actionsAvailable()) return [];
  return [
    el('button', { type: 'button', id: 'retry-selected', disabled: !ids.length, onclick: () => retryMany({ items: ids }, { done, after }) }, `Retry selected (${number(ids.length)})`),
    filters && count
      ? el('button', { type: 'button', id: 'retry-matching', onclick: () => retryMany({ filters }, { count, done, after }) }, `Retry all ${number(count)} ${matching ? 'matching' : 'failed tasks'}…`)
      : null,
  ].filter(Boolean);
}

// ---- The detail drawer: it dispatches `bgtasks:drawer` with an empty footer to fill.

/** The footer the drawer rendered last for each task (refresh() may render a new one, or refill the same). */
const footers = new Map();
/** Which task's buttons each footer holds now. */
const footerTask = new WeakMap();

/**
 * The footer that still shows this task's buttons, if any. None when the
 * drawer no longer shows the task: the footer removed, or emptied (the
 * drawer empties it when the task is gone — a retried failure's 404), or
 * now another task's, or the drawer closed.
 */
function footerShowing(key) {
  const footer = footers.get(key);
  if (!footer?.isConnected || footerTask.get(footer) !== key) return undefined;
  return footer.querySelector('button') && footer.getClientRects().length ? footer : undefined;
}

function showIn(footer, message, { error = false } = {}) {
  footer.querySelector('.action-result')?.remove();
  const note = el('p', { class: `action-result ${error ? 'alert' : 'notice'}`, role: error ? 'alert' : 'status', tabindex: '-1', text: message });
  footer.append(note);
  note.focus();
}

function onDrawer(event) {
  const { view, pk, data, footer, refresh } = event.detail ?? {};
  if (!(footer instanceof Element)) return;
  const key = `${view}:${pk}`;
  footers.set(key, footer);
  footerTask.set(footer, key);
  const row = { ...(data ?? {}), pk: data?.pk ?? pk };
  footer.replaceChildren(
    ...taskButtons(view, row, {
      after: async () => {
        try {
          await refresh?.();
        } catch {
          // The drawer reports its own failures; the action's result is still shown.
        }
      },
      // After the refresh: in the drawer as it is now. When it no longer shows the task (a retried
      // failure is gone), the page's alert — and a modal drawer left open on this task is closed
      // first, since everything behind a modal dialog is inert (neither focusable nor announced).
      done: (message, options = {}) => {
        const target = footerShowing(key);
        if (target) return showIn(target, message, options);
        const last = footers.get(key);
        const drawer = last?.isConnected && footerTask.get(last) === key ? last.closest('dialog[open]') : null;
        if (!drawer) return announce(message, options);
        // After the drawer's own close handling (which returns focus to the table), so focus ends on the result.
        drawer.addEventListener('close', () => announce(message, options), { once: true });
        drawer.close();
      },
    }),
  );
}

/** Once per page: where results go when no drawer shows them, and the drawer listener. */
export function installActions({ announce: report }) {
  announce = report;
  document.addEventListener('bgtasks:drawer', onDrawer);
}
