/**
 * Users and API tokens written the way Django and InvenTree write them, for
 * the `bgtasks user` / `bgtasks token` commands and the first-start admin.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { todayIn } from './dates.js';
import { DJANGO_PBKDF2_ITERATIONS, makePbkdf2Sha256, randomSalt, UNUSABLE_PASSWORD_PREFIX } from './password-hashers.js';

export class AccountError extends Error {
  override name = 'AccountError';
}

/** Django's UnicodeUsernameValidator and the column's length. */
export function usernameProblem(username: string): string | undefined {
  if (!username) return 'the username must not be empty';
  if (username.length > 150) return 'the username must be at most 150 characters';
  if (!/^[\p{L}\p{N}_.@+-]+$/u.test(username)) return 'the username may contain only letters, digits and @ . + - _';
  return undefined;
}

/** InvenTree's ApiToken.generate_key: `inv-` + DRF's 40 hex chars + `-YYYYMMDD` (creation day). */
export function generateTokenKey(timeZone = 'UTC', now = new Date()): string {
  return `inv-${randomBytes(20).toString('hex')}-${todayIn(timeZone, now).replace(/-/g, '')}`;
}

/** A random password for generated accounts (~143 bits, URL- and shell-safe). */
export function generatePassword(): string {
  return randomSalt(24);
}

/** InvenTree's default token lifetime: today + 365 days. */
export function defaultExpiry(timeZone = 'UTC', now = new Date()): string {
  const [y, m, d] = todayIn(timeZone, now).split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 365)).toISOString().slice(0, 10);
}

/** A real calendar date in `YYYY-MM-DD`. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export interface NewUser {
  username: string;
  /** Clear-text password; undefined = unusable password (token-only account). */
  password?: string;
  isStaff?: boolean;
  isSuperuser?: boolean;
  /** PBKDF2 iterations (default Django 5.2's 1,000,000). */
  iterations?: number;
}

export async function createUser(db: Kysely<Database>, user: NewUser): Promise<{ id: number; username: string }> {
  const problem = usernameProblem(user.username);
  if (problem) throw new AccountError(problem);
  const password =
    user.password === undefined
      ? UNUSABLE_PASSWORD_PREFIX + randomSalt(40)
      : await makePbkdf2Sha256(user.password, { iterations: user.iterations ?? DJANGO_PBKDF2_ITERATIONS });
  const existing = await db.selectFrom('auth_user').select('id').where('username', '=', user.username).executeTakeFirst();
  if (existing) throw new AccountError(`a user named "${user.username}" already exists`);
  const row = await db
    .insertInto('auth_user')
    .values({
      username: user.username,
      password,
      is_staff: user.isStaff ?? false,
      is_superuser: user.isSuperuser ?? false,
      is_active: true,
      first_name: '',
      last_name: '',
      email: '',
      date_joined: new Date(),
      last_login: null,
    })
    .returning(['id', 'username'])
    .executeTakeFirstOrThrow();
  return row;
}

export interface UserSummary {
  id: number;
  username: string;
  isStaff: boolean;
  isSuperuser: boolean;
  isActive: boolean;
  hasPassword: boolean;
  activeTokens: number;
}

export async function listUsers(db: Kysely<Database>, timeZone = 'UTC'): Promise<UserSummary[]> {
  const today = todayIn(timeZone);
  const rows = await db
    .selectFrom('auth_user as u')
    .leftJoin('users_apitoken as t', (join) =>
      join
        .onRef('t.user_id', '=', 'u.id')
        .on('t.revoked', '=', false)
        .on((eb) => eb.or([eb('t.expiry', 'is', null), eb('t.expiry', '>=', today)])),
    )
    .select(['u.id', 'u.username', 'u.is_staff', 'u.is_superuser', 'u.is_active', 'u.password'])
    .select((eb) => eb.fn.count<string>('t.id').as('tokens'))
    .groupBy('u.id')
    .orderBy('u.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    username: r.username,
    isStaff: r.is_staff,
    isSuperuser: r.is_superuser,
    isActive: r.is_active,
    hasPassword: !r.password.startsWith(UNUSABLE_PASSWORD_PREFIX),
    activeTokens: Number(r.tokens),
  }));
}

export interface NewToken {
  username: string;
  name?: string;
  /** `YYYY-MM-DD`; default today + 365 days. */
  expiry?: string;
  /** A given key (ADMIN_TOKEN); default a new InvenTree-format key. */
  key?: string;
  timeZone?: string;
}

export async function createToken(db: Kysely<Database>, token: NewToken): Promise<{ key: string; expiry: string; userId: number }> {
  const timeZone = token.timeZone ?? 'UTC';
  const user = await db.selectFrom('auth_user').select('id').where('username', '=', token.username).executeTakeFirst();
  if (!user) throw new AccountError(`no user named "${token.username}"`);
  const expiry = token.expiry ?? defaultExpiry(timeZone);
  if (!isIsoDate(expiry)) throw new AccountError(`the expiry must be a date as YYYY-MM-DD, got "${expiry}"`);
  const name = token.name ?? '';
  if (name.length > 100) throw new AccountError('the token name must be at most 100 characters');
  const key = token.key ?? generateTokenKey(timeZone);
  if (!key || key.length > 100 || /\s/.test(key)) throw new AccountError('a token key must be 1-100 characters without spaces');
  await db
    .insertInto('users_apitoken')
    .values({ key, name, expiry, revoked: false, user_id: user.id, created: new Date(), last_seen: null, metadata: null })
    .execute();
  return { key, expiry, userId: user.id };
}

/** Marks a token revoked (InvenTree keeps revoked rows). False when no such key. */
export async function revokeToken(db: Kysely<Database>, key: string): Promise<boolean> {
  const result = await db.updateTable('users_apitoken').set({ revoked: true }).where('key', '=', key).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
