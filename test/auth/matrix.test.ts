/**
 * The authorization matrix: every route of the API (each method, including
 * OPTIONS and the 405 methods) × every credential case, with the exact
 * status, body and WWW-Authenticate header InvenTree gives. Successful cases
 * must answer exactly what a staff token gets (the endpoint's own answer).
 */
import t from 'tap';
import { createTestApp } from '../helpers/app.js';
import { createToken, createUser } from '../helpers/users.js';
import { CSRF_SECRET, FIXTURE_PASSWORD, HASHES, basicHeader, insertSession, loginSession, mintSessionData, SECRET_KEY } from './fixtures.js';

const { app, database } = await createTestApp(t, { secretKey: SECRET_KEY, authRateLimitPerMinute: 0 });
const db = database.db;

const PASSWORD_HASH = HASHES.pbkdf2_sha256;
const staff = await createUser(db, { isStaff: true, password: PASSWORD_HASH });
const superNonStaff = await createUser(db, { isStaff: false, isSuperuser: true, password: PASSWORD_HASH });
const inactive = await createUser(db, { isStaff: true, isActive: false, password: PASSWORD_HASH });

const yesterday = new Date(Date.now() - 2 * 86400_000).toISOString().slice(0, 10);
const tokens = {
  staff: await createToken(db, staff.id),
  nonStaff: await createToken(db, superNonStaff.id),
  inactive: await createToken(db, inactive.id),
  revoked: await createToken(db, staff.id, { revoked: true }),
  expired: await createToken(db, staff.id, { expiry: yesterday }),
};
const sessionOf = async (user: { id: number }, options: { secretKey?: string; expire?: Date } = {}) =>
  insertSession(db, mintSessionData(loginSession(PASSWORD_HASH, user.id), { secretKey: options.secretKey ?? SECRET_KEY }), {
    ...(options.expire ? { expire: options.expire } : {}),
  });
const sessions = {
  staff: await sessionOf(staff),
  nonStaff: await sessionOf(superNonStaff),
  inactive: await sessionOf(inactive),
  wrongSecret: await sessionOf(staff, { secretKey: 'not-the-secret-key' }),
  expired: await sessionOf(staff, { expire: new Date(Date.now() - 1000) }),
};
const csrf = { cookie: `csrftoken=${CSRF_SECRET}`, header: CSRF_SECRET };
const withSession = (key: string) => ({ cookie: `sessionid=${key}; ${csrf.cookie}`, 'x-csrftoken': csrf.header });

type Expect = 'success' | { status: number; detail: string };
const unauthenticated = (detail = 'Authentication credentials were not provided.'): Expect => ({ status: 401, detail });
const forbidden: Expect = { status: 403, detail: 'You do not have permission to perform this action.' };

const CASES: { name: string; headers: Record<string, string>; expect: Expect }[] = [
  { name: 'no credentials', headers: {}, expect: unauthenticated() },
  { name: 'token: staff', headers: { authorization: `Token ${tokens.staff}` }, expect: 'success' },
  { name: 'token: keyword in lower case', headers: { authorization: `token ${tokens.staff}` }, expect: 'success' },
  { name: 'token: superuser without staff', headers: { authorization: `Token ${tokens.nonStaff}` }, expect: forbidden },
  { name: 'token: inactive user', headers: { authorization: `Token ${tokens.inactive}` }, expect: unauthenticated('User inactive or deleted.') },
  { name: 'token: unknown key', headers: { authorization: `Token ${tokens.staff}x` }, expect: unauthenticated('Invalid token.') },
  { name: 'token: revoked', headers: { authorization: `Token ${tokens.revoked}` }, expect: unauthenticated('Token has been revoked') },
  { name: 'token: expired', headers: { authorization: `Token ${tokens.expired}` }, expect: unauthenticated('Token has expired') },
  { name: 'token: no key', headers: { authorization: 'Token' }, expect: unauthenticated('Invalid token header. No credentials provided.') },
  {
    name: 'token: key with a space',
    headers: { authorization: `Token ${tokens.staff} x` },
    expect: unauthenticated('Invalid token header. Token string should not contain spaces.'),
  },
  { name: 'Bearer is not a token header', headers: { authorization: `Bearer ${tokens.staff}` }, expect: unauthenticated() },
  { name: 'basic: staff', headers: { authorization: basicHeader(staff.username, FIXTURE_PASSWORD) }, expect: 'success' },
  { name: 'basic: superuser without staff', headers: { authorization: basicHeader(superNonStaff.username, FIXTURE_PASSWORD) }, expect: forbidden },
  {
    name: 'basic: inactive user',
    headers: { authorization: basicHeader(inactive.username, FIXTURE_PASSWORD) },
    expect: unauthenticated('Invalid username/password.'),
  },
  { name: 'basic: wrong password', headers: { authorization: basicHeader(staff.username, 'wrong') }, expect: unauthenticated('Invalid username/password.') },
  { name: 'basic: unknown user', headers: { authorization: basicHeader('nobody-here', FIXTURE_PASSWORD) }, expect: unauthenticated('Invalid username/password.') },
  { name: 'basic: no credentials', headers: { authorization: 'Basic' }, expect: unauthenticated('Invalid basic header. No credentials provided.') },
  {
    name: 'basic: credentials with a space',
    headers: { authorization: 'Basic YTpi YTpi' },
    expect: unauthenticated('Invalid basic header. Credentials string should not contain spaces.'),
  },
  {
    name: 'basic: not base64',
    headers: { authorization: 'Basic YTpiY' },
    expect: unauthenticated('Invalid basic header. Credentials not correctly base64 encoded.'),
  },
  { name: 'session: staff', headers: withSession(sessions.staff), expect: 'success' },
  { name: 'session: superuser without staff', headers: withSession(sessions.nonStaff), expect: forbidden },
  { name: 'session: inactive user', headers: withSession(sessions.inactive), expect: unauthenticated() },
  { name: 'session: signed with another SECRET_KEY', headers: withSession(sessions.wrongSecret), expect: unauthenticated() },
  { name: 'session: expired', headers: withSession(sessions.expired), expect: unauthenticated() },
  { name: 'session: unknown key', headers: withSession('nosuchsessionkey0000000000000000'), expect: unauthenticated() },
  {
    name: 'a bad token is final even with a valid session',
    headers: { ...withSession(sessions.staff), authorization: 'Token nope' },
    expect: unauthenticated('Invalid token.'),
  },
  {
    name: 'wrong basic password is final even with a valid session',
    headers: { ...withSession(sessions.staff), authorization: basicHeader(staff.username, 'wrong') },
    expect: unauthenticated('Invalid username/password.'),
  },
  {
    name: 'a valid token wins over a session without CSRF',
    headers: { authorization: `Token ${tokens.staff}`, cookie: `sessionid=${sessions.nonStaff}` },
    expect: 'success',
  },
  {
    name: 'valid basic needs no CSRF token',
    headers: { authorization: basicHeader(staff.username, FIXTURE_PASSWORD), cookie: `sessionid=${sessions.staff}` },
    expect: 'success',
  },
];

const ROUTES: { method: 'GET' | 'HEAD' | 'OPTIONS' | 'DELETE' | 'POST' | 'PUT' | 'PATCH'; url: string; payload?: unknown; status: number }[] = [
  { method: 'GET', url: '/api/background-task/', status: 200 },
  { method: 'GET', url: '/api/background-task/pending/', status: 200 },
  { method: 'GET', url: '/api/background-task/scheduled/', status: 200 },
  { method: 'GET', url: '/api/background-task/failed/', status: 200 },
  { method: 'GET', url: '/api/background-task/scheduled/?search=x&ordering=-next_run&limit=5', status: 200 },
  { method: 'HEAD', url: '/api/background-task/failed/', status: 200 },
  { method: 'OPTIONS', url: '/api/background-task/', status: 200 },
  { method: 'OPTIONS', url: '/api/background-task/pending/', status: 200 },
  { method: 'OPTIONS', url: '/api/background-task/scheduled/', status: 200 },
  { method: 'OPTIONS', url: '/api/background-task/failed/', status: 200 },
  { method: 'DELETE', url: '/api/background-task/pending/', payload: { items: [999999] }, status: 204 },
  { method: 'DELETE', url: '/api/background-task/failed/', payload: { items: ['f'.repeat(32)] }, status: 204 },
  { method: 'DELETE', url: '/api/background-task/pending/', payload: {}, status: 400 },
  { method: 'POST', url: '/api/background-task/', payload: {}, status: 405 },
  { method: 'DELETE', url: '/api/background-task/scheduled/', payload: {}, status: 405 },
  { method: 'PUT', url: '/api/background-task/failed/', payload: {}, status: 405 },
  { method: 'PATCH', url: '/api/background-task/pending/', payload: {}, status: 405 },
];

for (const route of ROUTES) {
  const label = `${route.method} ${route.url}${route.payload ? ` ${JSON.stringify(route.payload)}` : ''}`;
  t.test(label, async (t) => {
    const send = (headers: Record<string, string>) =>
      app.inject({
        method: route.method,
        url: route.url,
        headers: { ...headers, ...(route.payload !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(route.payload !== undefined ? { payload: JSON.stringify(route.payload) } : {}),
      });
    const reference = await send({ authorization: `Token ${tokens.staff}` });
    t.equal(reference.statusCode, route.status, `staff token: the endpoint's own answer (${reference.body.slice(0, 80)})`);
    t.equal(reference.headers['www-authenticate'], undefined);
    for (const c of CASES) {
      const res = await send(c.headers);
      if (c.expect === 'success') {
        t.equal(res.statusCode, reference.statusCode, `${c.name}: status`);
        t.equal(res.body, reference.body, `${c.name}: body`);
        t.equal(res.headers['www-authenticate'], undefined, `${c.name}: no WWW-Authenticate`);
      } else {
        t.equal(res.statusCode, c.expect.status, `${c.name}: status`);
        // A HEAD answer carries the GET answer's headers without its body.
        t.equal(res.body, route.method === 'HEAD' ? '' : JSON.stringify({ detail: c.expect.detail }), `${c.name}: body`);
        t.equal(res.headers['content-type'], 'application/json', `${c.name}: JSON`);
        t.equal(res.headers['www-authenticate'], c.expect.status === 401 ? 'Token' : undefined, `${c.name}: WWW-Authenticate`);
      }
    }
  });
}
