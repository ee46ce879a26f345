// repr() and str() of the datetime family and tzinfo objects, as CPython's
// _datetimemodule.c, pytz and zoneinfo print them.

import { daysFromCivil } from './hash-key.js';
import { reprStr } from './repr-scalars.js';
import type { PyDate, PyDateTime, PyTime, PyTimeDelta, PyTzInfo } from './values.js';
import { pyTimedelta } from './values.js';

const p2 = (n: number): string => (n < 10 ? `0${n}` : String(n));
const p4 = (n: number): string => String(n).padStart(4, '0');
const p6 = (n: number): string => String(n).padStart(6, '0');

export function reprTimedelta(td: PyTimeDelta): string {
  const parts: string[] = [];
  if (td.days !== 0) parts.push(`days=${td.days}`);
  if (td.seconds !== 0) parts.push(`seconds=${td.seconds}`);
  if (td.microseconds !== 0) parts.push(`microseconds=${td.microseconds}`);
  return `datetime.timedelta(${parts.length === 0 ? '0' : parts.join(', ')})`;
}

export function strTimedelta(td: PyTimeDelta): string {
  const mm = Math.floor(td.seconds / 60);
  let s = `${Math.floor(mm / 60)}:${p2(mm % 60)}:${p2(td.seconds % 60)}`;
  if (td.days !== 0) s = `${td.days} day${Math.abs(td.days) !== 1 ? 's' : ''}, ${s}`;
  if (td.microseconds !== 0) s += `.${p6(td.microseconds)}`;
  return s;
}

export function reprTzInfo(tz: PyTzInfo): string {
  switch (tz.kind) {
    case 'timezone': {
      const o = tz.offset;
      if (tz.name === null && o.days === 0 && o.seconds === 0 && o.microseconds === 0) return 'datetime.timezone.utc';
      return `datetime.timezone(${reprTimedelta(o)}${tz.name === null ? '' : `, ${reprStr(tz.name)}`})`;
    }
    case 'pytz-utc':
      return '<UTC>';
    case 'pytz-zone': {
      if (tz.utcoffset === null) return `<StaticTzInfo ${reprStr(tz.zone)}>`;
      const off = pyTimedelta(0, tz.utcoffset);
      const plus = tz.utcoffset > 0 ? '+' : '';
      return `<DstTzInfo ${reprStr(tz.zone)} ${tz.tzname ?? 'None'}${plus}${strTimedelta(off)} ${tz.dst ? 'DST' : 'STD'}>`;
    }
    case 'zoneinfo':
      return `zoneinfo.ZoneInfo(key=${reprStr(tz.key)})`;
  }
}

/** str(tzinfo): timezone.tzname(None), pytz zone name, ZoneInfo key. */
export function strTzInfo(tz: PyTzInfo): string {
  switch (tz.kind) {
    case 'timezone': {
      if (tz.name !== null) return tz.name;
      const o = tz.offset;
      if (o.days === 0 && o.seconds === 0 && o.microseconds === 0) return 'UTC';
      return `UTC${formatOffset(o)}`;
    }
    case 'pytz-utc':
      return 'UTC';
    case 'pytz-zone':
      return tz.zone;
    case 'zoneinfo':
      return tz.key;
  }
}

/** +HH:MM[:SS[.ffffff]] (CPython's format_utcoffset with ':' separators). */
function formatOffset(o: PyTimeDelta): string {
  let sign = '+';
  let td = o;
  if (o.days < 0) {
    sign = '-';
    td = pyTimedelta(0, -(o.days * 86400 + o.seconds), -o.microseconds);
  }
  const total = td.seconds;
  const hh = Math.floor(total / 3600);
  const mm = Math.floor((total % 3600) / 60);
  const ss = total % 60;
  if (td.microseconds !== 0) return `${sign}${p2(hh)}:${p2(mm)}:${p2(ss)}.${p6(td.microseconds)}`;
  if (ss !== 0) return `${sign}${p2(hh)}:${p2(mm)}:${p2(ss)}`;
  return `${sign}${p2(hh)}:${p2(mm)}`;
}

function withTz(base: string, fold: 0 | 1, tz: PyTzInfo | null): string {
  let s = base;
  if (fold) s += ', fold=1';
  if (tz !== null) s += `, tzinfo=${reprTzInfo(tz)}`;
  return `${s})`;
}

export function reprDateTime(d: PyDateTime): string {
  let s = `datetime.datetime(${d.year}, ${d.month}, ${d.day}, ${d.hour}, ${d.minute}`;
  if (d.microsecond) s += `, ${d.second}, ${d.microsecond}`;
  else if (d.second) s += `, ${d.second}`;
  return withTz(s, d.fold, d.tzinfo);
}

export function reprDate(d: PyDate): string {
  return `datetime.date(${d.year}, ${d.month}, ${d.day})`;
}

export function reprTime(t: PyTime): string {
  let s = `datetime.time(${t.hour}, ${t.minute}`;
  if (t.microsecond) s += `, ${t.second}, ${t.microsecond}`;
  else if (t.second) s += `, ${t.second}`;
  return withTz(s, t.fold, t.tzinfo);
}

export function strDate(d: Pick<PyDate, 'year' | 'month' | 'day'>): string {
  return `${p4(d.year)}-${p2(d.month)}-${p2(d.day)}`;
}

function clock(h: number, m: number, s: number, us: number): string {
  return `${p2(h)}:${p2(m)}:${p2(s)}${us ? `.${p6(us)}` : ''}`;
}

/** str(datetime) = isoformat(' '); the offset is omitted when it cannot be known (see utcOffset). */
export function strDateTime(d: PyDateTime): string {
  const off = d.tzinfo === null ? null : utcOffsetSeconds(d.tzinfo, d);
  return `${strDate(d)} ${clock(d.hour, d.minute, d.second, d.microsecond)}${off === null ? '' : formatOffset(off)}`;
}

export function strTime(t: PyTime): string {
  // time.utcoffset() asks tzinfo.utcoffset(None): only fixed offsets answer.
  let off: PyTimeDelta | null = null;
  if (t.tzinfo !== null && t.tzinfo.kind !== 'zoneinfo' && !(t.tzinfo.kind === 'pytz-zone' && t.tzinfo.utcoffset !== null)) {
    off = utcOffsetSeconds(t.tzinfo, null);
  }
  return `${clock(t.hour, t.minute, t.second, t.microsecond)}${off === null ? '' : formatOffset(off)}`;
}

/**
 * dt.utcoffset() for our tz kinds. Named zones (zoneinfo, pytz StaticTzInfo)
 * use the ICU time-zone data of Node's Intl, which may lag or lead the tzdata
 * Python uses; null when the zone is unknown to Intl.
 */
export function utcOffsetSeconds(tz: PyTzInfo, dt: PyDateTime | null): PyTimeDelta | null {
  switch (tz.kind) {
    case 'timezone':
      return tz.offset;
    case 'pytz-utc':
      return pyTimedelta(0);
    case 'pytz-zone':
      if (tz.utcoffset !== null) return pyTimedelta(0, tz.utcoffset);
      return zoneOffset(tz.zone, dt ?? { year: 2000, month: 1, day: 1, hour: 0, minute: 0, second: 0, fold: 0 });
    case 'zoneinfo':
      return dt === null ? null : zoneOffset(tz.key, dt);
  }
}

/** A wall-clock time, as zone offsets are looked up. */
type Wall = Omit<PyDateTime, 'kind' | 'microsecond' | 'tzinfo'>;

const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatterFor(zone: string): Intl.DateTimeFormat | null {
  let f = formatters.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    } catch {
      f = null;
    }
    if (formatters.size < 512) formatters.set(zone, f);
  }
  return f;
}

/** Offset (seconds) of `zone` at a UTC instant, from Intl's "GMT+hh:mm" name. */
function offsetAt(f: Intl.DateTimeFormat, epochSeconds: number): number {
  const part = f.formatToParts(new Date(epochSeconds * 1000)).find((p) => p.type === 'timeZoneName');
  const m = /GMT([+-])(\d{2}):(\d{2})(?::(\d{2}))?/.exec(part?.value ?? '');
  if (!m) return 0;
  const v = Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0);
  return m[1] === '-' ? -v : v;
}

/** PEP 495 resolution of a wall time: fold=0 takes the earlier offset in gaps and overlaps. */
function zoneOffset(zone: string, w: Wall): PyTimeDelta | null {
  const f = formatterFor(zone);
  if (f === null) return null;
  if (w.year < 1 || w.year > 9999) return null;
  const local = daysFromCivil(w.year, w.month, w.day) * 86400 + w.hour * 3600 + w.minute * 60 + w.second;
  const before = offsetAt(f, local - 86400);
  const after = offsetAt(f, local + 86400);
  let chosen: number;
  if (before === after) chosen = offsetAt(f, local - before);
  else {
    const validBefore = offsetAt(f, local - before) === before;
    const validAfter = offsetAt(f, local - after) === after;
    if (validBefore && validAfter) chosen = w.fold ? after : before;
    else if (validBefore) chosen = before;
    else if (validAfter) chosen = after;
    else chosen = w.fold ? after : before;
  }
  return pyTimedelta(0, chosen);
}
