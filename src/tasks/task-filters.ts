/**
 * The filters every task list has from the extensions on (failed,
 * succeeded): `func` and `group` (exact), `started_after` and
 * `started_before` (inclusive, ISO 8601 date or date-time; without an offset
 * in TIME_ZONE, as Django makes naive input aware). Like django-filter, a
 * value that is not a date/time is a 400 naming the parameter. With the
 * extensions off they are ignored, as InvenTree ignores unknown parameters.
 */
import { type Expression, type SqlBool, sql } from 'kysely';
import type { Config } from '../config/env.js';
import { extensionsEnabled } from '../config/extensions.js';
import { validationError } from '../http/errors.js';
import { lastValue } from '../http/python-query.js';

export interface TaskFilterQuery {
  func?: string | string[];
  group?: string | string[];
  started_after?: string | string[];
  started_before?: string | string[];
}

// Django's parse_datetime pattern (plus a bare date, which its form field accepts as midnight).
const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,](\d{1,6})\d{0,6})?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

const pad = (n: number | string, w = 2) => String(n).padStart(w, '0');

/** The value as PostgreSQL timestamp text plus its offset ('' = naive), or undefined when it is not a valid date/time. */
export function parseIsoDateTime(text: string): { local: string; offset: string } | undefined {
  const m = ISO.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', tz] = m;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (year < 1 || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return undefined;
  let offset = '';
  if (tz === 'Z') offset = '+00:00';
  else if (tz) {
    const digits = tz.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2) || '0');
    if (oh > 23 || om > 59) return undefined;
    offset = `${tz[0]}${pad(oh)}:${pad(om)}`;
  }
  return { local: `${pad(year, 4)}-${pad(month)}-${pad(day)} ${pad(hour)}:${pad(minute)}:${pad(second)}.${frac.padEnd(6, '0')}`, offset };
}

function instant(config: Pick<Config, 'timeZone'>, field: string, raw: string) {
  const parsed = parseIsoDateTime(raw);
  if (!parsed) throw validationError(field, 'Enter a valid date/time.');
  return parsed.offset
    ? sql`${`${parsed.local}${parsed.offset}`}::timestamptz`
    : sql`(${parsed.local}::timestamp AT TIME ZONE ${config.timeZone})`;
}

/** Conditions to AND onto a django_q_task query aliased `t` (empty: no filtering). */
export function taskFilterConditions(config: Pick<Config, 'apiCompat' | 'extensions' | 'timeZone'>, query: TaskFilterQuery): Expression<SqlBool>[] {
  if (!extensionsEnabled(config)) return [];
  const out: Expression<SqlBool>[] = [];
  const func = lastValue(query.func);
  const group = lastValue(query.group);
  const after = lastValue(query.started_after);
  const before = lastValue(query.started_before);
  // An empty value filters nothing, as django-filter treats it. PostgreSQL
  // text cannot hold NUL: such a value matches no row (instead of an error).
  if ([func, group].some((v) => v?.includes('\u0000'))) return [sql<SqlBool>`false`];
  if (func) out.push(sql<SqlBool>`t.func = ${func}`);
  if (group) out.push(sql<SqlBool>`t."group" = ${group}`);
  if (after) out.push(sql<SqlBool>`t.started >= ${instant(config, 'started_after', after)}`);
  if (before) out.push(sql<SqlBool>`t.started <= ${instant(config, 'started_before', before)}`);
  return out;
}
