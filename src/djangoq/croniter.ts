// croniter 1.3.5 (Debian bookworm's python3-croniter), as django-q uses it:
// `croniter(expr, start).get_next()` — the expression grammar of
// `croniter.expand` and the forward search of `_calc` / `_get_next`,
// including its DST correction, ported step by step so that the same quirks
// give the same instants. Facts and deviations: docs/scheduler.md.
//
// Grammar (5 fields `min hour dom month dow`, or 6 with SECONDS LAST):
// `*`, numbers, `a-b`, `a-b/s`, `*/s`, `a/s` (= a-max/s), lists `x,y`,
// month and weekday names (jan…dec, sun…sat, case-insensitive, also in
// ranges), `L` in day-of-month (last day), weekday `d#n` (n-th, 1..5) and
// `Ld` (last weekday d of the month), aliases @hourly @daily @midnight
// @weekly @monthly @yearly @annually. Day-of-month and day-of-week both
// restricted = either matches (croniter's day_or=True). `?`, `H` (hashed)
// and `R` (random) are refused, as croniter 1.3.5 refuses `?` and cannot
// evaluate `H` without a hash id (django-q passes none); `R` is random.

import {
  civilFromWall,
  daysInMonth,
  fromInstant,
  type LocalTime,
  toInstant,
  utcOffset,
  wallFromCivil,
  weekdaySun0,
  withWall,
  type Zone,
} from './zone.js';

export class CroniterError extends Error {
  /** croniter's exception class (CroniterBadCronError, CroniterBadDateError, ...). */
  readonly pythonName: string;
  constructor(pythonName: string, message: string) {
    super(message);
    this.name = 'CroniterError';
    this.pythonName = pythonName;
  }
}

type Item = number | '*' | 'l';
type Nth = number | 'l';

export interface CronExpansion {
  /** Per field: sorted values, or ['*'] for "any". */
  expanded: Item[][];
  /** Weekday -> n-th occurrences ('l' = last) for `d#n` / `Ld`. */
  nthWeekdayOfMonth: Map<number, Set<Nth>>;
}

const RANGES: [number, number][] = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 7],
  [0, 59],
];
const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const DOWS: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
const ALPHACONV: Record<string, Item>[] = [{}, {}, { l: 'l' }, MONTHS, DOWS, {}];
const LOWMAP: Map<number, number>[] = [new Map(), new Map(), new Map([[0, 1]]), new Map([[0, 1]]), new Map([[7, 0]]), new Map()];
const LEN_MEANS_ALL = [60, 24, 31, 12, 7, 60];
const ALIASES: Record<string, string> = {
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
  '@daily': '0 0 * * *',
  '@weekly': '0 0 * * 0',
  '@monthly': '0 0 1 * *',
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
};

// Python's `\d` and int() accept every Unicode decimal digit; `\w` is letters, digits, `_`.
const D = '\\p{Nd}';
const W = '[\\p{L}\\p{N}_]';
const ONLY_INT = new RegExp(`^${D}+$`, 'u');
const STAR_OR_INT = new RegExp(`^(?:${D}+|\\*)$`, 'u');
const STEP_SEARCH = new RegExp(`^([^-]+)-([^-/]+)(/(${D}+))?$`, 'u');
const SPECIAL_WEEKDAY = new RegExp(`^(?:(${W}+)#(${D}+)|l(${D}+)$)`, 'u');
const HASH_EXPR = new RegExp(`^(h|r)(\\((${D}+)-(${D}+)\\))?(\\/(${D}+))?$`, 'u');
// str.split() separators.
// biome-ignore lint/complexity/useRegexLiterals: a literal would hold raw control characters
const PY_WS = new RegExp('[\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]+');

/** Python int() of a run of Unicode decimal digits (\p{Nd} comes in runs of whole decades). */
function pyInt(s: string): number {
  let v = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    let first = cp;
    while (first > 0 && cp - first < 100 && /\p{Nd}/u.test(String.fromCodePoint(first - 1))) first--;
    v = v * 10 + ((cp - first) % 10);
  }
  return v;
}
function toInt(s: string | number): number {
  if (typeof s === 'number') return s;
  const t = s.trim();
  if (!/^[+-]?\p{Nd}+(?:_\p{Nd}+)*$/u.test(t)) throw bad(`invalid literal for int() with base 10: '${s}'`);
  const neg = t.startsWith('-');
  const v = pyInt(t.replace(/^[+-]/, '').replace(/_/g, ''));
  return neg ? -v : v;
}

function bad(message: string): CroniterError {
  return new CroniterError('CroniterBadCronError', message);
}

/** `croniter.expand(expr)` (hash_id None): throws CroniterError where croniter raises. */
export function cronExpand(exprFormat: string): CronExpansion {
  // django_q_schedule.cron is varchar(100); longer text is never a real schedule.
  if (exprFormat.length > 1000) throw bad('cron expression too long');
  let efl = exprFormat.toLowerCase();
  efl = ALIASES[efl] ?? efl;
  const expressions = efl.split(PY_WS).filter((x) => x !== '');
  if (expressions.length !== 5 && expressions.length !== 6) {
    throw bad('Exactly 5 or 6 columns has to be specified for iterator expression.');
  }
  const n = expressions.length;
  const expanded: Item[][] = [];
  const nth = new Map<number, Set<Nth>>();
  const alphaconv = (i: number, key: string): Item => {
    const v = (ALPHACONV[i] as Record<string, Item>)[key];
    if (v === undefined || !Object.hasOwn(ALPHACONV[i] as object, key)) {
      throw new CroniterError('CroniterNotAlphaError', `[${expressions.join(' ')}] is not acceptable`);
    }
    return v;
  };
  expressions.forEach((rawExpr, i) => {
    const hm = HASH_EXPR.exec(rawExpr);
    if (hm) {
      if (hm[1] === 'h') throw bad('Hashed definitions must include hash_id');
      throw new CroniterError('CroniterUnsupportedSyntaxError', 'random (R) cron fields have no fixed next run');
    }
    const eList: (string | number)[] = rawExpr.split(',');
    const res: Item[] = [];
    while (eList.length > 0) {
      let e = eList.pop() as string | number;
      let nthVal: Nth | null = null;
      if (i === 4) {
        const m = SPECIAL_WEEKDAY.exec(String(e));
        if (m) {
          if (m[2] !== undefined) {
            const v = pyInt(m[2]);
            if (v < 1 || v > 5) throw bad(`[${exprFormat}] is not acceptable.  Invalid day_of_week value: '${e}'`);
            nthVal = v;
            e = m[1] as string;
          } else {
            nthVal = 'l';
            e = m[3] as string;
          }
        }
      }
      const [lo, hi] = RANGES[i] as [number, number];
      let t = String(e).replace(/^\*(\/.+)$/su, `${lo}-${hi}$1`);
      let m = STEP_SEARCH.exec(t);
      if (!m) {
        t = String(e).replace(/^(.+)\/(.+)$/su, `$1-${hi}/$2`);
        m = STEP_SEARCH.exec(t);
      }
      if (m) {
        let low: string = m[1] as string;
        let high: string = m[2] as string;
        const stepText: string = m[4] ?? '1';
        if (i === 2 && high === 'l') high = '31';
        if (!ONLY_INT.test(low)) low = String(alphaconv(i, low));
        if (!ONLY_INT.test(high)) high = String(alphaconv(i, high));
        if (!low || !high || toInt(low) > toInt(high) || !ONLY_INT.test(stepText)) {
          if (i === 4 && high === '0') high = '7';
          else throw bad(`[${exprFormat}] is not acceptable`);
        }
        const a = toInt(low);
        const b = toInt(high);
        const step = toInt(stepText);
        if (Math.max(a, b) > Math.max(lo, hi)) throw bad(`${exprFormat} is out of bands`);
        if (step === 0) throw bad('invalid range: range() arg 3 must not be zero');
        for (let v = a; v <= b; v += step) {
          eList.push(i === 4 && nthVal !== null && nthVal !== 'l' ? `${v}#${nthVal}` : v);
        }
      } else {
        if (t.startsWith('-')) throw bad(`[${exprFormat}] is not acceptable,negative numbers not allowed`);
        let item: Item | string = t;
        if (!STAR_OR_INT.test(t)) item = alphaconv(i, t);
        if (typeof item === 'string' && item !== '*' && item !== 'l') item = toInt(item);
        if (
          typeof item === 'number' &&
          (LOWMAP[i] as Map<number, number>).has(item) &&
          !((i === 2 || i === 3) && n === 5) &&
          !((i === 3 || i === 4) && n === 6)
        ) {
          item = (LOWMAP[i] as Map<number, number>).get(item) as number;
        }
        if (typeof item === 'number' && (item < lo || item > hi)) throw bad(`[${exprFormat}] is not acceptable, out of range`);
        res.push(item as Item);
        if (i === 4 && nthVal !== null && typeof item === 'number') {
          let s = nth.get(item);
          if (s === undefined) nth.set(item, (s = new Set()));
          s.add(nthVal);
        }
      }
    }
    // sorted(set(res), key="{:02}".format for ints): '*' < digits < 'l'.
    const uniq = [...new Set(res)];
    const key = (x: Item) => (typeof x === 'number' ? String(x).padStart(2, '0') : x);
    uniq.sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0));
    let out: Item[] = uniq;
    if (out.length === LEN_MEANS_ALL[i]) out = ['*'];
    expanded.push(out.length === 1 && out[0] === '*' ? ['*'] : out);
  });
  if (nth.size > 0) {
    const rest = new Set((expanded[4] as Item[]).filter((x) => x !== '*' && !(typeof x === 'number' && nth.has(x))));
    if (rest.size > 0) {
      throw new CroniterError(
        'CroniterUnsupportedSyntaxError',
        'day-of-week field does not support mixing literal values and nth day of week syntax.',
      );
    }
  }
  return { expanded, nthWeekdayOfMonth: nth };
}

/** True when croniter accepts the expression (django-q2's `validate_cron`). */
export function isValidCron(expr: string): boolean {
  try {
    cronExpand(expr);
    return true;
  } catch {
    return false;
  }
}

function nextNearestDiff(x: number, toCheck: Item[], rangeVal: number): number {
  for (const item of toCheck) {
    const d = item === 'l' ? rangeVal : item;
    if (typeof d === 'number' && d >= x) return d - x;
  }
  const first = toCheck[0];
  if (typeof first !== 'number') throw new CroniterError('TypeError', "unsupported operand type(s) for -: 'str' and 'int'");
  return first - x + rangeVal;
}

/** Weekday `dow` (0 = Sunday; 7 too) days of a month, in order. */
function nthWeekdayDays(year: number, month: number, dow: number): number[] {
  const out: number[] = [];
  const first = weekdaySun0(wallFromCivil({ year, month, day: 1, hour: 0, minute: 0, second: 0, frac: 0 }));
  const target = dow % 7;
  for (let d = 1 + ((target - first + 7) % 7); d <= daysInMonth(year, month); d += 7) out.push(d);
  return out;
}

const MAX_YEARS_BETWEEN_MATCHES = 50;

/** croniter._calc(now, ..., is_prev=False): the first match after `now` (timestamp seconds), as a timestamp. */
function calcNext(zone: Zone, nowTs: number, exp: CronExpansion, expanded: Item[][]): number {
  const six = expanded.length === 6;
  const now = Math.floor(nowTs);
  let dst: LocalTime = fromInstant(zone, now + (six ? 1 : 60));
  let c = civilFromWall(dst.wall);
  let month = c.month;
  let year = c.year;
  const currentYear = c.year;
  const has = (i: number, v: Item) => (expanded[i] as Item[]).includes(v);
  // d += relativedelta(days=..., hour=0, minute=0, second=0) and friends: wall arithmetic.
  const setWall = (fn: (c: ReturnType<typeof civilFromWall>) => number) => {
    dst = withWall(dst, fn(civilFromWall(dst.wall)));
  };
  const startOfDayPlus = (days: number) =>
    setWall((k) => wallFromCivil({ ...k, hour: 0, minute: 0, second: 0 }) + days * 86400);

  const procMonth = (): boolean => {
    if (has(3, '*')) return false;
    const k = civilFromWall(dst.wall);
    const diff = nextNearestDiff(k.month, expanded[3] as Item[], 12);
    if (diff !== 0) {
      let m = k.month + diff;
      let y = k.year;
      while (m > 12) {
        m -= 12;
        y++;
      }
      dst = withWall(dst, wallFromCivil({ year: y, month: m, day: 1, hour: 0, minute: 0, second: 0, frac: k.frac }));
      return true;
    }
    return false;
  };
  const procDayOfMonth = (): boolean => {
    if (has(2, '*')) return false;
    const k = civilFromWall(dst.wall);
    const days = daysInMonth(year, month);
    if (has(2, 'l') && days === k.day) return false;
    const diff = nextNearestDiff(k.day, expanded[2] as Item[], days);
    if (diff !== 0) {
      startOfDayPlus(diff);
      return true;
    }
    return false;
  };
  const procDayOfWeek = (): boolean => {
    if (has(4, '*')) return false;
    const diff = nextNearestDiff(weekdaySun0(dst.wall), expanded[4] as Item[], 7);
    if (diff !== 0) {
      startOfDayPlus(diff);
      return true;
    }
    return false;
  };
  const procDayOfWeekNth = (): boolean => {
    const k = civilFromWall(dst.wall);
    const candidates: number[] = [];
    for (const [wday, ns] of exp.nthWeekdayOfMonth) {
      const cands = nthWeekdayDays(k.year, k.month, wday);
      for (const nv of ns) {
        let candidate: number;
        if (nv === 'l') candidate = cands[cands.length - 1] as number;
        else if (cands.length < nv) continue;
        else candidate = cands[nv - 1] as number;
        if (k.day <= candidate) candidates.push(candidate);
      }
    }
    if (candidates.length === 0) {
      startOfDayPlus(daysInMonth(year, month) - k.day + 1);
      return true;
    }
    candidates.sort((a, b) => a - b);
    const diff = (candidates[0] as number) - k.day;
    if (diff !== 0) {
      startOfDayPlus(diff);
      return true;
    }
    return false;
  };
  const procHour = (): boolean => {
    if (has(1, '*')) return false;
    const k = civilFromWall(dst.wall);
    const diff = nextNearestDiff(k.hour, expanded[1] as Item[], 24);
    if (diff !== 0) {
      setWall((q) => wallFromCivil({ ...q, minute: 0, second: 0 }) + diff * 3600);
      return true;
    }
    return false;
  };
  const procMinute = (): boolean => {
    if (has(0, '*')) return false;
    const k = civilFromWall(dst.wall);
    const diff = nextNearestDiff(k.minute, expanded[0] as Item[], 60);
    if (diff !== 0) {
      setWall((q) => wallFromCivil({ ...q, second: 0 }) + diff * 60);
      return true;
    }
    return false;
  };
  const procSecond = (): boolean => {
    if (six) {
      if (!has(5, '*')) {
        const k = civilFromWall(dst.wall);
        const diff = nextNearestDiff(k.second, expanded[5] as Item[], 60);
        if (diff !== 0) {
          setWall((q) => wallFromCivil(q) + diff);
          return true;
        }
      }
    } else setWall((q) => wallFromCivil({ ...q, second: 0 }));
    return false;
  };
  const procs = [procMonth, procDayOfMonth, exp.nthWeekdayOfMonth.size > 0 ? procDayOfWeekNth : procDayOfWeek, procHour, procMinute, procSecond];
  while (Math.abs(year - currentYear) <= MAX_YEARS_BETWEEN_MATCHES) {
    let changed = false;
    for (const proc of procs) {
      if (proc()) {
        c = civilFromWall(dst.wall);
        month = c.month;
        year = c.year;
        changed = true;
        break;
      }
    }
    if (changed) continue;
    // dst.replace(microsecond=0) keeps the fold.
    return toInstant(zone, { ...dst, wall: Math.floor(dst.wall) });
  }
  throw new CroniterError('CroniterBadDateError', 'failed to find next date');
}

/**
 * `croniter(expr, start).get_next()` for a start instant (seconds since the
 * epoch, fractional) whose tzinfo is `zone`: the next matching instant
 * (seconds). `zone.kind` chooses how the start datetime's tzinfo behaves
 * (zoneinfo for django-q2, pytz for Django 3.2 / django-q 1.3.9, naive for
 * USE_TZ = False, where the naive wall clock is passed in as if UTC).
 */
export function cronNext(expr: string | CronExpansion, zone: Zone, startTs: number): number {
  const exp = typeof expr === 'string' ? cronExpand(expr) : expr;
  const expanded = exp.expanded.map((f) => [...f]);
  let result: number;
  if (expanded[2]?.[0] !== '*' && expanded[4]?.[0] !== '*') {
    const bak = expanded[4] as Item[];
    expanded[4] = ['*'];
    const t1 = calcNext(zone, startTs, exp, expanded);
    expanded[4] = bak;
    expanded[2] = ['*'];
    const t2 = calcNext(zone, startTs, exp, expanded);
    result = Math.min(t1, t2);
  } else {
    result = calcNext(zone, startTs, exp, expanded);
  }
  if (zone.kind === 'naive') return result;
  // DST handling for cron jobs spanning days (croniter._get_next).
  const start = fromInstant(zone, startTs);
  const startOffset = utcOffset(zone, start);
  let dtresult = fromInstant(zone, result);
  const resultOffset = utcOffset(zone, dtresult);
  // Same ZoneInfo object: naive wall difference; pytz instances differ across offsets: real difference.
  const lagHours = (zone.kind === 'zoneinfo' || startOffset === resultOffset ? dtresult.wall - start.wall : result - startTs) / 3600;
  const lag = resultOffset - startOffset;
  const hoursBeforeMidnight = 24 - civilFromWall(start.wall).hour;
  if (resultOffset !== startOffset) {
    if (
      (lag > 0 && Math.abs(lagHours) >= hoursBeforeMidnight) ||
      (lag < 0 && 3600 * Math.abs(lagHours) + Math.abs(lag) >= hoursBeforeMidnight * 3600)
    ) {
      dtresult = withWall(dtresult, dtresult.wall - lag);
      result = toInstant(zone, dtresult);
    }
  }
  return result;
}
