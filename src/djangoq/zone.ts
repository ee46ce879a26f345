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

function intlOffset(zone: string, epochSeconds: number): number {
  const part = formatter(zone)
    .formatToParts(new Date(epochSeconds * 1000))
    .find((p) => p.type === 'timeZoneName');
  const m = /GMT([+-])(\d{2}):(\d{2})(?::(\d{2}))?/.exec(part?.value ?? '');
  if (!m) return 0;
  const v = Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0);
  return m[1] === '-' ? -v : v;
}

// Per zone, known spans [start, end) (whole seconds) of constant offset, sorted.
// A miss asks Intl for the offset, then widens the span by doubling steps up
// to 64 days and bisects to the second where the offset changes, so walking
// day by day through centuries costs a few Intl calls per DST period.
interface Span {
  start: number;
  end: number;
  offset: number;
}
const spans = new Map<string, Span[]>();
const SPAN_LIMIT = 64 * 86400;

function findSpan(list: Span[], t: number): number {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const sp = list[mid] as Span;
    if (t < sp.start) hi = mid - 1;
    else if (t >= sp.end) lo = mid + 1;
    else return mid;
  }
  return -1 - lo;
}

function widen(zone: string, t: number, off: number, dir: 1 | -1): number {
  // Last second (in direction dir) still at `off`, searched up to SPAN_LIMIT away.
  let good = 0;
  let step = 3600;
  let bad = -1;
  while (step <= SPAN_LIMIT) {
    if (intlOffset(zone, t + dir * step) === off) good = step;
    else {
      bad = step;
      break;
    }
    step *= 2;
  }
  if (bad < 0) return t + dir * good;
  while (bad - good > 1) {
    const mid = Math.floor((good + bad) / 2);
    if (intlOffset(zone, t + dir * mid) === off) good = mid;
    else bad = mid;
  }
  return t + dir * good;
}

/** UTC offset in seconds of `zone` at a UTC instant (seconds since the epoch). */
export function offsetAt(zone: string, epochSeconds: number): number {
  if (zone === 'UTC' || zone === 'Etc/UTC') return 0;
  const t = Math.floor(epochSeconds);
  let list = spans.get(zone);
  if (list === undefined) {
    formatter(zone);
    list = [];
    if (spans.size < 256) spans.set(zone, list);
  }
  const at = findSpan(list, t);
  if (at >= 0) return (list[at] as Span).offset;
  const off = intlOffset(zone, t);
  const start = widen(zone, t, off, -1);
  const end = widen(zone, t, off, 1) + 1;
  if (list.length < 100_000) {
    // Insert, clipped to its neighbours (spans never overlap).
    const idx = -1 - at;
    const prev = list[idx - 1];
    const next = list[idx];
    const sp: Span = { start: prev ? Math.max(start, prev.end) : start, end: next ? Math.min(end, next.start) : end, offset: off };
    if (sp.start <= t && t < sp.end) list.splice(idx, 0, sp);
  }
  return off;
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
