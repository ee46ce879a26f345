/** The `auth_user` columns authentication needs, and the shape handed to the app. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export interface UserRow {
  id: number;
  username: string;
  /** The stored Django password hash. */
  password: string;
  is_active: boolean;
  is_staff: boolean;
  is_superuser: boolean;
}

export const USER_COLUMNS = ['id', 'username', 'password', 'is_active', 'is_staff', 'is_superuser'] as const;

export async function userById(db: Kysely<Database>, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('auth_user').select(USER_COLUMNS).where('id', '=', id).executeTakeFirst();
}
