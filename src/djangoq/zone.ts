// Time-zone arithmetic the way Python's datetime does it, for the scheduler
// emulation (schedule.ts, croniter.ts). Offsets come from Node's ICU tz data
// (Intl), which must match the tzdata of the Python side for the same
// instants (it does for current rules; historic/future rule changes may lag).
//
// A local datetime is kept as "wall seconds": the local calendar time counted
// as if it were UTC seconds since 1970 (fractional = microseconds). Three
// kinds of tzinfo behave differently under arithmetic:
//  * 'zoneinfo': utcoffset() is recomputed from the wall time and `fold`
//    (PEP 495), so wall arithmetic stays local (zoneinfo.ZoneInfo);
//  * 'pytz': the offset of the instant the datetime was made for sticks
//    through arithmetic until normalize() (Django 3.2 / django-q 1.3.9);
//  * 'naive': no tzinfo, offset 0 (USE_TZ = False).

export type ZoneKind = 'zoneinfo' | 'pytz' | 'naive';

export class UnknownTimeZoneError extends Error {
  readonly pythonName = 'ZoneInfoNotFoundError';
  constructor(zone: string) {
    super(`No time zone found with key ${zone}`);
    this.name = 'UnknownTimeZoneError';
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    } catch {
      throw new UnknownTimeZoneError(zone);
    }
    if (formatters.size < 256) formatters.set(zone, f);
  }
  return f;
}

/** True when Intl knows the zone. */
export function isKnownZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

const offsetCache = new Map<string, number>();

/** UTC offset in seconds of `zone` at a UTC instant (seconds since the epoch). */
export function offsetAt(zone: string, epochSeconds: number): number {
  if (zone === 'UTC' || zone === 'Etc/UTC') return 0;
  // Offsets change at whole minutes at most; cache by minute.
  const minute = Math.floor(epochSeconds / 60);
  const key = `${zone}\u0000${minute}`;
  const hit = offsetCache.get(key);
  if (hit !== undefined) return hit;
  const part = formatter(zone)
    .formatToParts(new Date(minute * 60_000))
    .find((p) => p.type === 'timeZoneName');
  const m = /GMT([+-])(\d{2}):(\d{2})(?::(\d{2}))?/.exec(part?.value ?? '');
  let v = 0;
  if (m) {
    v = Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0);
    if (m[1] === '-') v = -v;
  }
  if (offsetCache.size > 100_000) offsetCache.clear();
  offsetCache.set(key, v);
  return v;
}

/**
 * utcoffset() of a wall time in a zoneinfo zone (PEP 495): in a gap or an
 * overlap, fold=0 takes the offset before the transition, fold=1 the one after.
 */
export function wallOffset(zone: string, wall: number, fold: 0 | 1): number {
  const before = offsetAt(zone, wall - 86400);
  const after = offsetAt(zone, wall + 86400);
  if (before === after) return offsetAt(zone, wall - before);
  const validBefore = offsetAt(zone, wall - before) === before;
  const validAfter = offsetAt(zone, wall - after) === after;
  if (validBefore && validAfter) return fold ? after : before;
  if (validBefore) return before;
  if (validAfter) return after;
  return fold ? after : before;
}

/** An aware (or naive) local datetime. */
export interface LocalTime {
  /** Local calendar time as seconds since 1970-01-01T00:00 (fraction = microseconds). */
  wall: number;
  fold: 0 | 1;
  /** Offset carried by a pytz tzinfo (ignored for zoneinfo / naive). */
  fixedOffset: number;
}

export interface Zone {
  kind: ZoneKind;
  /** IANA name (ignored for 'naive'). */
  name: string;
}

/** `datetime.fromtimestamp(ts, tz)` / `astimezone(tz)`: correct offset, fold set for the second of two equal wall times. */
export function fromInstant(zone: Zone, epochSeconds: number): LocalTime {
  if (zone.kind === 'naive') return { wall: epochSeconds, fold: 0, fixedOffset: 0 };
  const off = offsetAt(zone.name, epochSeconds);
  const wall = epochSeconds + off;
  let fold: 0 | 1 = 0;
  if (zone.kind === 'zoneinfo') {
    const earlier = offsetAt(zone.name, epochSeconds - 86400);
    if (earlier !== off && offsetAt(zone.name, wall - earlier) === earlier && wall - earlier < epochSeconds) fold = 1;
  }
  return { wall, fold, fixedOffset: off };
}

/** utcoffset() in seconds. */
export function utcOffset(zone: Zone, t: LocalTime): number {
  if (zone.kind === 'naive') return 0;
  if (zone.kind === 'pytz') return t.fixedOffset;
  return wallOffset(zone.name, t.wall, t.fold);
}

/** The instant (seconds since the epoch) of an aware datetime; naive ones are read as UTC (croniter's rule). */
export function toInstant(zone: Zone, t: LocalTime): number {
  return t.wall - utcOffset(zone, t);
}

/** Wall-clock arithmetic (`dt + timedelta`, `dt.replace(...)`): fold resets to 0, a pytz offset stays. */
export function withWall(t: LocalTime, wall: number): LocalTime {
  return { wall, fold: 0, fixedOffset: t.fixedOffset };
}

// ---------------------------------------------------------------------------
// Civil calendar helpers on wall seconds.

export interface Civil {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Fraction of the second, in seconds (0 <= frac < 1). */
  frac: number;
}

export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromWall(wall: number): Civil {
  const whole = Math.floor(wall);
  const frac = wall - whole;
  const days = Math.floor(whole / 86400);
  let rem = whole - days * 86400;
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const hour = Math.floor(rem / 3600);
  rem -= hour * 3600;
  const minute = Math.floor(rem / 60);
  return { year, month, day, hour, minute, second: rem - minute * 60, frac };
}

export function wallFromCivil(c: Civil): number {
  return daysFromCivil(c.year, c.month, c.day) * 86400 + c.hour * 3600 + c.minute * 60 + c.second + c.frac;
}

export function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeap(y) ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] as number;
}

/** Python's date.isoweekday() % 7: Sunday 0 ... Saturday 6. */
export function weekdaySun0(wall: number): number {
  const days = Math.floor(Math.floor(wall) / 86400);
  return (((days + 4) % 7) + 7) % 7;
}
