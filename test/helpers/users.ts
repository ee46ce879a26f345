/**
 * Users and API tokens written straight into auth_user / users_apitoken, in
 * InvenTree's formats, for tests that need a caller.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';

export interface TestUserOptions {
  username?: string;
  /** A Django password hash; default unusable ('!…'). */
  password?: string;
  isStaff?: boolean;
  isSuperuser?: boolean;
  isActive?: boolean;
}

export async function createUser(db: Kysely<Database>, options: TestUserOptions = {}): Promise<{ id: number; username: string }> {
  const username = options.username ?? `user_${randomBytes(4).toString('hex')}`;
  const row = await db
    .insertInto('auth_user')
    .values({
      username,
      password: options.password ?? `!${randomBytes(20).toString('hex')}`,
      is_staff: options.isStaff ?? false,
      is_superuser: options.isSuperuser ?? false,
      is_active: options.isActive ?? true,
      first_name: '',
      last_name: '',
      email: '',
      date_joined: new Date(),
      last_login: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, username };
}

/** An InvenTree token key: inv-<40 hex>-<YYYYMMDD>. */
export function tokenKey(): string {
  const day = new Date().toISOString().slice(0, 10).replace(/-/g, '');
  return `inv-${randomBytes(20).toString('hex')}-${day}`;
}

export async function createToken(
  db: Kysely<Database>,
  userId: number,
  options: { key?: string; expiry?: string; revoked?: boolean; name?: string } = {},
): Promise<string> {
  const key = options.key ?? tokenKey();
  const expiry = options.expiry ?? new Date(Date.now() + 365 * 86400_000).toISOString().slice(0, 10);
  await db
    .insertInto('users_apitoken')
    .values({ key, user_id: userId, expiry, revoked: options.revoked ?? false, name: options.name ?? '', created: new Date(), last_seen: null, metadata: null })
    .execute();
  return key;
}

/** A staff user with a token: `Authorization` header value. */
export async function staffAuthorization(db: Kysely<Database>): Promise<string> {
  const user = await createUser(db, { isStaff: true });
  return `Token ${await createToken(db, user.id)}`;
}
