// Dates in the browser's time zone with the exact UTC value on hover, ages,
// numbers, and long values cut short with the whole text one click away.

const LOCAL = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const NUMBER = new Intl.NumberFormat();
const ISO_UTC = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2}(?:\.\d+)?)(Z|[+-]\d{2}:\d{2})$/;
export const TRUNCATE_AT = 60;

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name === 'text') node.textContent = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function number(n) {
  return NUMBER.format(n);
}

/** A <time> in local time; the exact UTC value (with microseconds as the API sent them) as its title. */
export function dateCell(value) {
  if (value === null || value === undefined || value === '') return el('span', { class: 'muted', text: '—' });
  const m = ISO_UTC.exec(value);
  const date = m ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) {
    // API_COMPAT=inventree renders "YYYY-MM-DD HH:MM" in the server's TIME_ZONE.
    return el('span', { title: `${value} (the server's TIME_ZONE)`, text: value });
  }
  const exact = m[3] === 'Z' ? `${m[1]} ${m[2]} UTC` : `${date.toISOString().replace('T', ' ').replace('Z', '')} UTC`;
  return el('time', { datetime: value, title: exact, text: LOCAL.format(date) });
}

export function age(seconds) {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} days ${h % 24} h`;
}

/** Text longer than TRUNCATE_AT: the start, and the whole in a disclosure. */
export function longText(value, label) {
  const text = value === null || value === undefined ? '' : String(value);
  if (text.length <= TRUNCATE_AT) return el('code', { class: 'value', text });
  return el(
    'details',
    { class: 'long' },
    el('summary', {}, el('code', { text: `${text.slice(0, TRUNCATE_AT)}…` }), el('span', { class: 'sr-only', text: ` (${label}: show all ${text.length} characters)` })),
    el('pre', { tabindex: '0', text }),
  );
}

/** A dotted Python name that may wrap after its dots only (never inside an identifier). */
export function dottedName(value) {
  const parts = value.split('.');
  const code = el('code', { class: 'value name' });
  parts.forEach((part, i) => {
    code.append(i < parts.length - 1 ? `${part}.` : part);
    if (i < parts.length - 1) code.append(document.createElement('wbr'));
  });
  return code;
}

/**
 * The instants the bulk filters are given as is: `YYYY-MM-DDTHH:MM:SS` with
 * at most six fractional digits and `Z` (the page writes `toISOString()`).
 * The list (src/tasks/task-filters.ts) reads them as that UTC instant, and
 * so does PostgreSQL for the bulk lookup. Other forms stay "selected only":
 * without an offset both mean TIME_ZONE, which the page does not know, so
 * the dialog could not say which instant; beyond six digits the list
 * truncates and PostgreSQL rounds.
 */
const UTC_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?Z$/;

/** The value as “2026-12-01 00:00 UTC” (seconds and fraction when not zero) when it is such an instant, else undefined. */
export function utcInstantText(value) {
  const m = UTC_INSTANT.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const probe = new Date(Date.UTC(2000, month - 1, day));
  // The list's own validity rules (src/tasks/task-filters.ts); an invalid value is its 400.
  if (year < 1 || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return undefined;
  probe.setUTCFullYear(year);
  if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return undefined;
  const fraction = (m[7] ?? '').replace(/0+$/, '');
  const seconds = second || fraction ? `:${m[6]}${fraction ? `.${fraction}` : ''}` : '';
  return `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}${seconds} UTC`;
}
