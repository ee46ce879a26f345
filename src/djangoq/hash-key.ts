// Python equality for hashable values, as canonical string keys.
//
// The unpickler needs it because a crafted pickle may SETITEM the same key
// twice, or put 1 and True (equal in Python) into one dict or set; CPython
// then keeps ONE entry (first key object, last value). Keys are computed
// without recursion (hostile nesting can be very deep) and cached per object,
// and composite keys refer to interned child ids so their length stays
// proportional to the number of children, not to the expanded tree.

import { PythonError } from './errors.js';
import { canonicalDecimal } from './decimal.js';
import { rangeLength, timedeltaMicros, type PyTzInfo, type PyValue, pyTypeName } from './values.js';

const US_PER_DAY = 86_400_000_000n;

/**
 * Keys are split in two spaces so a str key is the JS string itself: V8
 * caches a string's hash, so re-inserting the same (memoised) long string is
 * cheap, whereas building a prefixed copy would rehash it every time.
 * `keyOf` returns the str itself for str values and a tagged string for
 * everything else, so callers keep one map for str keys and one for the rest.
 */
export class HashKeys {
  private readonly interned = new Map<string, number>();
  private readonly strIds = new Map<string, number>();
  private readonly cache = new WeakMap<object, string>();
  private readonly identities = new WeakMap<object, number>();
  private nextIdentity = 0;

  /** `charge(n)` accounts work proportional to big operands (huge ints). */
  constructor(private readonly charge: (n: number) => void = () => {}) {}

  /** Canonical key of a hashable value; throws TypeError("unhashable type") like CPython. */
  keyOf(root: PyValue): string {
    const direct = this.scalarKey(root);
    if (direct !== undefined) return direct;
    // Iterative post-order over tuples / frozensets whose keys are not cached yet.
    const stack: PyValue[] = [root];
    while (stack.length > 0) {
      const v = stack[stack.length - 1] as PyValue;
      if (v === null || typeof v !== 'object' || this.cache.has(v)) {
        stack.pop();
        continue;
      }
      if (v.kind !== 'tuple' && v.kind !== 'frozenset') {
        this.cache.set(v, this.leafKey(v));
        stack.pop();
        continue;
      }
      let pending = false;
      for (const child of v.items) {
        if (child !== null && typeof child === 'object' && !this.cache.has(child)) {
          stack.push(child);
          pending = true;
        }
      }
      if (pending) continue;
      const ids: number[] = [];
      for (const child of v.items) ids.push(this.childId(child));
      if (v.kind === 'frozenset') ids.sort((a, b) => a - b);
      this.cache.set(v, `${v.kind === 'tuple' ? 't' : 'F'}${ids.join(',')}`);
      stack.pop();
    }
    return this.cache.get(root as object) as string;
  }

  /** Interned id of a child's key: even ids for str children, odd ids for the rest. */
  private childId(v: PyValue): number {
    if (typeof v === 'string') {
      let id = this.strIds.get(v);
      if (id === undefined) {
        id = this.strIds.size * 2;
        this.strIds.set(v, id);
      }
      return id;
    }
    const key = this.scalarKey(v) ?? (this.cache.get(v as object) as string);
    let id = this.interned.get(key);
    if (id === undefined) {
      id = this.interned.size * 2 + 1;
      this.interned.set(key, id);
    }
    return id;
  }

  private scalarKey(v: PyValue): string | undefined {
    if (v === null) return 'N';
    switch (typeof v) {
      case 'boolean':
        return v ? 'i1' : 'i0';
      case 'bigint':
        return this.intKey(v);
      case 'number':
        return floatKey(v, () => this.freshIdentity());
      case 'string':
        return v;
      default:
        return undefined;
    }
  }

  /** Hex keeps huge ints linear to print; every numeric type shares this form. */
  private intKey(v: bigint): string {
    const hex = v.toString(16);
    if (hex.length > 256) this.charge(hex.length >> 6);
    return `i${hex}`;
  }

  private freshIdentity(): string {
    return `#${this.nextIdentity++}`;
  }

  private identityKey(o: object): string {
    let id = this.identities.get(o);
    if (id === undefined) {
      id = this.nextIdentity++;
      this.identities.set(o, id);
    }
    return `#${id}`;
  }

  private leafKey(v: Exclude<PyValue, null | boolean | bigint | number | string>): string {
    switch (v.kind) {
      case 'bytes':
        return `b${Buffer.from(v.data.buffer, v.data.byteOffset, v.data.byteLength).toString('latin1')}`;
      case 'list':
      case 'dict':
      case 'set':
      case 'bytearray':
        throw new PythonError('TypeError', `unhashable type: '${pyTypeName(v)}'`);
      case 'deque':
        throw new PythonError('TypeError', "unhashable type: 'collections.deque'");
      case 'complex':
        // complex(x, 0) == x (so == an equal int / float / bool); NaN never equals.
        if (Number.isNaN(v.real) || Number.isNaN(v.imag)) return this.freshIdentity();
        if (v.imag === 0) return floatKey(v.real, () => this.freshIdentity());
        return `c${v.real === 0 ? 0 : v.real}:${v.imag}`;
      case 'range': {
        // range.__eq__ compares the sequences: length, then start, then step.
        const n = rangeLength(v);
        if (n === 0n) return 'r0';
        if (n === 1n) return `r1:${v.start}`;
        return `r${n}:${v.start}:${v.step}`;
      }
      case 'timedelta':
        return `td${timedeltaMicros(v)}`;
      case 'date':
        return `d${v.year}-${v.month}-${v.day}`;
      case 'datetime': {
        const off = fixedOffsetMicros(v.tzinfo);
        const local =
          (BigInt(daysFromCivil(v.year, v.month, v.day)) * 86400n + BigInt(v.hour * 3600 + v.minute * 60 + v.second)) *
            1_000_000n +
          BigInt(v.microsecond);
        if (v.tzinfo === null) return `dtn${local}`;
        if (off === undefined) return `dtz${local}@${tzIdentity(v.tzinfo)}/${v.fold}`;
        return `dta${local - off}`;
      }
      case 'time': {
        const local = BigInt(((v.hour * 60 + v.minute) * 60 + v.second) * 1_000_000 + v.microsecond);
        if (v.tzinfo === null) return `tn${local}`;
        const off = fixedOffsetMicros(v.tzinfo);
        return off === undefined ? `tz${local}@${tzIdentity(v.tzinfo)}` : `ta${local - off}`;
      }
      case 'timezone':
        // timezone.__eq__ compares offsets only (names are ignored).
        return `z${timedeltaMicros(v.offset)}`;
      case 'pytz-utc':
      case 'pytz-zone':
      case 'zoneinfo':
        return `Z${tzIdentity(v)}`;
      case 'decimal':
        return decimalKey(v.value, () => this.freshIdentity());
      case 'uuid':
        return `u${v.int}`;
      case 'global':
        return `g${v.module}:${v.qualname}`;
      case 'object':
        return this.identityKey(v);
      case 'tuple':
      case 'frozenset':
        throw new Error('unreachable: composite handled by keyOf');
    }
  }
}

function floatKey(x: number, fresh: () => string): string {
  if (Number.isNaN(x)) return fresh(); // NaN != NaN: never merges
  if (Number.isInteger(x)) return `i${BigInt(x).toString(16)}`; // 1.0 == 1 == True; -0.0 == 0
  return `f${x}`; // also 'fInfinity' / 'f-Infinity', shared with Decimal infinities
}

function decimalKey(text: string, fresh: () => string): string {
  if (/NaN/.test(text)) return fresh();
  if (text.endsWith('Infinity')) return text.startsWith('-') ? 'f-Infinity' : 'fInfinity';
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:E([+-]\d+))?$/.exec(canonicalDecimal(text));
  if (!m) return `D${text}`;
  let digits = (m[2] as string) + (m[3] ?? '');
  let exp = BigInt(m[4] ?? '0') - BigInt((m[3] ?? '').length);
  digits = digits.replace(/^0+/, '');
  if (digits === '') return 'i0';
  while (digits.endsWith('0')) {
    digits = digits.slice(0, -1);
    exp += 1n;
  }
  if (exp >= 0n && exp < 400n) return `i${BigInt(`${m[1]}${digits}${'0'.repeat(Number(exp))}`).toString(16)}`; // Decimal('1.0') == 1
  // Non-integral (or huge) values: equal Decimals only. Decimal('0.5') == 0.5
  // also holds in CPython; no real pickle mixes both as keys, so not modelled.
  return `D${m[1]}${digits}e${exp}`;
}

/** UTC offset in microseconds when it does not depend on the date, else undefined. */
function fixedOffsetMicros(tz: PyTzInfo | null): bigint | undefined {
  if (tz === null) return 0n;
  switch (tz.kind) {
    case 'timezone':
      return timedeltaMicros(tz.offset);
    case 'pytz-utc':
      return 0n;
    case 'pytz-zone':
      return tz.utcoffset === null ? undefined : BigInt(tz.utcoffset) * 1_000_000n;
    default:
      return undefined;
  }
}

function tzIdentity(tz: PyTzInfo): string {
  switch (tz.kind) {
    case 'zoneinfo':
      return `zi:${tz.key}`;
    case 'pytz-zone':
      return `pz:${tz.zone}:${tz.utcoffset}:${tz.dst}:${tz.tzname}`;
    case 'pytz-utc':
      return 'pu';
    case 'timezone':
      return `tz:${timedeltaMicros(tz.offset)}`;
  }
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export { US_PER_DAY };
