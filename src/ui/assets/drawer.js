// The detail drawer: everything the view's detail endpoint
// (GET /api/background-task/<view>/<id>/) returns for one row, in a modal
// <dialog> at the side of the page. Opened by a row's "Details" button or a
// click on the row; its state is `?task=<id>` in the URL, so a link opens it
// and Back closes it. Escape (the dialog's own) closes it and focus returns
// to the row's button. Task data only ever goes into textContent.
//
// After each render the footer (`[data-drawer-actions]`, emptied first) is
// handed to whoever listens, with the data and a refresh():
//   document.addEventListener('bgtasks:drawer', (e) => e.detail = {view, pk, data, footer, refresh})

import { api, redirectIfSignedOut } from './api.js';
import { dateCell, el, number } from './format.js';

/** Values longer than this are cut, with a button that shows all. */
export const DRAWER_TRUNCATE_AT = 600;

const NOUN = { pending: 'Pending task', scheduled: 'Schedule', failed: 'Failed task', succeeded: 'Succeeded task' };

/** The traceback text of a failure's result: django-q stores "<message> : Traceback …". */
export function tracebackText(result) {
  if (typeof result !== 'string') return '';
  const at = result.indexOf('Traceback (most recent call last):');
  return at === -1 ? result : result.slice(at);
}

/** What a pending task's lock means (docs/task-detail.md, "Pending rows"). */
export function lockMeaning(data) {
  if (data.lock_state === 'locked') return 'Locked: a worker claimed this task and holds it until the time below; no other worker takes it before then.';
  return 'Waiting: any worker may take this task now.';
}

/** A schedule's repeats in words. */
export function repeatsText(data) {
  if (data.repeats_left === null || data.repeats_left === undefined) return 'Forever';
  if (data.repeats_left === 0) return data.paused ? 'None (paused)' : 'None left';
  return `${number(data.repeats_left)} more ${data.repeats_left === 1 ? 'run' : 'runs'}`;
}

function muted(text = '—') {
  return el('span', { class: 'muted', text });
}

function plain(value) {
  return value === null || value === undefined || value === '' ? muted() : el('span', { text: String(value) });
}

/** Preformatted text, cut at DRAWER_TRUNCATE_AT with a button that shows the rest. */
function block(value, label) {
  if (value === null || value === undefined) return muted();
  const text = String(value);
  const pre = el('pre', { class: 'value', tabindex: '0', 'aria-label': label });
  if (text.length <= DRAWER_TRUNCATE_AT) {
    pre.textContent = text;
    return pre;
  }
  pre.textContent = `${text.slice(0, DRAWER_TRUNCATE_AT)}…`;
  const more = el('button', { type: 'button', class: 'secondary show-all' }, `Show all ${number(text.length)} characters`);
  more.addEventListener('click', () => {
    pre.textContent = text;
    more.remove();
    pre.focus();
  });
  return el('div', { class: 'long-value' }, pre, more);
}

function json(value, label) {
  if (value === null || value === undefined) return muted('Not representable as JSON');
  return block(JSON.stringify(value, null, 2), label);
}

/** A definition list of [label, node] pairs (undefined entries skipped). */
function fields(pairs) {
  return el(
    'dl',
    { class: 'fields' },
    pairs.filter(Boolean).map(([label, node]) => el('div', { class: 'field-row' }, el('dt', { text: label }), el('dd', {}, node))),
  );
}

function section(title, ...children) {
  return el('section', { class: 'drawer-section' }, el('h3', { text: title }), ...children);
}

function argumentsSection(data, { asStored = false } = {}) {
  const note = asStored ? ' (as stored)' : ' (Python repr)';
  const parts = [
    ['Arguments' + note, block(data.args, 'Arguments')],
    ['Keyword arguments' + note, block(data.kwargs, 'Keyword arguments')],
  ];
  if ('args_json' in data) parts.push(['Arguments as JSON', json(data.args_json, 'Arguments as JSON')]);
  if ('kwargs_json' in data) parts.push(['Keyword arguments as JSON', json(data.kwargs_json, 'Keyword arguments as JSON')]);
  return section('Arguments', fields(parts));
}

function frameList(frames) {
  if (!frames.length) return el('p', { class: 'muted', text: 'No frames were printed.' });
  return el(
    'ol',
    { class: 'frames' },
    frames.map((f) =>
      el(
        'li',
        { class: 'frame' },
        el(
          'div',
          { class: 'frame-where' },
          el('code', { class: 'frame-file', text: f.file }),
          el('span', { class: 'frame-sep', text: ', line ' }),
          el('span', { class: 'frame-line', text: f.line === null ? '?' : String(f.line) }),
          el('span', { class: 'frame-sep', text: ', in ' }),
          el('code', { class: 'frame-function', text: f.function ?? '?' }),
        ),
        f.source === null ? null : el('pre', { class: 'frame-source', text: f.source }),
        f.repeated ? el('p', { class: 'muted frame-repeated', text: `Repeated ${number(f.repeated)} more times.` }) : null,
      ),
    ),
  );
}

const LINKS = {
  cause: 'The above exception was the direct cause of the following exception:',
  context: 'During handling of the above exception, another exception occurred:',
};

function exceptionBlock(exc, cls) {
  return el(
    'div',
    { class: `exception ${cls}` },
    el('p', { class: 'exception-head' }, el('code', { class: 'exception-type', text: exc.type ?? '(no type printed)' }), el('span', { class: 'exception-message', text: exc.message })),
    frameList(exc.frames),
  );
}

function errorSection(data, announce) {
  const error = data.error;
  const text = tracebackText(data.result);
  const raw = el('pre', { class: 'traceback-text', tabindex: '0', text });
  const rawBox = el('details', { class: 'raw-traceback' }, el('summary', { text: 'The traceback as text' }), raw);
  const copy = el('button', { type: 'button', id: 'copy-traceback', class: 'secondary' }, 'Copy traceback');
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(text);
      announce('Traceback copied to the clipboard.');
    } catch {
      // No clipboard access (insecure origin, permission): select the text instead.
      rawBox.open = true;
      const range = document.createRange();
      range.selectNodeContents(raw);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      raw.focus();
      announce('The clipboard is not available here: the traceback is selected, press Ctrl+C (⌘C) to copy it.');
    }
  });
  const parts = [];
  if (error) {
    error.chain.forEach((exc) => {
      parts.push(exceptionBlock(exc, 'chained'));
      if (exc.link) parts.push(el('p', { class: 'chain-link', text: LINKS[exc.link] }));
    });
    parts.push(exceptionBlock(error, 'main'));
  } else {
    parts.push(el('p', { class: 'muted', text: 'The result is not a Python traceback; it is shown as is below.' }));
  }
  return section('Error', el('div', { class: 'buttons' }, copy), ...parts, rawBox);
}

function renderTask(data, view, announce) {
  const summary = fields([
    ['ID', el('code', { text: data.pk })],
    ['Name', plain(data.name)],
    ['Function', el('code', { class: 'name', text: data.func })],
    ['Outcome', el('span', { class: data.success ? 'ok' : 'bad', text: data.success ? 'Succeeded' : 'Failed' })],
    ['Group', plain(data.group)],
    ['Hook', plain(data.hook)],
    ['Cluster', plain(data.cluster)],
    ['Enqueued (started)', dateCell(data.started)],
    ['Stopped', dateCell(data.stopped)],
    ['Duration', plain(typeof data.duration === 'number' ? `${data.duration.toFixed(3)} s (including the wait in the queue)` : null)],
    ['Attempts', plain(data.attempt_count)],
  ]);
  const result = section(
    'Result',
    fields([
      ['Result (str)', block(data.result, 'Result')],
      ['Result (repr)', block(data.result_repr, 'Result repr')],
      ['Result as JSON', json(data.result_json, 'Result as JSON')],
    ]),
  );
  return [section('Task', summary), view === 'failed' || data.error ? errorSection(data, announce) : null, argumentsSection(data), result];
}

function renderPending(data) {
  const undecoded = data.signature === null;
  const options = Object.entries(data.options ?? {});
  return [
    undecoded ? el('p', { class: 'alert', text: `The payload did not decode (${data.task_id ?? 'unknown error'}): only the row's columns are known.` }) : null,
    section(
      'Task',
      fields([
        ['Queue row', el('code', { text: String(data.pk) })],
        ['Task ID', plain(data.task_id)],
        ['Name', plain(data.name)],
        ['Function', data.func ? el('code', { class: 'name', text: data.func }) : muted()],
        ['Queue (cluster)', plain(data.key)],
        ['Group', plain(data.group)],
        ['Hook', plain(data.hook)],
        ['Timeout', plain(data.timeout === null ? null : `${data.timeout} s`)],
        ['Target cluster', plain(data.cluster)],
        ['Enqueued (started)', dateCell(data.started)],
        ['Signed at', dateCell(data.enqueued)],
        ['Signature', plain(data.signature)],
      ]),
    ),
    section(
      'Lock',
      el('p', { class: 'lock-meaning', text: lockMeaning(data) }),
      fields([
        ['Lock', dateCell(data.lock)],
        ['Locked until', dateCell(data.locked_until)],
      ]),
    ),
    argumentsSection(data),
    section('Options', options.length ? fields(options.map(([k, v]) => [k, block(v, k)])) : el('p', { class: 'muted', text: 'No other option.' })),
  ];
}

function runLink(run) {
  const view = run.success ? 'succeeded' : 'failed';
  return el('a', { href: `/dashboard/${view}/?task=${encodeURIComponent(run.pk)}` }, el('span', { text: 'Open' }), el('span', { class: 'sr-only', text: ` the run ${run.name}` }));
}

function renderSchedule(data) {
  const nextRuns = data.next_runs_error
    ? el('p', { class: 'alert', text: `The next runs cannot be computed: ${data.next_runs_error}` })
    : data.next_runs.length
      ? el('ol', { class: 'next-runs' }, data.next_runs.map((d) => el('li', {}, dateCell(d))))
      : el('p', { class: 'muted', text: 'None: the schedule will not run again.' });
  const runs = data.runs.length
    ? el(
        'div',
        { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Last runs' },
        el(
          'table',
          { class: 'runs' },
          el('thead', {}, el('tr', {}, ['Started', 'Stopped', 'Outcome', 'Attempts', 'Detail'].map((h) => el('th', { scope: 'col', text: h })))),
          el(
            'tbody',
            {},
            data.runs.map((run) =>
              el(
                'tr',
                { 'data-run': run.pk },
                el('td', { 'data-label': 'Started' }, dateCell(run.started)),
                el('td', { 'data-label': 'Stopped' }, dateCell(run.stopped)),
                el('td', { 'data-label': 'Outcome', class: run.success ? 'ok' : 'bad', text: run.success ? 'Succeeded' : 'Failed' }),
                el('td', { 'data-label': 'Attempts', text: String(run.attempt_count) }),
                el('td', { 'data-label': 'Detail' }, runLink(run)),
              ),
            ),
          ),
        ),
      )
    : el('p', { class: 'muted', text: 'No task of this schedule is recorded.' });
  return [
    section(
      'Schedule',
      fields([
        ['ID', el('code', { text: String(data.pk) })],
        ['Name', plain(data.name)],
        ['Function', el('code', { class: 'name', text: data.func })],
        ['Type', el('span', { class: 'schedule-type', text: data.schedule_type_display })],
        data.schedule_type === 'I' ? ['Every', plain(data.minutes === null ? null : `${number(data.minutes)} minutes`)] : undefined,
        data.schedule_type === 'C' || data.cron ? ['Cron', data.cron ? el('code', { class: 'cron', text: data.cron }) : muted()] : undefined,
        ['Repeats', el('span', { class: 'repeats', text: repeatsText(data) })],
        ['Paused', plain(data.paused ? 'Yes (through this API)' : 'No')],
        ['Hook', plain(data.hook)],
        ['Cluster', plain(data.cluster)],
        ['Intended date keyword', plain(data.intended_date_kwarg)],
        ['Last task', data.task ? el('code', { text: data.task }) : muted()],
        ['Last run', dateCell(data.last_run)],
        ['Last result', plain(data.success === null ? null : data.success ? 'Succeeded' : 'Failed')],
      ]),
    ),
    section('Next runs', nextRuns),
    section(`Last runs (${number(data.runs.length)})`, runs),
    argumentsSection(data, { asStored: true }),
  ];
}

function titleOf(view, data) {
  if (view === 'scheduled') return `${NOUN[view]}: ${data.name || `#${data.pk}`}`;
  return `${NOUN[view]}: ${data.name ?? data.task_id ?? data.pk}`;
}

/** The drawer's URL parameter. */
export function taskParam(search = location.search) {
  return new URLSearchParams(search).get('task') ?? '';
}

function urlWithTask(pk) {
  const q = new URLSearchParams(location.search);
  if (pk) q.set('task', pk);
  else q.delete('task');
  const query = q.toString();
  return `${location.pathname}${query ? `?${query}` : ''}`;
}

/**
 * Mounts the drawer of a list view. `listPath` is the view's API list
 * (`/api/background-task/failed/`); `refreshTable` reloads the rows.
 */
export function mountDrawer(view, listPath, { refreshTable }) {
  const dialog = document.getElementById('drawer');
  const title = document.getElementById('drawer-title');
  const body = document.getElementById('drawer-body');
  const footer = dialog.querySelector('[data-drawer-actions]');
  const status = el('p', { class: 'drawer-status', role: 'status' });
  let current = '';
  let opener = null;
  let loading;

  function announce(message) {
    status.textContent = message;
  }

  async function render(pk) {
    loading?.abort();
    const controller = new AbortController();
    loading = controller;
    dialog.setAttribute('aria-busy', 'true');
    let data;
    try {
      data = await api(`${listPath}${encodeURIComponent(pk)}/`, { signal: controller.signal });
    } catch (err) {
      if (controller.signal.aborted) return;
      if (redirectIfSignedOut(err)) return;
      title.textContent = `${NOUN[view]} ${pk}`;
      footer.replaceChildren();
      body.replaceChildren(el('p', { class: 'alert', id: 'drawer-error', text: err.status === 404 ? `${err.message} It is not in this list (any more).` : err.message }), status);
      dialog.setAttribute('aria-busy', 'false');
      dialog.dataset.loaded = 'true';
      return;
    }
    if (controller.signal.aborted) return;
    title.textContent = titleOf(view, data);
    const parts = view === 'pending' ? renderPending(data) : view === 'scheduled' ? renderSchedule(data) : renderTask(data, view, announce);
    status.textContent = '';
    body.replaceChildren(...parts.filter(Boolean), status);
    footer.replaceChildren();
    dialog.setAttribute('aria-busy', 'false');
    dialog.dataset.loaded = 'true';
    document.dispatchEvent(new CustomEvent('bgtasks:drawer', { detail: { view, pk, data, footer, refresh } }));
  }

  /** Re-fetches the drawer's task and the table's rows. */
  async function refresh() {
    await Promise.all([current ? render(current) : undefined, refreshTable()]);
  }

  async function show(pk, { push = true } = {}) {
    current = String(pk);
    if (push && taskParam() !== current) history.pushState(null, '', urlWithTask(current));
    dialog.dataset.loaded = 'false';
    dialog.dataset.pk = current;
    title.textContent = `${NOUN[view]} ${current}`;
    body.replaceChildren(el('p', { class: 'muted', text: 'Loading…' }));
    footer.replaceChildren();
    if (!dialog.open) dialog.showModal();
    title.focus();
    await render(current);
  }

  function returnFocus() {
    const pk = current;
    current = '';
    // The row's button (the table may have re-rendered since), else the one that opened it, else the main area.
    const target =
      document.querySelector(`button[data-details="${CSS.escape(pk)}"]`) ?? (opener?.isConnected ? opener : null) ?? document.getElementById('main');
    opener = null;
    target.focus();
  }

  dialog.addEventListener('close', () => {
    loading?.abort();
    if (taskParam()) history.pushState(null, '', urlWithTask(''));
    returnFocus();
  });
  document.getElementById('drawer-close').addEventListener('click', () => dialog.close());
  // A click on the backdrop (outside the panel) closes it too.
  dialog.addEventListener('click', (e) => {
    if (e.target === dialog) {
      const r = dialog.getBoundingClientRect();
      if (e.clientX < r.left || e.clientX > r.right || e.clientY < r.top || e.clientY > r.bottom) dialog.close();
    }
  });
  window.addEventListener('popstate', () => {
    const pk = taskParam();
    if (pk && pk !== current) void show(pk, { push: false });
    else if (!pk && dialog.open) dialog.close();
  });

  if (taskParam()) void show(taskParam(), { push: false });

  return {
    open(pk, from) {
      opener = from ?? null;
      return show(pk);
    },
    refresh,
  };
}
