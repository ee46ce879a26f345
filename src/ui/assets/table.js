// The list views: rows from the API's list endpoint with the view's state in
// the URL (the API's own query parameters), search with the regex and
// whole-word options, ordering by column, paging, and bulk delete with a
// confirmation that states exactly what will be sent. With the extensions on:
// the func / group / date filters (also in the URL) and a "Details" button
// per row (and a click on the row) that opens the detail drawer (drawer.js).

import { bulkButtons, filtersText, hasRowActions, listFiltered, taskButtons } from './actions.js';
import { api, redirectIfSignedOut } from './api.js';
import { dateCell, dottedName, el, longText, number, TRUNCATE_AT, utcInstantText } from './format.js';

const PAGE_SIZES = [10, 25, 50, 100];
const DEFAULT_LIMIT = 25;

/**
 * django-q2's Schedule.TYPE labels: the server writes them into the scheduled
 * view's page (src/djangoq/schedule.ts SCHEDULE_TYPE_NAMES, the one copy).
 */
let scheduleTypes;
function scheduleTypeName(code) {
  scheduleTypes ??= JSON.parse(document.body.dataset.scheduleTypes ?? '{}');
  return scheduleTypes[code] ?? code;
}

/** What a finished task (failed or succeeded) shows after its name, function and group. */
const TASK_RUN_COLUMNS = [
  { key: 'args', label: 'Arguments', long: true },
  { key: 'kwargs', label: 'Keyword arguments', long: true },
  { key: 'started', label: 'Started', date: true, order: 'started' },
  { key: 'stopped', label: 'Stopped', date: true, order: 'stopped' },
  { key: 'attempt_count', label: 'Attempts' },
  { key: 'result', label: 'Result', long: true },
];

/** Columns per view; `order` is the API's ordering field, where it has one. */
export const VIEWS = {
  pending: {
    noun: 'pending task',
    deletable: true,
    columns: [
      { key: 'pk', label: 'ID' },
      { key: 'name', label: 'Name' },
      { key: 'func', label: 'Function', long: true, dotted: true },
      { key: 'args', label: 'Arguments', long: true },
      { key: 'kwargs', label: 'Keyword arguments', long: true },
      { key: 'lock', label: 'Locked until', date: true },
    ],
  },
  scheduled: {
    noun: 'schedule',
    searchable: true,
    defaultOrder: 'next_run',
    columns: [
      { key: 'pk', label: 'ID', order: 'pk' },
      { key: 'name', label: 'Name' },
      { key: 'func', label: 'Function', order: 'func', long: true, dotted: true },
      { key: 'args', label: 'Arguments', long: true },
      { key: 'kwargs', label: 'Keyword arguments', long: true },
      { key: 'schedule_type', label: 'Type', format: scheduleTypeName },
      { key: 'repeats', label: 'Repeats', format: (v) => (v < 0 ? 'forever' : String(v)) },
      // An extension: shown only when the list returns it.
      { key: 'paused', label: 'State', optional: true, format: (v) => (v ? 'Paused' : 'Active') },
      { key: 'last_run', label: 'Last run', date: true, order: 'last_run' },
      { key: 'next_run', label: 'Next run', date: true, order: 'next_run' },
      { key: 'success', label: 'Last result', format: (v) => (v === null ? '—' : v ? 'succeeded' : 'failed') },
    ],
  },
  failed: {
    noun: 'failed task',
    searchable: true,
    deletable: true,
    defaultOrder: '-stopped',
    columns: [
      { key: 'name', label: 'Name' },
      { key: 'func', label: 'Function', order: 'func', long: true, dotted: true },
      ...TASK_RUN_COLUMNS,
    ],
  },
  succeeded: {
    noun: 'succeeded task',
    searchable: true,
    defaultOrder: '-stopped',
    columns: [
      { key: 'name', label: 'Name' },
      { key: 'func', label: 'Function', order: 'func', long: true, dotted: true },
      { key: 'group', label: 'Group', order: 'group' },
      ...TASK_RUN_COLUMNS,
    ],
  },
};

/** The list filters (the API's parameter names; failed and succeeded lists, extensions on). */
export const FILTERS = ['func', 'group', 'started_after', 'started_before'];

const truthy = (v) => /^(1|y|yes|t|true|on|ok)$/i.test(v ?? '');

/** The view's state, read from the page URL (the API's parameter names). */
export function readState(search = location.search) {
  const q = new URLSearchParams(search);
  const limit = Number.parseInt(q.get('limit') ?? '', 10);
  const offset = Number.parseInt(q.get('offset') ?? '', 10);
  return {
    search: q.get('search') ?? '',
    regex: truthy(q.get('search_regex')),
    whole: truthy(q.get('search_whole')),
    ordering: q.get('ordering') ?? '',
    limit: PAGE_SIZES.includes(limit) ? limit : DEFAULT_LIMIT,
    offset: Number.isFinite(offset) && offset > 0 ? offset : 0,
    filters: Object.fromEntries(FILTERS.map((name) => [name, q.get(name) ?? ''])),
  };
}

/** Whether any list filter is set. */
export function filtered(state) {
  return FILTERS.some((name) => state.filters?.[name]);
}

/** A datetime-local input's value (browser time) as the API's ISO 8601 instant; '' stays ''. */
export function localInputToIso(value) {
  if (!value) return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

/** An ISO 8601 value from the URL as a datetime-local value in browser time ('' when it cannot be read). */
export function isoToLocalInput(value) {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 19);
}

/** The view's query string (the API's parameter names); `forApi`: always with limit and offset. */
export function toQuery(state, { forApi = false } = {}) {
  const q = new URLSearchParams();
  if (state.search) q.set('search', state.search);
  if (state.regex) q.set('search_regex', 'true');
  if (state.whole) q.set('search_whole', 'true');
  if (state.ordering) q.set('ordering', state.ordering);
  for (const name of FILTERS) if (state.filters?.[name]) q.set(name, state.filters[name]);
  if (forApi || state.limit !== DEFAULT_LIMIT) q.set('limit', String(state.limit));
  if (forApi || state.offset) q.set('offset', String(state.offset));
  return q.toString();
}

/** Python's str.isspace() characters: the API splits `search` on these (src/http/python-query.ts). */
const PY_WS_CHARS = '\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const PY_WS = new RegExp(`[${PY_WS_CHARS}]+`);

/** The search terms exactly as the API makes them (DRF 3.14: NUL removed, commas are separators, blanks dropped). */
export function searchTerms(text) {
  return (text ?? '').replace(/\0/g, '').replace(/,/g, ' ').split(PY_WS).filter(Boolean);
}

/**
 * An exact-match value both implementations compare identically: PostgreSQL
 * text holds no NUL; a lone surrogate is not sent as the same text in the URL
 * (U+FFFD) and in the JSON body (`\ud800`), so it is not mapped either.
 */
const exactValue = (value) => !value.includes('\0') && value.isWellFormed();

/**
 * The bulk filters (`DELETE …/failed/`, `POST …/failed/retry/`) that select
 * exactly the rows the failed list shows for this state, or undefined when
 * they cannot say it (only "selected" is offered then). Checked row for row
 * against the list on both databases: test/ui/all-matching.test.ts.
 *
 * - search: none, or one plain term (DRF's search is `func__icontains` per
 *   term); a regex, whole-word or several-term search has no equivalent;
 * - func, group: `func`, `group` (exact, as the list's filters; an empty
 *   value filters nothing in the list and is left out);
 * - started_after / started_before: `started__gte` / `started__lte` (both
 *   ends included), for UTC instants only (see UTC_INSTANT).
 *
 * `listFilters: false` (the extensions off: the API ignores the list
 * filters, so the page cannot say what it shows) offers nothing while one
 * is set.
 */
export function filtersForState(viewName, state, { listFilters = true } = {}) {
  if (viewName !== 'failed') return undefined;
  const out = {};
  const terms = searchTerms(state.search);
  if (terms.length > 1 || (terms.length && (state.regex || state.whole))) return undefined;
  if (terms.length) out.func__icontains = terms[0];
  if (filtered(state)) {
    if (!listFilters) return undefined;
    const { func, group, started_after: after, started_before: before } = state.filters;
    for (const [key, value] of [['func', func], ['group', group]]) {
      if (!value) continue;
      if (!exactValue(value)) return undefined;
      out[key] = value;
    }
    for (const [key, value] of [['started__gte', after], ['started__lte', before]]) {
      if (!value) continue;
      if (!utcInstantText(value)) return undefined;
      out[key] = value;
    }
  }
  return Object.keys(out).length ? out : { success: false };
}

/** Why "all matching" is not offered for this state ('' when it is, or when nothing narrows the list). */
export function notMatchingReason(viewName, state, options = {}) {
  if (viewName !== 'failed' || filtersForState(viewName, state, options)) return '';
  const terms = searchTerms(state.search);
  if (terms.length > 1 || (terms.length && (state.regex || state.whole)))
    return 'The API’s delete filters cannot express this search (regular expression, whole words or several words): select rows to act on them.';
  if (!filtered(state)) return '';
  if (options.listFilters === false) return 'The API ignores these filters here (its extensions are off): select rows to act on them.';
  return 'The API’s delete filters cannot express these filters exactly (a date without “Z”, i.e. in the server’s time zone, or more than six fractional digits): select rows to act on them.';
}

export function mountTable(viewName, apiPath, { readOnly, showAlert, clearAlert, announce, onDetails }) {
  const view = VIEWS[viewName];
  const table = document.getElementById('rows');
  const thead = table.tHead;
  const tbody = table.tBodies[0];
  const summary = document.getElementById('summary');
  const pager = document.getElementById('pager');
  const bulk = document.getElementById('bulk');
  const form = document.getElementById('search');
  const filterForm = document.getElementById('filters');
  const dialog = document.getElementById('confirm');
  const canDelete = view.deletable && !readOnly;
  /** The list filters reach the API only with the extensions on (the filter form is rendered then). */
  const matchOptions = { listFilters: Boolean(filterForm) };
  /** Retry / run now / pause / resume per row (actions.js; none when read-only or without extensions). */
  const rowActions = !readOnly && hasRowActions(viewName);
  const actionHandlers = { done: (message, options) => announce(message, options), after: () => load() };
  const columns = () => view.columns.filter((c) => !c.optional || page.results.some((r) => c.key in r));
  let state = readState();
  let page = { count: 0, results: [] };
  const selected = new Set();
  let loading;
  /** The view's total in the live overview: the latest, and the one when the rows were loaded. */
  const totalKey = { pending: 'pending_tasks', scheduled: 'scheduled_tasks', failed: 'failed_tasks' }[viewName];
  // The snapshot has no succeeded total: no "list changed" notice there.
  let latestTotal;
  let loadedTotal;
  const changed = el('div', { id: 'changed', class: 'notice', hidden: true });
  document.getElementById('summary').before(changed);

  function onSnapshot(snapshot) {
    latestTotal = snapshot[totalKey];
    // The first figure after the rows arrived is the baseline.
    if (loadedTotal === undefined && document.body.dataset.loaded === 'true') loadedTotal = latestTotal;
    if (loadedTotal === undefined || latestTotal === loadedTotal) {
      changed.hidden = true;
      return;
    }
    changed.replaceChildren(
      el('span', { role: 'status', text: `The list changed: ${number(latestTotal)} ${view.noun}s now, ${number(loadedTotal)} when it was shown. ` }),
      el('button', { type: 'button', id: 'refresh', onclick: () => void load() }, 'Refresh'),
    );
    changed.hidden = false;
  }

  table.setAttribute('aria-busy', 'true');

  function go(next, { replace = false } = {}) {
    state = { ...state, ...next };
    const query = toQuery(state);
    const url = `${location.pathname}${query ? `?${query}` : ''}`;
    if (replace) history.replaceState(null, '', url);
    else history.pushState(null, '', url);
    void load();
  }

  function syncForm() {
    if (!form) return;
    form.elements.search.value = state.search;
    form.elements.search_regex.checked = state.regex;
    form.elements.search_whole.checked = state.whole;
    if (!filterForm) return;
    filterForm.elements.func.value = state.filters.func;
    filterForm.elements.group.value = state.filters.group;
    filterForm.elements.started_after.value = isoToLocalInput(state.filters.started_after);
    filterForm.elements.started_before.value = isoToLocalInput(state.filters.started_before);
  }

  function effectiveOrder() {
    return state.ordering || view.defaultOrder || '';
  }

  function renderHead() {
    const order = effectiveOrder();
    const cells = [];
    if (canDelete) {
      const all = el('input', {
        type: 'checkbox',
        id: 'select-page',
        'aria-label': 'Select every row on this page',
        onchange: (e) => {
          for (const row of page.results) e.target.checked ? selected.add(row.pk) : selected.delete(row.pk);
          renderBody();
          renderBulk();
        },
      });
      all.checked = page.results.length > 0 && page.results.every((r) => selected.has(r.pk));
      cells.push(el('th', { scope: 'col', class: 'select' }, all));
    }
    if (onDetails) cells.push(el('th', { scope: 'col', class: 'details' }, el('span', { class: 'sr-only', text: 'Details' })));
    for (const col of columns()) {
      if (!col.order) {
        cells.push(el('th', { scope: 'col', text: col.label }));
        continue;
      }
      const sort = order === col.order ? 'ascending' : order === `-${col.order}` ? 'descending' : 'none';
      const nextOrder = sort === 'ascending' ? `-${col.order}` : col.order;
      const button = el(
        'button',
        {
          type: 'button',
          class: 'sort',
          'data-order': col.order,
          title: `Order by ${col.label.toLowerCase()}, ${sort === 'ascending' ? 'descending' : 'ascending'}`,
          onclick: () => go({ ordering: nextOrder, offset: 0 }),
        },
        col.label,
        el('span', { class: 'arrow', 'aria-hidden': 'true', text: sort === 'ascending' ? '▲' : sort === 'descending' ? '▼' : '↕' }),
      );
      cells.push(el('th', { scope: 'col', 'aria-sort': sort }, button));
    }
    if (rowActions) cells.push(el('th', { scope: 'col', text: 'Actions' }));
    thead.replaceChildren(el('tr', {}, cells));
  }

  function cell(col, row) {
    const value = row[col.key];
    if (col.date) return dateCell(value);
    if (col.format) return col.format(value);
    if (col.dotted && typeof value === 'string' && value.length <= TRUNCATE_AT) return dottedName(value);
    if (col.long) return longText(value, col.label);
    return value === null || value === undefined ? '—' : String(value);
  }

  function renderBody() {
    if (!page.results.length) {
      const span = columns().length + (canDelete ? 1 : 0) + (rowActions ? 1 : 0) + (onDetails ? 1 : 0);
      const narrowed = state.search || filtered(state);
      tbody.replaceChildren(el('tr', {}, el('td', { colspan: span, class: 'empty', text: narrowed ? 'No task matches this search and these filters.' : 'Nothing here.' })));
      return;
    }
    tbody.replaceChildren(
      ...page.results.map((row) => {
        const cells = [];
        if (canDelete) {
          const box = el('input', {
            type: 'checkbox',
            class: 'row-select',
            'aria-label': `Select ${view.noun} ${row.name ?? row.pk}`,
            onchange: (e) => {
              e.target.checked ? selected.add(row.pk) : selected.delete(row.pk);
              renderBulk();
              const all = document.getElementById('select-page');
              if (all) all.checked = page.results.every((r) => selected.has(r.pk));
            },
          });
          box.checked = selected.has(row.pk);
          cells.push(el('td', { class: 'select' }, box));
        }
        if (onDetails) {
          const label = row.name ?? row.task_id ?? row.pk;
          cells.push(
            el(
              'td',
              { class: 'details' },
              el('button', { type: 'button', class: 'details secondary', 'data-details': row.pk, onclick: (e) => onDetails(row.pk, e.currentTarget) }, 'Details', el('span', { class: 'sr-only', text: ` of ${label}` })),
            ),
          );
        }
        for (const col of columns()) cells.push(el('td', { 'data-label': col.label, class: col.key }, cell(col, row)));
        if (rowActions) cells.push(el('td', { 'data-label': 'Actions', class: 'actions' }, el('div', { class: 'row-actions' }, taskButtons(viewName, row, actionHandlers))));
        return el('tr', { 'data-pk': row.pk, class: onDetails ? 'openable' : undefined }, cells);
      }),
    );
  }

  function renderSummary() {
    const count = page.count;
    if (!count) {
      summary.textContent = `No ${view.noun}s${state.search || filtered(state) ? ' match' : ''}.`;
      return;
    }
    const first = state.offset + 1;
    const last = state.offset + page.results.length;
    summary.textContent = `${number(first)}–${number(last)} of ${number(count)} ${view.noun}s${state.search ? ` matching “${state.search}”` : ''}${filtered(state) ? ' (filtered)' : ''}.`;
  }

  function renderPager() {
    const pages = Math.max(1, Math.ceil(page.count / state.limit));
    const current = Math.floor(state.offset / state.limit) + 1;
    const size = el(
      'select',
      { id: 'page-size', onchange: (e) => go({ limit: Number(e.target.value), offset: 0 }) },
      PAGE_SIZES.map((n) => el('option', { value: n, selected: n === state.limit, text: String(n) })),
    );
    pager.replaceChildren(
      el('button', { type: 'button', id: 'prev', disabled: current <= 1, onclick: () => go({ offset: Math.max(0, state.offset - state.limit) }) }, 'Previous'),
      el('span', { class: 'page-of', text: `Page ${number(current)} of ${number(pages)}` }),
      el('button', { type: 'button', id: 'next', disabled: current >= pages, onclick: () => go({ offset: state.offset + state.limit }) }, 'Next'),
      el('label', { for: 'page-size', class: 'size' }, 'Rows per page '),
      size,
    );
  }

  function renderBulk() {
    if (!bulk) return;
    bulk.hidden = !canDelete;
    if (!canDelete) return;
    const filters = filtersForState(viewName, state, matchOptions);
    const ids = [...selected];
    const matching = Boolean(state.search || filtered(state));
    const reason = notMatchingReason(viewName, state, matchOptions);
    const parts = [
      el(
        'button',
        { type: 'button', id: 'delete-selected', class: 'danger', disabled: !ids.length, onclick: () => confirmDelete({ items: ids }) },
        `Delete selected (${number(ids.length)})`,
      ),
      filters && page.count
        ? el('button', { type: 'button', id: 'delete-matching', class: 'danger', onclick: () => confirmDelete({ filters }) }, `Delete all ${number(page.count)} ${matching ? 'matching' : view.noun + 's'}…`)
        : null,
      ...bulkButtons(viewName, {
        ids,
        filters,
        count: page.count,
        matching,
        done: actionHandlers.done,
        after: () => {
          selected.clear();
          return load();
        },
      }),
      reason && page.count ? el('p', { class: 'help', text: reason }) : null,
    ];
    bulk.replaceChildren(...parts.filter(Boolean));
  }

  function describe(body) {
    const n = body.items ? body.items.length : page.count;
    const plural = n === 1 ? view.noun : `${view.noun}s`;
    if (body.items) return `Delete ${number(n)} selected ${plural}? Ids that no longer exist are ignored. This cannot be undone.`;
    if (listFiltered(body.filters))
      return `Delete all ${number(n)} ${plural} matching ${filtersText(body.filters)}? Tasks that match by the time you confirm are deleted too. This cannot be undone.`;
    if (body.filters.func__icontains !== undefined)
      return `Delete all ${number(n)} ${plural} whose function name contains “${body.filters.func__icontains}” (any case)? Tasks that match by the time you confirm are deleted too. This cannot be undone.`;
    return `Delete all ${number(n)} ${plural}? Tasks that fail before you confirm are deleted too. This cannot be undone.`;
  }

  function confirmDelete(body) {
    document.getElementById('confirm-title').textContent = 'Delete tasks';
    document.getElementById('confirm-text').textContent = describe(body);
    document.getElementById('confirm-request').textContent = `DELETE ${apiPath}\n${JSON.stringify(body)}`;
    dialog.returnValue = '';
    dialog.onclose = async () => {
      if (dialog.returnValue !== 'ok') return;
      clearAlert();
      try {
        await api(apiPath, { method: 'DELETE', body });
        for (const id of body.items ?? []) selected.delete(id);
        if (!body.items) selected.clear();
        const before = page.count;
        await load();
        announce(`Deleted. The API accepted the request; ${number(Math.max(0, before - page.count))} fewer ${view.noun}s are listed now.`);
      } catch (err) {
        if (!redirectIfSignedOut(err)) announce(err.message, { error: true });
      }
    };
    dialog.showModal();
    document.getElementById('confirm-cancel').focus();
  }

  async function load() {
    loading?.abort();
    const controller = new AbortController();
    loading = controller;
    table.setAttribute('aria-busy', 'true');
    syncForm();
    try {
      const data = await api(`${apiPath}?${toQuery(state, { forApi: true })}`, { signal: controller.signal });
      page = Array.isArray(data) ? { count: data.length, results: data } : data;
      clearAlert();
    } catch (err) {
      if (controller.signal.aborted) return;
      if (redirectIfSignedOut(err)) return;
      page = { count: 0, results: [] };
      showAlert(err.message);
      if (err.status === 403) {
        // Not allowed to see the queue (not staff): nothing to show or act on.
        for (const id of ['bulk', 'summary', 'table-wrap', 'pager', 'search']) {
          const node = document.getElementById(id);
          if (node) node.hidden = true;
        }
        table.setAttribute('aria-busy', 'false');
        document.body.dataset.loaded = 'true';
        return;
      }
    }
    if (controller.signal.aborted) return;
    // A page past the end (rows deleted meanwhile): go to the last page.
    if (!page.results.length && page.count && state.offset >= page.count) {
      go({ offset: Math.max(0, Math.floor((page.count - 1) / state.limit) * state.limit) }, { replace: true });
      return;
    }
    loadedTotal = latestTotal;
    changed.hidden = true;
    renderHead();
    renderBody();
    renderSummary();
    renderPager();
    renderBulk();
    table.setAttribute('aria-busy', 'false');
    document.body.dataset.loaded = 'true';
  }

  if (form) {
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      go({
        search: form.elements.search.value.trim(),
        regex: form.elements.search_regex.checked,
        whole: form.elements.search_whole.checked,
        offset: 0,
      });
    });
  }
  if (filterForm) {
    filterForm.addEventListener('submit', (e) => {
      e.preventDefault();
      const f = filterForm.elements;
      go({
        filters: {
          func: f.func.value.trim(),
          group: f.group.value.trim(),
          started_after: localInputToIso(f.started_after.value),
          started_before: localInputToIso(f.started_before.value),
        },
        offset: 0,
      });
    });
    document.getElementById('filters-clear').addEventListener('click', () => go({ filters: Object.fromEntries(FILTERS.map((n) => [n, ''])), offset: 0 }));
  }
  if (onDetails) {
    // A click anywhere on a row opens its details, except on the row's own controls.
    tbody.addEventListener('click', (e) => {
      if (e.target.closest('button, a, input, label, summary, details, select')) return;
      if (String(window.getSelection?.() ?? '')) return; // selecting text is not a click on the row
      const tr = e.target.closest('tr[data-pk]');
      if (tr) onDetails(tr.dataset.pk, tr.querySelector('button.details'));
    });
  }
  window.addEventListener('popstate', () => {
    const next = readState();
    // Back/Forward over the drawer only (?task=) leaves the rows as they are.
    if (toQuery(next) === toQuery(state)) return;
    state = next;
    void load();
  });
  return { reload: load, ready: load(), onSnapshot };
}
