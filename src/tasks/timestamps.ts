/**
 * How a timestamptz column goes on the wire, per API_COMPAT mode. The SQL does
 * the formatting: it keeps PostgreSQL's microseconds (a JS Date would drop
 * them), converts time zones with the database's own tz data, and costs no
 * per-row work in Node.
 *
 *   schema    2024-05-19T08:03:12.345678Z   (DRF's default ISO 8601 in UTC: Python's
 *             isoformat(), so `.000000` is omitted when there are no microseconds)
 *   inventree 2024-05-19 08:03              (InvenTree's DATETIME_FORMAT in TIME_ZONE)
 */
import { type RawBuilder, sql } from 'kysely';
import type { Config } from '../config/env.js';

export function timestampText(config: Pick<Config, 'apiCompat' | 'timeZone'>, column: string | RawBuilder<Date | null>): RawBuilder<string | null> {
  const ref = typeof column === 'string' ? sql.ref(column) : column;
  return config.apiCompat === 'inventree'
    ? sql<string | null>`to_char(${ref} AT TIME ZONE ${config.timeZone}, 'YYYY-MM-DD HH24:MI')`
    : sql<string | null>`regexp_replace(to_char(${ref} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), '\\.000000$', '') || 'Z'`;
}
