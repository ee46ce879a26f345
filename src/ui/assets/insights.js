// The insights view: failure groups (func × exception type, counts, last
// seen; each opens the failed table filtered to its function) and charts of
// throughput and failure rate over 24 h or 7 d, drawn by uPlot (served from
// node_modules by our own asset route), each with a text alternative: a
// summary as the chart's accessible name and the data as a table.

import { api, redirectIfSignedOut } from './api.js';
import { dateCell, dottedName, el, longText, number } from './format.js';
import uPlot from './uPlot.esm.js';

const GROUPS_API = '/api/background-task/failed/groups/';
const STATS_API = '/api/background-task/stats/';
const PAGE = 25;
const WINDOWS = { '24h': 'the last 24 hours', '7d': 'the last 7 days' };
const ORDERINGS = { '-count': 'Count', '-last_seen': 'Last seen' };
const PERCENT = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });

/** uPlot's own stylesheet, linked (not inlined: the CSP allows only our files). */
function linkUplotStyles() {
  if (document.querySelector('link[data-uplot]')) return;
  document.head.append(el('link', { rel: 'stylesheet', href: '/dashboard/assets/uPlot.min.css', 'data-uplot': 'true' }));
}

/**
 * The failed table showing a group's failures: the list's exact `func`
 * filter (the same parameter in the page's URL and in the API's query).
 */
export function failedLinkFor(func) {
  return `/dashboard/failed/?${new URLSearchParams({ func })}`;
}

function readState() {
  const q = new URLSearchParams(location.search);
  const win = q.get('window') ?? '';
  const ordering = q.get('ordering') ?? '';
  return { window: Object.hasOwn(WINDOWS, win) ? win : '24h', ordering: Object.hasOwn(ORDERINGS, ordering) ? ordering : '-count', offset: 0 };
}

function writeState(state) {
  const q = new URLSearchParams();
  if (state.window !== '24h') q.set('window', state.window);
  if (state.ordering !== '-count') q.set('ordering', state.ordering);
  const query = q.toString();
  history.replaceState(null, '', `${location.pathname}${query ? `?${query}` : ''}`);
}

/** A bucket start as a Date: ISO UTC, or InvenTree's "YYYY-MM-DD HH:MM" (server time, read as local). */
function bucketDate(text) {
  return new Date(/[zZ]|[+-]\d\d:\d\d$/.test(text) ? text : text.replace(' ', 'T'));
}

function rateText(rate) {
  return rate === null ? '—' : PERCENT.format(rate);
}

function colours() {
  const css = getComputedStyle(document.documentElement);
  const v = (name) => css.getPropertyValue(name).trim();
  return { fg: v('--fg'), muted: v('--muted'), line: v('--line'), ok: v('--ok'), bad: v('--bad'), accent: v('--accent') };
}

export function mountInsights({ showAlert, clearAlert }) {
  linkUplotStyles();
  let state = readState();
  let stats;
  const charts = [];
  const groupsBody = document.querySelector('#groups tbody');
  const groupsSummary = document.getElementById('groups-summary');
  const groupsPager = document.getElementById('groups-pager');
  const order = document.getElementById('groups-order');
  const statsSummary = document.getElementById('stats-summary');
  const statsBody = document.querySelector('#stats-table tbody');

  // One alert for both loads: a success clears only its own error.
  const errors = { groups: null, stats: null };
  function settle(source, err) {
    if (err && redirectIfSignedOut(err)) return;
    errors[source] = !err
      ? null
      : err.status === 404
        ? 'The insights need the analytics endpoints, which are extensions: this server has them off (API_COMPAT=inventree without EXTENSIONS=on).'
        : err.message;
    const message = errors.groups ?? errors.stats;
    if (message) showAlert(message);
    else clearAlert();
  }

  async function loadGroups() {
    const table = document.getElementById('groups');
    table.setAttribute('aria-busy', 'true');
    try {
      const q = new URLSearchParams({ limit: String(PAGE), offset: String(state.offset), ordering: state.ordering });
      const page = await api(`${GROUPS_API}?${q}`);
      settle('groups');
      renderGroups(page);
    } catch (err) {
      settle('groups', err);
    } finally {
      table.setAttribute('aria-busy', 'false');
    }
  }

  function renderGroups(page) {
    const rows = page.results.map((g) =>
      el(
        'tr',
        { 'data-func': g.func, 'data-exception': g.exception ?? '' },
        el('td', { 'data-label': 'Function' }, el('a', { href: failedLinkFor(g.func), class: 'group-link', title: `The failed tasks of ${g.func}` }, dottedName(g.func))),
        el('td', { 'data-label': 'Exception' }, g.exception === null ? el('span', { class: 'muted', text: 'not a traceback' }) : el('code', { class: 'value', text: g.exception })),
        el('td', { 'data-label': 'Latest message' }, longText(g.message, 'latest message')),
        el('td', { 'data-label': 'Count', class: 'count' }, number(g.count)),
        el('td', { 'data-label': 'First seen' }, dateCell(g.first_seen)),
        el('td', { 'data-label': 'Last seen' }, dateCell(g.last_seen)),
      ),
    );
    if (!rows.length) rows.push(el('tr', {}, el('td', { colspan: '6', class: 'empty', text: 'No failed tasks.' })));
    groupsBody.replaceChildren(...rows);
    const first = page.count ? state.offset + 1 : 0;
    const last = state.offset + page.results.length;
    groupsSummary.textContent = page.count
      ? `${number(first)}–${number(last)} of ${number(page.count)} groups, formed from the latest ${number(page.scanned)} failed tasks${page.capped ? ' (older failures are not counted)' : ''}.`
      : 'No failure groups.';
    groupsPager.replaceChildren(
      el('button', { type: 'button', id: 'groups-prev', disabled: !page.previous, onclick: () => go({ offset: Math.max(0, state.offset - PAGE) }) }, 'Previous'),
      el('button', { type: 'button', id: 'groups-next', disabled: !page.next, onclick: () => go({ offset: state.offset + PAGE }) }, 'Next'),
    );
    document.body.dataset.groupsLoaded = 'true';
  }

  function go(next) {
    state = { ...state, ...next };
    writeState(state);
    void loadGroups();
  }

  order.value = state.ordering;
  order.addEventListener('change', () => go({ ordering: order.value, offset: 0 }));

  async function loadStats() {
    try {
      stats = await api(`${STATS_API}?window=${encodeURIComponent(state.window)}`);
      settle('stats');
      renderStats();
    } catch (err) {
      settle('stats', err);
    }
  }

  function renderStats() {
    const s = stats;
    const per = s.bucket_seconds === 3600 ? 'hour' : '6 hours';
    const busiest = s.buckets.reduce((a, b) => (b.succeeded + b.failed > a.succeeded + a.failed ? b : a), s.buckets[0]);
    const summary = `${WINDOWS[s.window][0].toUpperCase()}${WINDOWS[s.window].slice(1)}: ${number(s.succeeded)} succeeded, ${number(s.failed)} failed (failure rate ${rateText(s.failure_rate)}), counted per ${per}.${
      busiest && busiest.succeeded + busiest.failed > 0 ? ` Busiest: ${number(busiest.succeeded + busiest.failed)} finished from ${bucketDate(busiest.start).toLocaleString()}.` : ''
    }`;
    statsSummary.textContent = summary;
    document.getElementById('throughput-chart').setAttribute('aria-label', `Chart of finished tasks per ${per}. ${summary}`);
    document.getElementById('rate-chart').setAttribute('aria-label', `Chart of the failure rate per ${per}. Overall ${rateText(s.failure_rate)}.`);
    statsBody.replaceChildren(
      ...s.buckets.map((b) =>
        el(
          'tr',
          {},
          el('th', { scope: 'row', 'data-label': 'From' }, dateCell(b.start)),
          el('td', { 'data-label': 'Succeeded' }, number(b.succeeded)),
          el('td', { 'data-label': 'Failed' }, number(b.failed)),
          el('td', { 'data-label': 'Failure rate' }, rateText(b.failure_rate)),
        ),
      ),
    );
    drawCharts();
    document.body.dataset.statsWindow = s.window;
  }

  function drawCharts() {
    for (const chart of charts.splice(0)) chart.destroy();
    if (!stats) return;
    const c = colours();
    const x = stats.buckets.map((b) => bucketDate(b.start).getTime() / 1000);
    const axes = [
      { stroke: c.fg, grid: { stroke: c.line }, ticks: { stroke: c.line } },
      { stroke: c.fg, grid: { stroke: c.line }, ticks: { stroke: c.line } },
    ];
    const bars = uPlot.paths.bars({ size: [0.8, 40], align: 1 });
    const common = (host) => ({
      width: Math.max(240, host.clientWidth),
      height: 220,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      // The buckets start at x; each bar covers its bucket.
      scales: { x: { time: true, range: (_u, min, max) => [min, max + stats.bucket_seconds] } },
    });
    const throughputHost = document.getElementById('throughput-chart');
    charts.push(
      new uPlot(
        {
          ...common(throughputHost),
          axes: [axes[0], { ...axes[1], label: 'Tasks' }],
          series: [
            {},
            // Stacked: each bar is all finished tasks, the failures drawn over its lower part.
            { label: 'Finished', stroke: c.ok, fill: `${c.ok}55`, paths: bars, points: { show: false } },
            { label: 'Failed', stroke: c.bad, fill: `${c.bad}aa`, paths: bars, points: { show: false } },
          ],
        },
        [x, stats.buckets.map((b) => b.succeeded + b.failed), stats.buckets.map((b) => b.failed)],
        throughputHost,
      ),
    );
    const rateHost = document.getElementById('rate-chart');
    charts.push(
      new uPlot(
        {
          ...common(rateHost),
          scales: { ...common(rateHost).scales, y: { range: [0, 100] } },
          axes: [axes[0], { ...axes[1], label: 'Failure rate (%)' }],
          series: [{}, { label: 'Failure rate', stroke: c.bad, width: 2, spanGaps: false, points: { show: true, fill: c.bad } }],
        },
        [x, stats.buckets.map((b) => (b.failure_rate === null ? null : b.failure_rate * 100))],
        rateHost,
      ),
    );
    for (const chart of charts) chart.root.setAttribute('aria-hidden', 'true');
  }

  for (const radio of document.querySelectorAll('input[name="window"]')) {
    radio.checked = radio.value === state.window;
    radio.addEventListener('change', () => {
      if (!radio.checked) return;
      state = { ...state, window: radio.value };
      writeState(state);
      void loadStats();
    });
  }

  // Redraw for the width and the theme (the colours come from the stylesheet's variables).
  let resizeTimer;
  addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(drawCharts, 150);
  });
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', drawCharts);

  void Promise.all([loadGroups(), loadStats()]).then(() => {
    document.body.dataset.loaded = 'true';
  });
}
