/**
 * Datetimes that live inside decoded payloads (not in columns, which the SQL
 * formats: ../timestamps.ts), rendered the same way per API_COMPAT mode:
 *
 *   schema    2024-05-19T08:03:12.345678Z   (UTC; `.000000` omitted, as DRF/isoformat)
 *   inventree 2024-05-19 08:03              (TIME_ZONE)
 */
import type { Config } from '../../config/env.js';
import { type PyDateTime, timedeltaMicros } from '../../djangoq/index.js';
import { utcOffsetSeconds } from '../../djangoq/repr-datetime.js';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Microseconds since the epoch of an aware datetime; null for a naive one or an unknown zone. */
export function epochMicros(dt: PyDateTime): bigint | null {
  if (dt.tzinfo === null) return null;
  const offset = utcOffsetSeconds(dt.tzinfo, dt);
  if (offset === null) return null;
  const wall = BigInt(Date.UTC(dt.year, dt.month - 1, dt.day, dt.hour, dt.minute, dt.second)) * 1000n + BigInt(dt.microsecond);
  // Date.UTC maps years 0-99 to 1900-1999; datetimes that old are not timestamps of tasks.
  if (dt.year < 100) return null;
  return wall - timedeltaMicros(offset);
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

export function formatInstant(config: Pick<Config, 'apiCompat' | 'timeZone'>, micros: bigint): string {
  const ms = Number(micros / 1000n) - (micros % 1000n < 0n ? 1 : 0);
  if (config.apiCompat === 'inventree') {
    let format = zoneFormats.get(config.timeZone);
    if (!format) {
      format = new Intl.DateTimeFormat('en-CA', {
        timeZone: config.timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
      });
      zoneFormats.set(config.timeZone, format);
    }
    const parts = Object.fromEntries(format.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
    return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
  }
  const d = new Date(ms);
  const us = Number(((micros % 1_000_000n) + 1_000_000n) % 1_000_000n);
  const base = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return `${base}${us ? `.${pad(us, 6)}` : ''}Z`;
}
