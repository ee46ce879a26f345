// The API as the page uses it: same-origin fetch with the tab's token (kept in
// sessionStorage only) or the session cookie plus Django's CSRF header, and
// errors carrying the API's own message.

const TOKEN_KEY = 'bgtasks.token';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export const SIGN_IN = '/dashboard/sign-in/';

export function tabToken() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setTabToken(token) {
  sessionStorage.setItem(TOKEN_KEY, token);
}

export function clearTabToken() {
  sessionStorage.removeItem(TOKEN_KEY);
}

function cookie(name) {
  for (const part of document.cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return '';
}

export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

/** The message an API error body carries: DRF's `detail`, or its field errors. */
export function messageOf(status, body) {
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    if (typeof body.detail === 'string') return body.detail;
    const parts = [];
    for (const [field, value] of Object.entries(body)) {
      const text = Array.isArray(value) ? value.join(' ') : typeof value === 'string' ? value : JSON.stringify(value);
      parts.push(field === 'non_field_errors' ? text : `${field}: ${text}`);
    }
    if (parts.length) return parts.join('; ');
  }
  return `The server answered HTTP ${status}.`;
}

/** Headers for an API call with the tab's credentials. */
export function authHeaders(method = 'GET') {
  const headers = {};
  const token = tabToken();
  if (token) headers.Authorization = `Token ${token}`;
  else if (!SAFE.has(method)) headers['X-CSRFToken'] = cookie('csrftoken');
  return headers;
}

export async function api(path, { method = 'GET', body, signal, accept = 'application/json' } = {}) {
  const headers = { Accept: accept, ...authHeaders(method) };
  const init = { method, headers, credentials: 'same-origin', signal };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  if (res.status === 204) return null;
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) throw new ApiError(res.status, messageOf(res.status, data), data);
  return data;
}

export function signInUrl() {
  return `${SIGN_IN}?next=${encodeURIComponent(location.pathname + location.search)}`;
}

/** A 401 means the tab has no valid credentials: back to the sign-in page. */
export function redirectIfSignedOut(err) {
  if (err instanceof ApiError && err.status === 401) {
    clearTabToken();
    location.assign(signInUrl());
    return true;
  }
  return false;
}
