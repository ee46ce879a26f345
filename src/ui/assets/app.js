// Entry point of every dashboard view: credentials, sign-out, alerts, the
// live indicator, and the view itself (overview or a list).

import { installActions } from './actions.js';
import { api, clearTabToken, redirectIfSignedOut, SIGN_IN, tabToken } from './api.js';
import { mountDrawer } from './drawer.js';
import { watchOverview } from './live.js';
import { mountInsights } from './insights.js';
import { renderOverview } from './overview.js';
import { mountTable } from './table.js';

const body = document.body;
const view = body.dataset.view;
const readOnly = body.dataset.readOnly === 'true';
const extensions = body.dataset.extensions === 'true';
const alertBox = document.getElementById('alert');
const live = document.getElementById('live');

function showAlert(message) {
  alertBox.hidden = false;
  alertBox.className = 'alert';
  alertBox.textContent = message;
}

function clearAlert() {
  alertBox.hidden = true;
  alertBox.textContent = '';
}

/** An action's result; focus moves to it, since the control that started the action is re-rendered. */
function announce(message, { error = false } = {}) {
  alertBox.hidden = false;
  alertBox.className = error ? 'alert' : 'notice';
  alertBox.textContent = message;
  alertBox.tabIndex = -1;
  alertBox.focus();
}

function describeError(err) {
  // The API's message; for a non-staff account, say why nothing is shown.
  if (err.status === 403 && /permission/i.test(err.message)) return `${err.message} (The background-task pages are for staff users.)`;
  return err.message;
}

// Retry / run now / pause / resume: results go to the alert line; the detail drawer's footer gets its buttons.
installActions({ announce });

const user = document.getElementById('user');
const how = tabToken() ? 'API token (this tab)' : '';
user.textContent = how;
// The signed-in user's name (any authenticated user may read it); a failure leaves the header as it is.
api('/api/user/me/')
  .then((me) => {
    user.textContent = how ? `Signed in as ${me.username} · ${how}` : `Signed in as ${me.username}`;
    user.dataset.username = me.username;
  })
  .catch(() => {});

document.getElementById('sign-out').addEventListener('submit', (e) => {
  if (!tabToken()) return; // the session: the form posts to the server
  e.preventDefault();
  clearTabToken();
  location.assign(SIGN_IN);
});

const MODES = { live: 'Live', polling: 'Polling every 5 s', offline: 'Reconnecting…' };
function setMode(mode) {
  live.textContent = MODES[mode] ?? '';
  live.dataset.mode = mode;
}

if (view === 'overview') {
  watchOverview(
    (snapshot) => {
      clearAlert();
      renderOverview(snapshot);
      body.dataset.loaded = 'true';
    },
    setMode,
    (err) => {
      if (!redirectIfSignedOut(err)) showAlert(describeError(err));
    },
  );
} else if (view === 'insights') {
  mountInsights({ showAlert: (message) => showAlert(/permission/i.test(message) ? describeError({ status: 403, message }) : message), clearAlert });
  watchOverview(() => {}, setMode, () => {});
} else {
  let drawer;
  const table = mountTable(view, body.dataset.api, {
    readOnly,
    onDetails: extensions ? (pk, from) => drawer.open(pk, from) : undefined,
    showAlert: (message) => showAlert(/permission/i.test(message) ? describeError({ status: 403, message }) : message),
    clearAlert,
    announce,
  });
  if (extensions) drawer = mountDrawer(view, body.dataset.api, { refreshTable: () => table.reload() });
  // The same live overview tells the list when its table changed behind it.
  watchOverview(table.onSnapshot, setMode, () => {});
}
