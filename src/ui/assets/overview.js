// The overview view: worker state with its reason and the queue's figures,
// kept current by live.js.

import { age, dateCell, el, number } from './format.js';

let lastSnapshot;
let receivedAt = 0;
let ticker;

function tile(label, value, detail, href) {
  const dd = el('dd', {}, el('span', { class: 'value', text: value }), detail ? el('span', { class: 'detail', text: detail }) : null);
  const dt = el('dt', {}, href ? el('a', { href, text: label }) : label);
  return el('div', { class: 'tile' }, dt, dd);
}

function oldestAge(s) {
  if (s.oldest_pending_age_seconds === null) return '—';
  if (s.pending_waiting === 0) return 'none waiting';
  return age(s.oldest_pending_age_seconds + (Date.now() - receivedAt) / 1000);
}

export function renderOverview(s) {
  lastSnapshot = s;
  receivedAt = Date.now();
  const state = document.getElementById('worker-state');
  state.textContent = s.is_running ? 'Running' : 'Not running';
  state.className = `state ${s.is_running ? 'ok' : 'bad'}`;
  const reason = document.getElementById('worker-reason');
  reason.replaceChildren(s.running_reason, ' ');
  if (s.last_success) reason.append(el('span', {}, 'Last success: ', dateCell(s.last_success), '.'));
  const unknown = (v) => (v === null || v === undefined ? '—' : number(v));
  const finished = s.finished_last_hour;
  document.getElementById('tiles').replaceChildren(
    tile(
      'Pending',
      number(s.pending_tasks),
      s.pending_waiting === null ? null : `${number(s.pending_waiting)} waiting, ${number(s.pending_locked)} locked`,
      '/dashboard/pending/',
    ),
    tile('Scheduled', number(s.scheduled_tasks), null, '/dashboard/scheduled/'),
    tile('Failed', number(s.failed_tasks), null, '/dashboard/failed/'),
    el('div', { class: 'tile', id: 'oldest' }, el('dt', { text: 'Oldest waiting task' }), el('dd', {}, el('span', { class: 'value', id: 'oldest-age', text: oldestAge(s) }))),
    tile(
      'Finished in the last hour',
      finished ? `${unknown(finished.succeeded + finished.failed)}${finished.capped ? '+' : ''}` : '—',
      finished ? `${number(finished.succeeded)} succeeded, ${number(finished.failed)} failed` : null,
    ),
  );
  document.getElementById('updated').textContent = s.partial
    ? 'Extensions are off on this server (API_COMPAT=inventree): only InvenTree’s figures are shown.'
    : `Updated ${new Date().toLocaleTimeString()}.`;
  clearInterval(ticker);
  if (s.pending_waiting) {
    ticker = setInterval(() => {
      const node = document.getElementById('oldest-age');
      if (node && lastSnapshot) node.textContent = oldestAge(lastSnapshot);
    }, 1000);
  }
}
