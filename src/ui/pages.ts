/**
 * The HTML the server renders: one shell per view (layout, navigation,
 * labelled controls, empty table) and the sign-in page. The shells carry no
 * task data — the page's script reads it from the API with the tab's
 * credentials, so a token kept only in the tab works the same as a session
 * cookie. Every interpolated value goes through `esc`.
 */
import { SCHEDULE_TYPE_NAMES } from '../djangoq/index.js';

export const BASE = '/dashboard/';
export const ASSETS = `${BASE}assets/`;
export const SIGN_IN_URL = `${BASE}sign-in/`;
export const SIGN_OUT_URL = `${BASE}sign-out/`;

export type ViewName = 'overview' | 'pending' | 'scheduled' | 'failed' | 'succeeded' | 'insights';

export interface ViewInfo {
  name: ViewName;
  path: string;
  title: string;
  /** The API list it shows (none for the overview). */
  api?: string;
  /** Served only with the extensions on (its API route is absent otherwise). */
  extension?: boolean;
  /** The list accepts the func / group / started_after / started_before filters (extensions). */
  filters?: boolean;
}

export const VIEWS: ViewInfo[] = [
  { name: 'overview', path: BASE, title: 'Overview' },
  { name: 'pending', path: `${BASE}pending/`, title: 'Pending tasks', api: '/api/background-task/pending/' },
  { name: 'scheduled', path: `${BASE}scheduled/`, title: 'Scheduled tasks', api: '/api/background-task/scheduled/' },
  { name: 'failed', path: `${BASE}failed/`, title: 'Failed tasks', api: '/api/background-task/failed/', filters: true },
  { name: 'succeeded', path: `${BASE}succeeded/`, title: 'Succeeded tasks', api: '/api/background-task/succeeded/', extension: true, filters: true },
  // Failure groups and charts (assets/insights.js); its endpoints are extensions.
  { name: 'insights', path: `${BASE}insights/`, title: 'Insights', extension: true },
];

/** The views this server offers: the extension views only with the extensions on. */
export function viewsFor(extensions: boolean): ViewInfo[] {
  return VIEWS.filter((v) => extensions || !v.extension);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function esc(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

export interface PageFlags {
  readOnly: boolean;
  /** Whether the server can write sessions (password sign-in offered). */
  csrfToken: string;
  /** Extensions on: the detail drawer, the succeeded view, the list filters and the actions' routes exist. */
  extensions?: boolean;
}

function head(title: string, script: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${esc(title)} · Background tasks</title>
<link rel="stylesheet" href="${ASSETS}style.css">
<link rel="icon" href="${ASSETS}favicon.svg" type="image/svg+xml">
<script type="module" src="${ASSETS}${script}"></script>
</head>`;
}

function nav(current: ViewName, extensions: boolean): string {
  const items = viewsFor(extensions).map(
    (v) => `<li><a href="${v.path}"${v.name === current ? ' aria-current="page"' : ''}>${esc(v.name === 'overview' ? 'Overview' : v.title.replace(' tasks', ''))}</a></li>`,
  ).join('');
  return `<nav class="views" aria-label="Views"><ul>${items}</ul></nav>`;
}

const SEARCH_FORM = `<form class="toolbar" id="search" role="search" aria-label="Search tasks">
  <div class="field"><label for="search-text">Search function names</label>
  <input id="search-text" name="search" type="search" autocomplete="off" spellcheck="false"
    aria-describedby="search-help"></div>
  <label class="check"><input type="checkbox" name="search_regex" value="true"> Regular expression</label>
  <label class="check"><input type="checkbox" name="search_whole" value="true"> Whole words</label>
  <button type="submit">Search</button>
  <p id="search-help" class="help">Every word must occur in the function name (case-insensitive).</p>
</form>`;

/** The list filters (extensions): the API's own parameter names; the dates are the browser's local time. */
const FILTER_FORM = `<form class="toolbar filters" id="filters" aria-labelledby="filters-h">
  <h2 id="filters-h" class="sr-only">Filters</h2>
  <div class="field"><label for="filter-func">Function (exact dotted path)</label>
  <input id="filter-func" name="func" type="text" autocomplete="off" spellcheck="false"></div>
  <div class="field"><label for="filter-group">Group</label>
  <input id="filter-group" name="group" type="text" autocomplete="off" spellcheck="false"></div>
  <div class="field"><label for="filter-after">Enqueued from</label>
  <input id="filter-after" name="started_after" type="datetime-local" step="1" aria-describedby="filters-help"></div>
  <div class="field"><label for="filter-before">Enqueued until</label>
  <input id="filter-before" name="started_before" type="datetime-local" step="1" aria-describedby="filters-help"></div>
  <button type="submit">Apply filters</button>
  <button type="button" id="filters-clear" class="secondary">Clear filters</button>
  <p id="filters-help" class="help">Dates are in your browser's time zone, both ends included.</p>
</form>`;

/** The detail drawer (extensions): a modal dialog filled by assets/drawer.js; the footer is for the actions. */
const DRAWER = `<dialog id="drawer" class="drawer" aria-labelledby="drawer-title">
  <div class="drawer-head">
  <h2 id="drawer-title" tabindex="-1">Task</h2>
  <button type="button" id="drawer-close" class="secondary">Close</button>
  </div>
  <div id="drawer-body" class="drawer-body"></div>
  <div class="drawer-actions" data-drawer-actions></div>
</dialog>`;

const INSIGHTS_BODY = `<section aria-labelledby="groups-h">
  <h2 id="groups-h">Failure groups</h2>
  <p class="help">Failed tasks grouped by function and exception type. A function opens its failed tasks.</p>
  <div class="toolbar"><div class="field"><label for="groups-order">Order by</label>
  <select id="groups-order"><option value="-count">Count</option><option value="-last_seen">Last seen</option></select></div></div>
  <p id="groups-summary" class="summary" role="status"></p>
  <div class="table-wrap" tabindex="0" role="region" aria-labelledby="groups-h">
  <table id="groups"><thead><tr><th scope="col">Function</th><th scope="col">Exception</th><th scope="col">Latest message</th>
  <th scope="col">Count</th><th scope="col">First seen</th><th scope="col">Last seen</th></tr></thead><tbody></tbody></table>
  </div>
  <nav class="pager" id="groups-pager" aria-label="Failure group pages"></nav>
</section>
<section aria-labelledby="charts-h">
  <h2 id="charts-h">Throughput and failure rate</h2>
  <fieldset class="window"><legend>Window</legend>
  <label class="check"><input type="radio" name="window" value="24h" checked> Last 24 hours (hourly)</label>
  <label class="check"><input type="radio" name="window" value="7d"> Last 7 days (every 6 hours)</label>
  </fieldset>
  <p id="stats-summary" class="summary" role="status"></p>
  <figure class="chart"><div id="throughput-chart" class="chart-area" role="img" aria-label="Chart of finished tasks"></div>
  <figcaption>Finished tasks: each bar is all that finished, its <span class="swatch bad"></span> lower part the failures, its <span class="swatch ok"></span> upper part the successes.</figcaption></figure>
  <figure class="chart"><div id="rate-chart" class="chart-area" role="img" aria-label="Chart of the failure rate"></div>
  <figcaption>Failure rate (failed / finished); no point where nothing finished.</figcaption></figure>
  <details class="data"><summary>The charts' data as a table</summary>
  <div class="table-wrap" tabindex="0" role="region" aria-label="Finished tasks per time bucket">
  <table id="stats-table"><thead><tr><th scope="col">From</th><th scope="col">Succeeded</th><th scope="col">Failed</th><th scope="col">Failure rate</th></tr></thead>
  <tbody></tbody></table></div></details>
</section>`;

function viewBody(view: ViewInfo, extensions: boolean): string {
  if (view.name === 'insights') return INSIGHTS_BODY;
  if (view.name === 'overview') {
    return `<section aria-labelledby="worker-h" class="card worker" id="worker">
  <h2 id="worker-h">Worker</h2>
  <p class="state" id="worker-state">Loading…</p>
  <p class="reason" id="worker-reason"></p>
</section>
<section aria-labelledby="counts-h">
  <h2 id="counts-h" class="sr-only">Queue</h2>
  <dl class="tiles" id="tiles"></dl>
</section>
<p class="updated" id="updated"></p>`;
  }
  const searchable = view.name !== 'pending';
  const deletable = view.name === 'pending' || view.name === 'failed';
  return `${searchable ? SEARCH_FORM : '<p class="help">The API lists pending tasks in queue order; it has no search or ordering for them.</p>'}
${view.filters && extensions ? FILTER_FORM : ''}
${deletable ? `<div class="bulk" id="bulk" hidden></div>` : ''}
<p id="summary" class="summary" role="status"></p>
<div class="table-wrap" id="table-wrap" tabindex="0" role="region" aria-labelledby="page-title">
<table id="rows"><thead></thead><tbody></tbody></table>
</div>
<nav class="pager" id="pager" aria-label="Pages"></nav>
<dialog id="confirm" aria-labelledby="confirm-title" aria-describedby="confirm-text">
  <form method="dialog">
  <h2 id="confirm-title">Confirm</h2>
  <p id="confirm-text"></p>
  <pre id="confirm-request" class="request"></pre>
  <div class="buttons"><button value="cancel" id="confirm-cancel">Cancel</button>
  <button value="ok" id="confirm-ok" class="danger">Delete</button></div>
  </form>
</dialog>
${extensions ? DRAWER : ''}`;
}

export function renderView(view: ViewInfo, flags: PageFlags): string {
  const extensions = flags.extensions ?? false;
  return `${head(view.title, 'app.js')}
<body data-view="${view.name}" data-read-only="${flags.readOnly}" data-extensions="${extensions}"${view.api ? ` data-api="${esc(view.api)}"` : ''}${view.name === 'scheduled' ? ` data-schedule-types="${esc(JSON.stringify(SCHEDULE_TYPE_NAMES))}"` : ''}>
<a class="skip" href="#main">Skip to content</a>
<header class="top">
  <a class="brand" href="${BASE}">Background tasks</a>
  ${nav(view.name, extensions)}
  <div class="who">
    <span id="live" class="live" role="status"></span>
    <span id="user"></span>
    <form method="post" action="${SIGN_OUT_URL}" id="sign-out">
      <input type="hidden" name="csrfmiddlewaretoken" value="${esc(flags.csrfToken)}">
      <button type="submit" class="link">Sign out</button>
    </form>
  </div>
</header>
<main id="main" tabindex="-1">
<h1 id="page-title">${esc(view.title)}</h1>
${flags.readOnly ? '<p class="note" id="read-only-note">This server is read-only: actions are hidden.</p>' : ''}
<div id="alert" class="alert" role="alert" hidden></div>
${viewBody(view, extensions)}
</main>
<noscript><p class="alert">The dashboard needs JavaScript: it reads the API from your browser.</p></noscript>
</body>
</html>
`;
}

export interface SignInPage {
  csrfToken: string;
  next: string;
  username?: string;
  /** The error of a failed attempt (shown, and announced). */
  error?: string;
  /** Password sign-in cannot work here (no SECRET_KEY, no session table, read-only database). */
  passwordUnavailable?: string;
}

export function renderSignIn(page: SignInPage): string {
  const error = page.error ? `<p class="alert" role="alert" id="sign-in-error">${esc(page.error)}</p>` : '';
  const password = page.passwordUnavailable
    ? `<p class="note" id="password-unavailable">${esc(page.passwordUnavailable)}</p>`
    : `<form method="post" action="${SIGN_IN_URL}" class="stack" id="password-form">
  <input type="hidden" name="csrfmiddlewaretoken" value="${esc(page.csrfToken)}">
  <input type="hidden" name="next" value="${esc(page.next)}">
  <div class="field"><label for="username">Username</label>
  <input id="username" name="username" autocomplete="username" required value="${esc(page.username ?? '')}"${page.username ? '' : ' autofocus'}></div>
  <div class="field"><label for="password">Password</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required${page.username ? ' autofocus' : ''}></div>
  <button type="submit">Sign in</button>
</form>`;
  return `${head('Sign in', 'sign-in.js')}
<body data-view="sign-in" data-next="${esc(page.next)}">
<main id="main" class="narrow">
<h1>Sign in</h1>
<p>Background tasks of InvenTree. A signed-in InvenTree session on this site works here too.</p>
${error}
<section aria-labelledby="password-h"><h2 id="password-h">With your password</h2>
<p class="help">Creates an InvenTree session. Staff accounts only.</p>
${password}
</section>
<section aria-labelledby="token-h"><h2 id="token-h">With an API token</h2>
<p class="help">Kept in this tab only, and forgotten when it closes. Useful when the database is read-only.</p>
<form class="stack" id="token-form">
  <div class="field"><label for="token">API token</label>
  <input id="token" name="token" type="password" autocomplete="off" spellcheck="false" required></div>
  <p id="token-error" class="alert" role="alert" hidden></p>
  <button type="submit">Use token</button>
</form>
</section>
</main>
<noscript><p class="alert">The token sign-in needs JavaScript; the password sign-in does not.</p></noscript>
</body>
</html>
`;
}
