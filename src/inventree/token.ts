/**
 * GET /api/user/token/ — InvenTree 0.15's GetAuthToken: the caller's active
 * token of the given `name` (not revoked, expiry >= today, lowest id first),
 * or a new one made as ApiToken's defaults make it, plus the request metadata
 * InvenTree records on the token row. The answer is `{token, name, expiry}`.
 *
 * Not done here: InvenTree also logs a Basic/Token caller into a new Django
 * session (`login(request, user)`, a Set-Cookie); this service creates no
 * sessions (docs/inventree-clients.md).
 */
import { sql } from 'kysely';
import type { OperationHandlers } from '../../generated/operations.js';
import { defaultExpiry, generateTokenKey } from '../auth/accounts.js';
import { todayIn } from '../auth/dates.js';
import type { RequestContext } from '../context.js';
import { ApiError } from '../http/errors.js';
import { guardedWrite, isReadOnlyDatabaseError } from '../http/read-only.js';

type Handlers = OperationHandlers<RequestContext>;

/** Python's str.strip() whitespace (str.isspace). */
const PY_SPACE = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const PY_STRIP = new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, 'g');
/** remove_non_printable_characters(remove_newline=True): ASCII controls, newlines, then every \p{C}. */
const NON_PRINTABLE = /\p{C}+/gu;
/**
 * Where bleach.clean(strip=True, tags=[]) would change the text, so that
 * strip_html_tags raises: a tag, end tag, comment or declaration opening, or
 * one of the three entities it turns back into characters.
 */
const HTML_CHANGES = /<[A-Za-z/!?]|&(?:amp|lt|gt);/;

export const HTML_TAGS_MESSAGE = 'Remove HTML tags from this value';

/** ApiToken.sanitize_name. Throws InvenTree's 400 when the name holds HTML. */
export function sanitizeTokenName(raw: string): string {
  let name = raw.replace(PY_STRIP, '');
  name = name.replace(NON_PRINTABLE, '');
  if (HTML_CHANGES.test(name)) throw new ApiError(400, { non_field_errors: [HTML_TAGS_MESSAGE] });
  name = name.replaceAll(' ', '-');
  // name[:100]: code points, as Python slices.
  return Array.from(name).slice(0, 100).join('');
}

/** QueryDict.get(): the last value of a repeated key. */
function lastValue(value: unknown): string {
  if (Array.isArray(value)) return lastValue(value[value.length - 1]);
  return typeof value === 'string' ? value : '';
}

/** The six `set_metadata` calls of GetAuthToken, as gunicorn's WSGI environ fills them. */
function requestMetadata(context: RequestContext): Record<string, string> {
  const request = context.request;
  const userAgent = request.headers['user-agent'];
  const https = request.protocol === 'https';
  return {
    user_agent: typeof userAgent === 'string' ? userAgent : '',
    remote_addr: (request.ip ?? '').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, ''),
    remote_host: '',
    remote_user: '',
    server_name: request.hostname ?? '',
    server_port: String(request.port ?? (https ? 443 : 80)),
  };
}

/** Merges into the row's metadata (a JSON object, or nothing yet), as set_metadata does key by key. */
const mergedMetadata = (metadata: Record<string, string>) =>
  sql<unknown>`(CASE WHEN jsonb_typeof(metadata) = 'object' THEN metadata ELSE '{}'::jsonb END) || ${JSON.stringify(metadata)}::jsonb`;

export const userTokenRetrieve: Handlers['user_token_retrieve'] = async ({ query, context }) => {
  const name = sanitizeTokenName(lastValue((query as Record<string, unknown>).name));
  const { config, db } = context;
  const today = todayIn(config.timeZone);
  const metadata = requestMetadata(context);

  // The write database: a replica may not have the token made a moment ago.
  const existing = await db
    .selectFrom('users_apitoken')
    .select(['id', 'key', 'name', sql<string>`to_char(expiry, 'YYYY-MM-DD')`.as('expiry')])
    .where('user_id', '=', context.user.id)
    .where('name', '=', name)
    .where('revoked', '=', false)
    .where('expiry', '>=', today)
    .orderBy('id')
    .executeTakeFirst();

  if (existing) {
    // Recording the metadata is the only write; read-only servers skip it and
    // still hand out the token the caller already has.
    if (!config.readOnly) {
      try {
        await sql`UPDATE users_apitoken SET metadata = ${mergedMetadata(metadata)} WHERE id = ${existing.id}`.execute(db);
      } catch (err) {
        if (!isReadOnlyDatabaseError(err)) throw err;
        context.request.log.warn({ code: (err as { code?: string }).code }, 'cannot record users_apitoken.metadata (read-only database user?)');
      }
    }
    return { status: 200, body: { token: existing.key, name: existing.name, expiry: existing.expiry } };
  }

  const created = await guardedWrite(config, 'the API token was not created', () =>
    db
      .insertInto('users_apitoken')
      .values({
        key: generateTokenKey(config.timeZone),
        name,
        expiry: defaultExpiry(config.timeZone),
        revoked: false,
        user_id: context.user.id,
        created: new Date(),
        last_seen: null,
        metadata: JSON.stringify(metadata),
      })
      .returning(['key', 'name', sql<string>`to_char(expiry, 'YYYY-MM-DD')`.as('expiry')])
      .executeTakeFirstOrThrow(),
  );
  context.request.log.info({ user: context.user.username, name }, `Created new API token for user '${context.user.username}' (name='${name}')`);
  return { status: 200, body: { token: created.key, name: created.name, expiry: created.expiry } };
};
