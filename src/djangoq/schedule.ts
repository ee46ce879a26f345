// When django-q's scheduler runs a schedule next, computed exactly as the
// scheduler computes it (django-q2 `Schedule.calculate_next_run` + the loop in
// `scheduler()`, or django-q 1.3.9's arrow-based loop in `cluster.scheduler`).
// Facts, sources and the differences between the two: docs/scheduler.md.
//
// Instants are microseconds since the Unix epoch (UTC), like PostgreSQL's
// timestamptz resolution; the range is ±285 years around 1970.

import { CroniterError, cronExpand, cronNext } from './croniter.js';
import { civilFromWall, daysInMonth, offsetAt, wallFromCivil, wallOffset, type Zone } from './zone.js';

/** Microseconds since 1970-01-01T00:00:00Z. */
export type Micros = number;

export type ScheduleType = 'O' | 'I' | 'H' | 'D' | 'W' | 'BW' | 'M' | 'BM' | 'Q' | 'Y' | 'C';

/** django-q2's `Schedule.TYPE` labels (django-q 1.3.9 lacks BW and BM). */
export const SCHEDULE_TYPE_NAMES: Readonly<Record<ScheduleType, string>> = Object.freeze({
  O: 'Once',
  I: 'Minutes',
  H: 'Hourly',
  D: 'Daily',
  W: 'Weekly',
  BW: 'Biweekly',
  M: 'Monthly',
  BM: 'Bimonthly',
  Q: 'Quarterly',
  Y: 'Yearly',
  C: 'Cron',
});

export function isScheduleType(v: string): v is ScheduleType {
  return Object.hasOwn(SCHEDULE_TYPE_NAMES, v);
}

/** The columns of django_q_schedule that decide timing. */
export interface ScheduleTiming {
  schedule_type: string;
  minutes: number | null;
  cron: string | null;
  next_run: Micros | null;
  repeats: number;
}

export interface SchedulerConfig {
  /** 'django-q2' (InvenTree) or 'django-q' (1.3.9, Koed00). Default django-q2. */
  flavor?: 'django-q2' | 'django-q';
  /** settings.USE_TZ (default true, as InvenTree). */
  useTz?: boolean;
  /** Q_CLUSTER['time_zone'] or settings.TIME_ZONE (default 'UTC'). */
  timeZone?: string;
  /** Q_CLUSTER['catch_up'] (default true). */
  catchUp?: boolean;
}

export type ScheduleErrorCode =
  /** schedule_type the scheduler does not know (django-q2 crashes; 1.3.9 leaves next_run alone). */
  | 'UNKNOWN_TYPE'
  /** cron text croniter rejects, or that has no next date within 50 years. */
  | 'BAD_CRON'
  /** django-q 1.3.9 with catch_up off would loop forever on this schedule. */
  | 'NEVER_ADVANCES'
  /** Outside the instant range we compute. */
  | 'OUT_OF_RANGE';

export class ScheduleError extends Error {
  readonly code: ScheduleErrorCode;
  /** The exception the Python scheduler would raise (when it raises). */
  readonly pythonName: string;
  constructor(code: ScheduleErrorCode, message: string, pythonName = 'ValueError') {
    super(message);
    this.name = 'ScheduleError';
    this.code = code;
    this.pythonName = pythonName;
  }
}

const US = 1_000_000;
const MINUTE = 60 * US;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const LIMIT = 9_000_000_000_000_000; // 2^53-ish in µs: ±285 years
// Steps of a catch-up-free loop we take one by one (constant intervals jump
// instead): 50,000 days is 137 years of a daily schedule, ~0.5 s.
const MAX_STEPS = 50_000;
const tooManySteps = () =>
  new ScheduleError('OUT_OF_RANGE', `next_run is more than ${MAX_STEPS} steps behind now; django-q would loop that often`);

interface Resolved {
  flavor: 'django-q2' | 'django-q';
  useTz: boolean;
  timeZone: string;
  catchUp: boolean;
}

function resolve(cfg: SchedulerConfig): Resolved {
  return {
    flavor: cfg.flavor ?? 'django-q2',
    useTz: cfg.useTz ?? true,
    timeZone: cfg.timeZone ?? 'UTC',
    catchUp: cfg.catchUp ?? true,
  };
}

function checkRange(t: Micros): Micros {
  if (!Number.isFinite(t) || Math.abs(t) > LIMIT) throw new ScheduleError('OUT_OF_RANGE', 'instant out of range');
  return t;
}

// --- USE_TZ = False: the database holds local wall times of TIME_ZONE ------

/** How PostgreSQL shows a timestamptz as a naive local time in the session zone (µs, as if UTC). */
export function instantToWall(zone: string, t: Micros): Micros {
  return toWall(zone, t);
}

/** How PostgreSQL stores a naive local time of the session zone as timestamptz. */
export function wallToInstant(zone: string, wall: Micros): Micros {
  return fromWall(zone, wall);
}

function toWall(zone: string, t: Micros): Micros {
  return t + offsetAt(zone, Math.floor(t / US)) * US;
}

/**
 * How PostgreSQL reads a naive local time into timestamptz: in a spring-forward
 * gap the offset before the transition, in a fall-back overlap the one after
 * (src/backend/utils/adt/datetime.c DetermineTimeZoneOffsetInternal).
 */
function fromWall(zone: string, wall: Micros): Micros {
  const s = Math.floor(wall / US);
  const before = offsetAt(zone, s - 86400);
  const after = offsetAt(zone, s + 86400);
  let off: number;
  if (before === after) off = wallOffset(zone, s, 0);
  else {
    const validBefore = offsetAt(zone, s - before) === before;
    const validAfter = offsetAt(zone, s - after) === after;
    off = validBefore && validAfter ? after : validBefore ? before : validAfter ? after : before;
  }
  return wall - off * US;
}

// --- calendar steps on UTC (or naive) civil fields --------------------------

/** django_q.utils.add_months (day clamped), as a number of whole days. */
function addMonthsDays(t: Micros, months: number): number {
  const secs = Math.floor(t / US);
  const c = civilFromWall(secs);
  const m0 = c.month - 1 + months;
  const year = c.year + Math.floor(m0 / 12);
  const month = (m0 % 12) + 1;
  const day = Math.min(c.day, daysInMonth(year, month));
  const target = wallFromCivil({ ...c, year, month, day });
  return Math.floor((target - secs) / 86400);
}

/** django_q.utils.add_years: same date next year, Feb 29 -> Feb 28; as whole days. */
function addYearsDays(t: Micros, years: number): number {
  const secs = Math.floor(t / US);
  const c = civilFromWall(secs);
  if (!(c.month === 2 && c.day === 29 && daysInMonth(c.year + years, 2) === 28)) {
    return Math.floor((wallFromCivil({ ...c, year: c.year + years }) - secs) / 86400);
  }
  // d + (date(y+n, 3, 1) - date(y, 3, 1))
  const shift =
    (wallFromCivil({ ...c, year: c.year + years, month: 3, day: 1 }) - wallFromCivil({ ...c, month: 3, day: 1 })) / 86400;
  return shift;
}

/** relativedelta(months=n) / arrow.shift(months=n): day clamped to the month's end. */
function shiftMonths(t: Micros, months: number): Micros {
  return t + addMonthsDays(t, months) * DAY;
}

/** relativedelta(years=n): Feb 29 -> Feb 28. */
function shiftYears(t: Micros): Micros {
  const secs = Math.floor(t / US);
  const c = civilFromWall(secs);
  const year = c.year + 1;
  const day = Math.min(c.day, daysInMonth(year, c.month));
  return t + (wallFromCivil({ ...c, year, day }) - secs) * US;
}

// --- one step ---------------------------------------------------------------

function cronStep(s: ScheduleTiming, cfg: Resolved, now: Micros): Micros {
  if (s.cron === null || s.cron === undefined) {
    // croniter(None, ...) fails on None.lower().
    throw new ScheduleError('BAD_CRON', 'cron schedule without a cron expression', 'AttributeError');
  }
  let zone: Zone;
  let start: number;
  if (cfg.useTz) {
    // django-q2: timezone.localtime(tz=ZoneInfo(TIME_ZONE)); 1.3.9 on Django 3.2: a pytz zone.
    zone = { kind: cfg.flavor === 'django-q2' ? 'zoneinfo' : 'pytz', name: cfg.timeZone };
    start = now / US;
  } else {
    // datetime.now(): naive local wall time, which croniter reads as UTC.
    zone = { kind: 'naive', name: cfg.timeZone };
    start = toWall(cfg.timeZone, now) / US;
  }
  let next: number;
  try {
    next = cronNext(s.cron, zone, start);
  } catch (e) {
    if (e instanceof CroniterError) throw new ScheduleError('BAD_CRON', e.message, e.pythonName);
    throw e;
  }
  const t = Math.round(next * US);
  return cfg.useTz ? t : fromWall(cfg.timeZone, t);
}

/** django-q2 `Schedule.calculate_next_run(next_run)` for the non-cron types, on an aware UTC (or naive) value. */
function q2Step(type: ScheduleType, minutes: number | null, from: Micros, cfg: Resolved): Micros {
  let add: Micros;
  switch (type) {
    case 'I':
      add = (minutes || 1) * MINUTE;
      break;
    case 'H':
      add = HOUR;
      break;
    case 'D':
      add = DAY;
      break;
    case 'W':
      add = 7 * DAY;
      break;
    case 'BW':
      add = 14 * DAY;
      break;
    case 'M':
      add = addMonthsDays(from, 1) * DAY;
      break;
    case 'BM':
      add = addMonthsDays(from, 2) * DAY;
      break;
    case 'Q':
      add = addMonthsDays(from, 3) * DAY;
      break;
    case 'Y':
      add = addYearsDays(from, 1) * DAY;
      break;
    default:
      throw new ScheduleError('UNKNOWN_TYPE', `schedule type ${type} has no interval`, 'UnboundLocalError');
  }
  let next = from + add;
  if (cfg.useTz && type !== 'I' && type !== 'H' && type !== 'Y') {
    // Keep the local wall-clock time across DST changes: subtract the change of offset.
    const extra = (offsetAt(cfg.timeZone, Math.floor(next / US)) - offsetAt(cfg.timeZone, Math.floor(from / US))) * US;
    next -= extra;
  }
  return next;
}

/** django-q 1.3.9: arrow `shift` on the UTC (or naive-as-UTC) value; null = no branch matched (next_run unchanged). */
function q1Step(type: string, minutes: number | null, from: Micros): Micros | null {
  switch (type) {
    case 'I':
      return from + (minutes || 1) * MINUTE;
    case 'H':
      return from + HOUR;
    case 'D':
      return from + DAY;
    case 'W':
      return from + 7 * DAY;
    case 'M':
      return shiftMonths(from, 1);
    case 'Q':
      return shiftMonths(from, 3);
    case 'Y':
      return shiftYears(from);
    default:
      return null;
  }
}

/**
 * The `next_run` the scheduler stores after it runs the schedule at `now`
 * when the stored value was `from` (loop included: with catch_up off it steps
 * until past `now`). null for a Once schedule (it is deleted or gets
 * repeats = 0 instead).
 */
export function nextRun(s: ScheduleTiming, from: Micros, now: Micros, config: SchedulerConfig = {}): Micros | null {
  const cfg = resolve(config);
  checkRange(from);
  checkRange(now);
  return step(s, from, now, cfg, cfg.catchUp);
}

function step(s: ScheduleTiming, from: Micros, now: Micros, cfg: Resolved, catchUp: boolean): Micros | null {
  const type = s.schedule_type;
  if (type === 'O') return null;
  if (type === 'C') {
    // croniter from "now": the stored next_run is ignored; the result is always after now.
    return checkRange(cronStep(s, cfg, now));
  }
  if (cfg.flavor === 'django-q') {
    // `next_run > arrow.utcnow()`: with USE_TZ off the naive wall time is compared as if UTC.
    const start = cfg.useTz ? from : toWall(cfg.timeZone, from);
    const fixed = type === 'I' || type === 'H' || type === 'D' || type === 'W';
    const t = stepLoop(start, now, fixed, catchUp, (t) => {
      const n = q1Step(type, s.minutes, t);
      if (n === null && !catchUp) throw new ScheduleError('NEVER_ADVANCES', `schedule type ${type} never advances next_run (django-q 1.3.9 loops forever)`);
      return n;
    });
    return checkRange(cfg.useTz ? t : fromWall(cfg.timeZone, t));
  }
  if (!isScheduleType(type)) {
    throw new ScheduleError('UNKNOWN_TYPE', `unknown schedule type ${JSON.stringify(type)}`, 'UnboundLocalError');
  }
  // django-q2: aware UTC arithmetic with DST correction; naive wall arithmetic with USE_TZ off.
  const start = cfg.useTz ? from : toWall(cfg.timeZone, from);
  const nowCmp = cfg.useTz ? now : toWall(cfg.timeZone, now);
  const fixed = type === 'I' || type === 'H' || (!cfg.useTz && (type === 'D' || type === 'W' || type === 'BW'));
  const t = stepLoop(start, nowCmp, fixed, catchUp, (t) => q2Step(type, s.minutes, t, cfg));
  return checkRange(cfg.useTz ? t : fromWall(cfg.timeZone, t));
}

/**
 * The scheduler's `while` loop around one step, both flavours: with catch_up
 * one step; without, steps until past `now` (a constant interval jumps
 * straight to the last step not after now). A step of null (django-q 1.3.9:
 * a type it does not advance) ends the loop where it is.
 */
function stepLoop(start: Micros, now: Micros, fixed: boolean, catchUp: boolean, next: (t: Micros) => Micros | null): Micros {
  let t = start;
  for (let i = 0; ; i++) {
    const n = next(t);
    if (n === null) break;
    if (fixed && !catchUp && n <= now) {
      const interval = n - t;
      t = n + Math.floor((now - n) / interval) * interval;
      continue;
    }
    t = n;
    if (catchUp || t > now) break;
    if (i > MAX_STEPS) throw tooManySteps();
  }
  return t;
}

/**
 * The next `n` values `next_run` takes, starting with the stored one, if the
 * cluster runs the schedule on time from `now` on: each run happens at
 * max(next_run, previous run) and sets next_run as the scheduler does.
 * Stops early when repeats run out (repeats > 0 counts the runs left; 0 = no
 * more runs, which is also how a paused or finished schedule looks) and after
 * a Once schedule's single run. Empty when next_run is NULL (never due).
 */
export function nextOccurrences(s: ScheduleTiming, n: number, now: Micros, config: SchedulerConfig = {}): Micros[] {
  const cfg = resolve(config);
  if (s.next_run === null || s.repeats === 0 || n <= 0) return [];
  if (n > 1000) throw new RangeError('at most 1000 occurrences');
  checkRange(now);
  const out: Micros[] = [];
  const limit = s.repeats > 0 ? Math.min(n, s.repeats) : n;
  let t = checkRange(s.next_run);
  let fired = now;
  for (;;) {
    out.push(t);
    if (out.length >= limit) break;
    fired = Math.max(t, fired);
    const next = step(s, t, fired, cfg, cfg.catchUp);
    if (next === null) break;
    t = next;
  }
  return out;
}

/**
 * For resuming a paused schedule: the stored next_run when it is still in the
 * future, else the first occurrence strictly after `now` computed by the
 * scheduler's own step (as with catch_up off), so missed runs do not fire at
 * once. null for a Once schedule whose time has passed and for NULL next_run.
 */
export function nextFutureRun(s: ScheduleTiming, now: Micros, config: SchedulerConfig = {}): Micros | null {
  const cfg = resolve(config);
  checkRange(now);
  if (s.next_run === null) return null;
  const stored = checkRange(s.next_run);
  const nowCmp = now;
  if (stored > nowCmp) return stored;
  if (s.schedule_type === 'O') return null;
  return step(s, stored, now, cfg, false);
}

/** Validate a schedule's timing columns the way the scheduler would trip over them. */
export function checkSchedule(s: ScheduleTiming, config: SchedulerConfig = {}): void {
  const cfg = resolve(config);
  if (cfg.flavor === 'django-q2' && !isScheduleType(s.schedule_type)) {
    throw new ScheduleError('UNKNOWN_TYPE', `unknown schedule type ${JSON.stringify(s.schedule_type)}`, 'UnboundLocalError');
  }
  if (cfg.flavor === 'django-q' && !['O', 'I', 'H', 'D', 'W', 'M', 'Q', 'Y', 'C'].includes(s.schedule_type)) {
    throw new ScheduleError('UNKNOWN_TYPE', `schedule type ${JSON.stringify(s.schedule_type)} is not known to django-q 1.3.9`);
  }
  if (s.schedule_type === 'C') {
    if (s.cron === null) throw new ScheduleError('BAD_CRON', 'cron schedule without a cron expression', 'AttributeError');
    try {
      cronExpand(s.cron);
    } catch (e) {
      if (e instanceof CroniterError) throw new ScheduleError('BAD_CRON', e.message, e.pythonName);
      throw e;
    }
  }
}

// --- conversions for callers ------------------------------------------------
// PostgreSQL keeps microseconds, a JS Date only milliseconds: select
// `(extract(epoch from next_run) * 1000000)::int8` or the ISO text and convert here.

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/** µs since the epoch from ISO 8601 / PostgreSQL timestamptz text (no zone = UTC); null when malformed. */
export function microsFromIso(text: string): Micros | null {
  const m = ISO_RE.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = m as unknown as string[];
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(ms) || Number(y) < 1) return null;
  let off = 0;
  if (zone && zone !== 'Z') {
    const zm = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
    if (!zm) return null;
    off = (Number(zm[2]) * 3600 + Number(zm[3] ?? 0) * 60) * (zm[1] === '-' ? -1 : 1);
  }
  const us = Number((frac ?? '').padEnd(6, '0') || 0);
  return ms * 1000 + us - off * US;
}

/** DRF-style ISO text in UTC: `2024-05-19T08:03:12.345678Z` (`.000000` omitted). */
export function isoFromMicros(t: Micros): string {
  const ms = Math.floor(t / 1000);
  const us = ((t % US) + US) % US;
  const base = new Date(ms).toISOString().slice(0, 19);
  return `${base}${us === 0 ? '' : `.${String(us).padStart(6, '0')}`}Z`;
}

/** µs since the epoch of a JS Date (millisecond precision). */
export function microsFromDate(d: Date): Micros {
  return d.getTime() * 1000;
}
