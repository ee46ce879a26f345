// Authentication interop with REAL Django (Debian's Django 3.2, /usr/bin/python3):
//
//  1. django/auth_interop.py migrates contenttypes/auth/sessions into a fresh
//     PostgreSQL database; our `migrate` then adds django_q_* and users_apitoken
//     (never touching Django's tables).
//  2. Python creates users with User.objects.create_user and every hasher of
//     Django's default PASSWORD_HASHERS it can load (pbkdf2_sha256 at 260000 and
//     600000 iterations, pbkdf2_sha1, argon2, bcrypt_sha256) plus md5 and an
//     unusable password; logs users in with Client().login() (real django_session
//     rows), then changes a password, deactivates a user, logs out, expires a
//     session; makes csrftoken cookies/tokens with CsrfViewMiddleware/get_token;
//     inserts users_apitoken rows the InvenTree way. It also prints Django's own
//     verdicts: authenticate() per username/password, get_user() per session,
//     DRF's CSRFCheck per cookie/header pair.
//  3. Our real app (buildApp over openPostgres) must answer every request as
//     InvenTree would, given those verdicts.
//  4. Reverse: users and tokens our code writes (`bgtasks user/token`) are read
//     by Django (check_password, full_clean, authenticate, force_login).
//
// Django 3.2 vs InvenTree 0.15's Django 4.2: accept/refuse decisions are the
// same for everything checked here; CSRF *reasons* differ (3.2: "CSRF token
// missing or incorrect."), so the texts we assert are Django 4.2's, and 3.2's
// are only compared for accept/refuse.

import type { InjectOptions } from 'fastify';
import { sql } from 'kysely';
import t, { type Test } from 'tap';
import { createToken, createUser } from '../../src/auth/accounts.js';
import { todayIn } from '../../src/auth/dates.js';
import { unmaskToken } from '../../src/auth/csrf.js';
import { SESSION_SALT, sessionAuthHash } from '../../src/auth/session.js';
import type { Config } from '../../src/config/env.js';
import { migrate } from '../../src/db/migrate.js';
import { loadsJson } from '../../src/djangoq/index.js';
import { buildApp } from '../../src/app.js';
import { testConfig } from '../helpers/config.js';
import { checkResponse } from '../helpers/contract.js';
import { interopDatabase, interopRuns, runPython } from './fixtures/harness.js';

t.setTimeout(180_000);

// ---------------------------------------------------------------------------
// What auth_interop.py prints.

type DjangoUser = { username: string; is_staff: boolean } | null;

interface PyUser {
  id: number;
  username: string;
  password: string | null;
  encoded: string;
  algorithm: string | null;
  is_staff: boolean;
  is_active: boolean;
  session_auth_hash: string;
}

interface PySession {
  key: string;
  user: string;
  session_data: string | null;
  decoded: Record<string, unknown> | null;
  django_user: DjangoUser;
}

interface PyToken {
  id: number;
  key: string;
  username: string;
  expiry: string;
  revoked: boolean;
  last_seen: string | null;
}

interface Produced {
  meta: { django: string; python: string; secret_key: string; today: string; os_today: string; pbkdf2_iterations: number; seconds: number };
  users: Record<string, PyUser>;
  skipped_hashers: Record<string, string>;
  sessions: Record<string, PySession>;
  basic: { label: string; username: string; password: string; django_user: DjangoUser }[];
  csrf: { values: Record<string, string>; cases: { label: string; cookie: string | null; header: string | null; django_reason: string | null }[] };
  tokens: Record<string, PyToken>;
}

interface Verified {
  users: Record<
    string,
    {
      id: number;
      is_staff: boolean;
      is_active: boolean;
      is_superuser: boolean;
      has_usable_password: boolean;
      algorithm: string | null;
      must_update: boolean | null;
      check_wrong_password: boolean;
      full_clean: unknown;
      date_joined_aware: boolean;
      authenticate?: DjangoUser;
    }
  >;
  tokens: Record<
    string,
    {
      format_ok: boolean;
      length: number;
      suffix_is_today: boolean;
      expiry_days_from_today: number;
      revoked: boolean;
      last_seen: string | null;
      created_aware: boolean;
      username: string;
      name?: string;
      metadata?: unknown;
      key_valid?: boolean;
    } | null
  >;
  sessions: Record<string, { key: string; django_user: DjangoUser }>;
}

// ---------------------------------------------------------------------------
// Expectations.

const OVERVIEW = '/api/background-task/';
const FAILED = '/api/background-task/failed/';
const NOT_PROVIDED = 'Authentication credentials were not provided.';
const NO_PERMISSION = 'You do not have permission to perform this action.';
const BAD_BASIC = 'Invalid username/password.';
const CSRF_INCORRECT = "CSRF token from the 'X-Csrftoken' HTTP header incorrect.";

/**
 * The CSRF matrix (symbolic values resolved by Python from its real cookie and
 * get_token() output) and the Django 4.2 reason we must give; null = accepted.
 */
const CSRF_CASES: { label: string; cookie: string | null; header: string | null; reason: string | null }[] = [
  { label: 'no csrftoken cookie, no header', cookie: null, header: null, reason: 'CSRF cookie not set.' },
  { label: 'no csrftoken cookie, get_token() header', cookie: null, header: 'token', reason: 'CSRF cookie not set.' },
  { label: 'cookie, no header', cookie: 'cookie', header: null, reason: 'CSRF token missing.' },
  { label: 'cookie + get_token() header', cookie: 'cookie', header: 'token', reason: null },
  { label: 'cookie + the cookie value as header', cookie: 'cookie', header: 'cookie', reason: null },
  { label: 'cookie + the unmasked 32-char secret as header', cookie: 'cookie', header: 'secret', reason: null },
  { label: '32-char secret cookie (Django >= 4.1 style) + get_token() header', cookie: 'secret', header: 'token', reason: null },
  { label: '32-char secret cookie + secret header', cookie: 'secret', header: 'secret', reason: null },
  { label: "cookie + another client's token", cookie: 'cookie', header: 'other_token', reason: CSRF_INCORRECT },
  { label: "another client's cookie + token", cookie: 'other_cookie', header: 'token', reason: CSRF_INCORRECT },
  {
    label: 'cookie + token cut to 40 chars',
    cookie: 'cookie',
    header: 'short',
    reason: "CSRF token from the 'X-Csrftoken' HTTP header has incorrect length.",
  },
  {
    label: "cookie + token with a '!'",
    cookie: 'cookie',
    header: 'badchars',
    reason: "CSRF token from the 'X-Csrftoken' HTTP header has invalid characters.",
  },
  { label: 'cookie cut to 40 chars + token', cookie: 'short_cookie', header: 'token', reason: 'CSRF cookie has incorrect length.' },
  { label: "cookie with a '!' + token", cookie: 'badchars_cookie', header: 'token', reason: 'CSRF cookie has invalid characters.' },
];

/** Which user each session must belong to in Django's eyes (null = anonymous), and why. */
const SESSION_INTENT: Record<string, { user: string | null; why: string }> = {
  staff: { user: 'interop-staff', why: 'Client().login() of a staff user' },
  nonstaff: { user: 'interop-nonstaff', why: 'Client().login() of a non-staff user' },
  unicode: { user: 'stäff-ünïcödé', why: 'non-ASCII username and password' },
  pwchanged: { user: null, why: 'password changed after login: stale _auth_user_hash' },
  deactivated: { user: null, why: 'user deactivated after login' },
  logged_out: { user: null, why: 'Client().logout() deleted the row' },
  expired: { user: null, why: 'expire_date in the past' },
  other_secret: { user: null, why: 'signed with another SECRET_KEY' },
  no_hash: { user: null, why: 'no _auth_user_hash' },
  unknown_backend: { user: null, why: '_auth_user_backend not in AUTHENTICATION_BACKENDS' },
  legacy_hash: { user: 'interop-staff', why: 'SHA-1 _auth_user_hash of Django <= 3.0' },
  legacy_format: { user: 'interop-staff', why: 'session_data in the pre-3.1 format' },
};

/** Token rows: expected answer and last_seen afterwards ('today', or unchanged). */
const TOKEN_CASES: Record<string, { status: 200 | 401 | 403; detail?: string; lastSeen: 'today' | 'unchanged' }> = {
  valid: { status: 200, lastSeen: 'today' },
  seen_yesterday: { status: 200, lastSeen: 'today' },
  expires_today: { status: 200, lastSeen: 'today' },
  expired: { status: 401, detail: 'Token has expired', lastSeen: 'unchanged' },
  revoked: { status: 401, detail: 'Token has been revoked', lastSeen: 'unchanged' },
  revoked_and_expired: { status: 401, detail: 'Token has been revoked', lastSeen: 'unchanged' },
  // InvenTree authenticates (and records last_seen) before the permission check.
  nonstaff: { status: 403, detail: NO_PERMISSION, lastSeen: 'today' },
  inactive: { status: 401, detail: 'User inactive or deleted.', lastSeen: 'unchanged' },
};

/** Basic attempts whose Django verdict we know in advance (the rest: wrong passwords → null). */
const BASIC_INTENT: Record<string, string | null> = {
  'staff: right password': 'interop-staff',
  'nonstaff: right password': 'interop-nonstaff',
  'inactive: right password': null,
  'pwchanged: old password': null,
  'pwchanged: new password': 'interop-pwchanged',
  'deactivated: right password': null,
  'unicode: right password': 'stäff-ünïcödé',
  'pbkdf2_600k: right password': 'interop-pbkdf2-600k',
  'pbkdf2_sha1: right password': 'interop-pbkdf2-sha1',
  'argon2: right password': 'interop-argon2',
  'bcrypt_sha256: right password': 'interop-bcrypt-sha256',
  'md5: right password': null,
  'empty: right password': 'interop-empty-password',
};

/**
 * Where InvenTree 0.15 (Django 4.2, allauth's backend) answers differently from
 * the plain Django 3.2 here, by design: what we must answer instead of what
 * Django 3.2's verdict implies. Keyed `basic:<label>` / `session:<label>`.
 */
const INVENTREE_DIFFERS: Record<string, { ours: Expected; why: string }> = {
  'basic:staff: username in upper case (ModelBackend is exact)': {
    ours: { status: 200 },
    why: "InvenTree also lists allauth's AuthenticationBackend, which matches the username case-insensitively",
  },
  'session:legacy_hash': {
    ours: { status: 401, detail: 'Authentication credentials were not provided.' },
    why: 'Django 3.2 still accepts the SHA-1 session hash, Django >= 4.0 does not',
  },
  'session:legacy_format': {
    ours: { status: 401, detail: 'Authentication credentials were not provided.' },
    why: 'Django 3.2 still reads pre-3.1 session data, Django >= 4.0 does not',
  },
};

type Expected = { status: 200 | 204 } | { status: 401 | 403; detail: string };

function expectedFor(user: DjangoUser): Expected {
  if (user === null) return { status: 401, detail: NOT_PROVIDED };
  return user.is_staff ? { status: 200 } : { status: 403, detail: NO_PERMISSION };
}

const basicHeader = (username: string, password: string) => `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;

// ---------------------------------------------------------------------------

async function main(t: Test): Promise<void> {
  const started = Date.now();
  const suite = await interopDatabase(t);
  const { name: dbName, handle } = suite;
  const migrated = await runPython<{ django: string; tables: string[] }>('auth_interop.py', ['migrate', dbName], undefined, 60_000);
  const db = handle.db;

  const ours = await migrate(db);
  t.same(
    [...ours.created].sort(),
    ['django_q_ormq', 'django_q_schedule', 'django_q_task', 'users_apitoken'],
    "our migrate adds only django_q_* and users_apitoken next to Django's auth_user/django_session",
  );
  t.same(ours.incompatible, [], "Django 3.2's auth_user and django_session have every column we read");
  t.ok(migrated.json.tables.includes('auth_user') && migrated.json.tables.includes('django_session'), 'Django created auth_user and django_session');

  const { json: py, ms: pyMs } = await runPython<Produced>(
    'auth_interop.py',
    ['produce', dbName],
    { csrf_cases: CSRF_CASES.map(({ label, cookie, header }) => ({ label, cookie, header })) },
    120_000,
  );
  t.comment(`Python ${py.meta.python}, Django ${py.meta.django} (PBKDF2 ${py.meta.pbkdf2_iterations} iterations): produced in ${pyMs} ms`);
  for (const [hasher, why] of Object.entries(py.skipped_hashers)) t.comment(`hasher ${hasher} not importable in Python, its cases are skipped: ${why}`);

  const config: Config = testConfig({
    secretKey: py.meta.secret_key,
    secretKeyFallbacks: [],
    timeZone: 'UTC',
    // Many deliberate 401s from one address: the per-client limit is not under test here.
    authRateLimitPerMinute: 0,
  });
  suite.app = await buildApp({ config, db, logger: false, databaseKind: 'postgres' });
  const server = suite.app;

  interface Sent {
    status: number;
    body: string;
    headers: Record<string, unknown>;
  }
  /** Inject; a response outside openapi/background-task.yaml fails `tt`. */
  async function send(tt: Test, options: InjectOptions): Promise<Sent> {
    const res = await server.inject(options);
    const method = options.method ?? 'GET';
    const url = options.url as string;
    const problem = checkResponse(config.apiCompat, String(method), url, res.statusCode, res.headers['content-type'] as string | undefined, res.body);
    if (problem) tt.fail(`response does not match openapi/background-task.yaml: ${problem.request} → ${problem.status}: ${problem.problem}`);
    return { status: res.statusCode, body: res.body, headers: res.headers };
  }

  /** A response asserted exactly: status, body, and WWW-Authenticate on a 401. */
  function assertAnswer(tt: Test, what: string, res: Sent, expected: Expected): void {
    tt.equal(res.status, expected.status, `${what}: ${expected.status}`, { body: res.body });
    if ('detail' in expected) {
      tt.equal(res.body, JSON.stringify({ detail: expected.detail }), `${what}: ${JSON.stringify(expected.detail)}`);
      if (expected.status === 401) tt.equal(res.headers['www-authenticate'], 'Token', `${what}: WWW-Authenticate: Token`);
    } else if (expected.status === 204) {
      tt.equal(res.body, '', `${what}: no body`);
    } else {
      const keys = res.status === 200 ? Object.keys(JSON.parse(res.body) as object) : [];
      tt.same(keys, ['is_running', 'pending_tasks', 'scheduled_tasks', 'failed_tasks'], `${what}: the overview`);
    }
  }

  async function expectAnswer(tt: Test, what: string, options: InjectOptions, expected: Expected): Promise<void> {
    assertAnswer(tt, what, await send(tt, options), expected);
  }

  const get = (headers: Record<string, string>): InjectOptions => ({ method: 'GET', url: OVERVIEW, headers });
  const del = (headers: Record<string, string>, items: string[] = ['0'.repeat(32)]): InjectOptions => ({
    method: 'DELETE',
    url: FAILED,
    headers: { 'content-type': 'application/json', ...headers },
    payload: JSON.stringify({ items }),
  });
  const session = (label: string) => {
    const s = py.sessions[label];
    if (!s) throw new Error(`auth_interop.py printed no session ${label}`);
    return s;
  };
  const token = (label: string) => {
    const tok = py.tokens[label];
    if (!tok) throw new Error(`auth_interop.py printed no token ${label}`);
    return tok;
  };
  const staffCookie = `sessionid=${session('staff').key}`;

  await t.test('Django-made hashes, session data and CSRF tokens, read by our code', async (tt) => {
    for (const [label, user] of Object.entries(py.users)) {
      tt.equal(sessionAuthHash(user.encoded, py.meta.secret_key), user.session_auth_hash, `${label}: get_session_auth_hash()`);
    }
    tt.match(py.users.staff?.encoded, /^pbkdf2_sha256\$260000\$[A-Za-z0-9]{22}\$[A-Za-z0-9+/]{43}=$/, "create_user() stored Django 3.2's default hash");
    for (const [label, s] of Object.entries(py.sessions)) {
      if (s.session_data === null || label === 'other_secret' || label === 'legacy_format') continue;
      let ours: unknown;
      try {
        ours = loadsJson(s.session_data, { keys: [py.meta.secret_key], salt: SESSION_SALT });
      } catch (e) {
        ours = `threw ${(e as Error).message}`;
      }
      tt.same(ours, s.decoded, `${label}: session_data decodes to what SessionStore.load() read`);
    }
    const other = session('other_secret');
    tt.throws(
      () => loadsJson(other.session_data ?? '', { keys: [py.meta.secret_key], salt: SESSION_SALT }),
      'session_data signed with another SECRET_KEY is refused',
    );
    tt.same(other.decoded, {}, 'Django reads it as an empty session too');
    tt.throws(
      () => loadsJson(session('legacy_format').session_data ?? '', { keys: [py.meta.secret_key], salt: SESSION_SALT }),
      'pre-3.1 session_data is not a signed value for us (Django >= 4.0 neither)',
    );
    const v = py.csrf.values;
    tt.equal(v.cookie?.length, 64, 'Django 3.2 sets the masked 64-char token as the csrftoken cookie');
    tt.equal(unmaskToken(v.cookie ?? ''), v.secret, "unmasking the cookie gives Django's secret");
    tt.equal(unmaskToken(v.token ?? ''), v.secret, "unmasking get_token()'s value gives the same secret");
    tt.not(v.token, v.cookie, 'get_token() masks anew (differs from the cookie)');
  });

  await t.test('API tokens (users_apitoken rows written the InvenTree way)', async (tt) => {
    const lastSeen = async (id: number) =>
      (await sql<{ d: string | null }>`SELECT to_char(last_seen, 'YYYY-MM-DD') AS d FROM users_apitoken WHERE id = ${id}`.execute(db)).rows[0]?.d ?? null;
    for (const [label, tok] of Object.entries(py.tokens)) {
      tt.match(tok.key, /^inv-[0-9a-f]{40}-\d{8}$/, `${label}: InvenTree key format`);
      tt.equal(await lastSeen(tok.id), tok.last_seen, `${label}: last_seen before use`);
    }
    for (const [label, c] of Object.entries(TOKEN_CASES)) {
      const tok = token(label);
      const expected: Expected = c.status === 200 ? { status: 200 } : { status: c.status, detail: c.detail ?? '' };
      await expectAnswer(tt, `token ${label}`, get({ authorization: `Token ${tok.key}` }), expected);
      const today = todayIn(config.timeZone);
      tt.equal(today, py.meta.today, "Python's timezone.localdate() is our today (TIME_ZONE=UTC)");
      tt.equal(await lastSeen(tok.id), c.lastSeen === 'today' ? today : tok.last_seen, `token ${label}: last_seen ${c.lastSeen}`);
    }
    const valid = token('valid').key;
    await expectAnswer(tt, 'keyword in lower case', get({ authorization: `token ${valid}` }), { status: 200 });
    await expectAnswer(tt, 'unknown key of the same format', get({ authorization: `Token inv-${'0'.repeat(40)}-${py.meta.today.replace(/-/g, '')}` }), {
      status: 401,
      detail: 'Invalid token.',
    });
    await expectAnswer(tt, 'a valid token needs no CSRF for DELETE', del({ authorization: `Token ${valid}` }), { status: 204 });
    await expectAnswer(tt, 'a bad token is final even with a valid session cookie', get({ authorization: 'Token nope', cookie: staffCookie }), {
      status: 401,
      detail: 'Invalid token.',
    });
  });

  await t.test('HTTP Basic against every hash Django stored', async (tt) => {
    tt.ok(py.basic.length >= 18, `${py.basic.length} username/password pairs`);
    // All at once (each costs a hash computation; ours run off the event loop), asserted in order.
    const answers = await Promise.all(py.basic.map((a) => send(tt, get({ authorization: basicHeader(a.username, a.password) }))));
    for (const [i, a] of py.basic.entries()) {
      const intended = a.label in BASIC_INTENT ? BASIC_INTENT[a.label] : null;
      tt.equal(a.django_user?.username ?? null, intended, `${a.label}: Django's authenticate() gives ${intended ?? 'None'}`);
      const differs = INVENTREE_DIFFERS[`basic:${a.label}`];
      if (differs) tt.comment(`${a.label}: Django 3.2 says ${a.django_user?.username ?? 'None'}, InvenTree differs: ${differs.why}`);
      const expected: Expected = differs?.ours ?? (a.django_user === null ? { status: 401, detail: BAD_BASIC } : expectedFor(a.django_user));
      assertAnswer(tt, `Basic ${a.label}`, answers[i]!, expected);
    }
    const empty = py.users.empty!;
    await expectAnswer(tt, 'Basic without a colon = empty password (DRF partition)', get({ authorization: `Basic ${Buffer.from(empty.username).toString('base64')}` }), {
      status: 200,
    });
    for (const [hasher, why] of Object.entries(py.skipped_hashers)) tt.pass(`Basic with a ${hasher} hash`, { skip: why });
    const staff = py.users.staff!;
    await expectAnswer(tt, 'Basic needs no CSRF for DELETE', del({ authorization: basicHeader(staff.username, staff.password ?? '') }), { status: 204 });
    await expectAnswer(tt, 'a wrong Basic password is final even with a valid session cookie', get({ authorization: basicHeader(staff.username, 'nope'), cookie: staffCookie }), {
      status: 401,
      detail: BAD_BASIC,
    });
  });

  await t.test('sessions Django created (Client().login()), as get_user() sees them', async (tt) => {
    for (const [label, s] of Object.entries(py.sessions)) {
      const intent = SESSION_INTENT[label];
      if (!intent) {
        tt.fail(`session ${label} has no expectation in SESSION_INTENT`);
        continue;
      }
      tt.equal(s.django_user?.username ?? null, intent.user, `${label} (${intent.why}): Django's get_user() gives ${intent.user ?? 'AnonymousUser'}`);
      const differs = INVENTREE_DIFFERS[`session:${label}`];
      if (differs) tt.comment(`session ${label}: Django 3.2 says ${s.django_user?.username ?? 'AnonymousUser'}, InvenTree differs: ${differs.why}`);
      await expectAnswer(tt, `session ${label} (${intent.why})`, get({ cookie: `sessionid=${s.key}` }), differs?.ours ?? expectedFor(s.django_user));
    }
    await expectAnswer(tt, 'a Bearer header is ignored: the session decides', get({ authorization: 'Bearer whatever', cookie: staffCookie }), { status: 200 });
  });

  await t.test("DELETE with a session: CSRF as Django's middleware decides it", async (tt) => {
    const byLabel = new Map(py.csrf.cases.map((c) => [c.label, c]));
    for (const c of CSRF_CASES) {
      const made = byLabel.get(c.label);
      if (!made) {
        tt.fail(`Python did not answer CSRF case ${c.label}`);
        continue;
      }
      tt.equal(made.django_reason === null, c.reason === null, `${c.label}: Django 3.2 ${made.django_reason === null ? 'accepts' : `refuses (${made.django_reason})`}`);
      const headers: Record<string, string> = { cookie: made.cookie === null ? staffCookie : `${staffCookie}; csrftoken=${made.cookie}` };
      if (made.header !== null) headers['x-csrftoken'] = made.header;
      await expectAnswer(tt, `session DELETE, ${c.label}`, del(headers), c.reason === null ? { status: 204 } : { status: 403, detail: `CSRF Failed: ${c.reason}` });
    }

    // The 204 really deletes: a failed task row goes away.
    const id = 'ab'.repeat(16);
    await sql`INSERT INTO django_q_task (id, name, func, started, stopped, success, attempt_count)
              VALUES (${id}, 'interop-auth', 'math.floor', now(), now(), false, 1)`.execute(db);
    const v = py.csrf.values;
    await expectAnswer(tt, 'session DELETE of a real failed task with the real csrftoken', del({ cookie: `${staffCookie}; csrftoken=${v.cookie}`, 'x-csrftoken': v.token ?? '' }, [id]), {
      status: 204,
    });
    const left = await sql<{ n: string }>`SELECT count(*) AS n FROM django_q_task WHERE id = ${id}`.execute(db);
    tt.equal(Number(left.rows[0]?.n), 0, 'the failed task is gone');

    const nonstaff = `sessionid=${session('nonstaff').key}`;
    await expectAnswer(tt, 'non-staff session, no CSRF: CSRF is checked first (during authentication)', del({ cookie: nonstaff }), {
      status: 403,
      detail: 'CSRF Failed: CSRF cookie not set.',
    });
    await expectAnswer(tt, 'non-staff session with CSRF: no permission', del({ cookie: `${nonstaff}; csrftoken=${v.cookie}`, 'x-csrftoken': v.token ?? '' }), {
      status: 403,
      detail: NO_PERMISSION,
    });
    await expectAnswer(tt, 'stale session (password changed), no CSRF: anonymous, so no CSRF check', del({ cookie: `sessionid=${session('pwchanged').key}` }), {
      status: 401,
      detail: NOT_PROVIDED,
    });
    await expectAnswer(tt, 'deactivated user\'s session with valid CSRF: anonymous', del({ cookie: `sessionid=${session('deactivated').key}; csrftoken=${v.cookie}`, 'x-csrftoken': v.token ?? '' }), {
      status: 401,
      detail: NOT_PROVIDED,
    });
  });

  await t.test('reverse: users and tokens our code writes, read by Django', async (tt) => {
    const password = 'our-pässword-✓';
    await createUser(db, { username: 'ours-stäff', password, isStaff: true });
    await createUser(db, { username: 'ours-tokenonly', isStaff: true });
    const made = await createToken(db, { username: 'ours-stäff', name: 'interop' });
    // And one made the way InvenTree's clients get theirs: GET /api/user/token/ with Basic.
    const fromApi = await send(tt, { method: 'GET', url: '/api/user/token/?name=interop%20client', headers: { authorization: basicHeader('ours-stäff', password), 'user-agent': 'interop' } });
    tt.equal(fromApi.status, 200, 'GET /api/user/token/ issues a token');
    const apiToken = (JSON.parse(fromApi.body) as { token: string }).token;
    const { json: verified } = await runPython<Verified>(
      'auth_interop.py',
      ['verify', dbName as string],
      {
        secret_key: py.meta.secret_key,
        users: [
          { username: 'ours-stäff', password, session: true },
          { username: 'ours-tokenonly', password: null },
        ],
        tokens: [made.key, apiToken],
      },
      120_000,
    );
    const u = verified.users['ours-stäff'];
    tt.ok(u, 'Django loads our auth_user row');
    if (u) {
      tt.equal(u.full_clean, null, 'full_clean() finds nothing wrong with our row');
      tt.equal(u.algorithm, 'pbkdf2_sha256', 'identify_hasher: pbkdf2_sha256');
      tt.equal(u.check_wrong_password, false, 'check_password refuses a wrong password');
      tt.same(u.authenticate, { username: 'ours-stäff', is_staff: true }, 'authenticate() (ModelBackend + check_password) accepts our row and hash');
      tt.same([u.is_active, u.is_staff, u.is_superuser, u.has_usable_password, u.date_joined_aware], [true, true, false, true, true], 'flags and date_joined');
      if (u.must_update) tt.comment('info: Django would re-hash our 1,000,000-iteration PBKDF2 hash at its own count on the next password login (must_update)');
    }
    const o = verified.users['ours-tokenonly'];
    tt.same(o && [o.has_usable_password, o.algorithm, o.check_wrong_password, o.full_clean], [false, null, false, null], 'a token-only user has an unusable password for Django');
    const tk = verified.tokens[made.key];
    tt.ok(tk, 'the token row is there');
    if (tk) {
      tt.same(
        [tk.format_ok, tk.length, tk.suffix_is_today, tk.expiry_days_from_today, tk.revoked, tk.last_seen, tk.created_aware, tk.username],
        [true, 53, true, 365, false, null, true, 'ours-stäff'],
        "InvenTree's key format, today's suffix, expiry today+365, not revoked, never seen",
      );
    }
    const api = verified.tokens[apiToken];
    tt.same(
      api && [api.format_ok, api.key_valid, api.length, api.suffix_is_today, api.expiry_days_from_today, api.revoked, api.last_seen, api.created_aware, api.username, api.name],
      [true, true, 53, true, 365, false, null, true, 'ours-stäff', 'interop-client'],
      "GET /api/user/token/'s row: InvenTree's key format and validators, expiry today+365, the sanitized name",
    );
    tt.same(
      api?.metadata,
      { user_agent: 'interop', remote_addr: '127.0.0.1', remote_host: '', remote_user: '', server_name: 'localhost', server_port: '80' },
      'its metadata, loaded by Django as a JSON object',
    );
    await expectAnswer(tt, 'the token from GET /api/user/token/', get({ authorization: `Token ${apiToken}` }), { status: 200 });
    const s = verified.sessions['ours-stäff'];
    tt.same(s?.django_user, { username: 'ours-stäff', is_staff: true }, "Django's force_login() session is valid for get_user()");
    if (s) await expectAnswer(tt, 'Django session for our user', get({ cookie: `sessionid=${s.key}` }), { status: 200 });
    await expectAnswer(tt, 'our token', get({ authorization: `Token ${made.key}` }), { status: 200 });
    await expectAnswer(tt, 'Basic with our password', get({ authorization: basicHeader('ours-stäff', password) }), { status: 200 });
  });

  t.comment(`auth interop took ${Date.now() - started} ms (Python produce ${pyMs} ms)`);
}

// CI runs the suites twice (PGlite, then PostgreSQL); this file talks to the
// PostgreSQL server either way, so it runs once, in the PostgreSQL pass.
if (interopRuns(t, 'auth interop')) await t.test('authentication against real Django', (tt) => main(tt));
