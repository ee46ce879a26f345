/**
 * Brute-force protection for the credential schemes a client can guess at:
 * failed Token and Basic attempts are counted per client address over a
 * sliding minute, and once a client reaches the limit, every Token/Basic
 * attempt from it is refused with 429 until its oldest failure ages out —
 * without checking the credentials, or a blocked client could still learn
 * which guess is right. Successes are never counted and never delayed.
 *
 * Password attempts are expensive to check, and a burst of them all arrives
 * before the first has failed: so an attempt about to be hashed takes a slot
 * (tryBegin) that counts against the same limit until its outcome is known
 * (end), when a failure takes the slot's place in the same step. Failures
 * plus attempts in flight never exceed the limit.
 *
 * IPv6 clients are grouped by their /64, which one host can hold in full.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { type ApiError, detailError } from '../http/errors.js';

/** The counting key of a client address: IPv4 as is, IPv6 by /64. */
export function clientKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return mapped[1];
  if (isIPv4(address) || !isIPv6(address)) return address;
  const [head = '', tail] = address.split('%')[0]!.toLowerCase().split('::') as [string, string | undefined];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  // An embedded IPv4 in the tail only affects the low 64 bits: ignore it.
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = tail === undefined ? headGroups : [...headGroups, ...Array(Math.max(missing, 0)).fill('0'), ...tailGroups];
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

export interface FailureLimiterOptions {
  /** Failures allowed per client per window; 0 disables the limiter. */
  limit: number;
  windowMs?: number;
  /** Bound on tracked clients (memory); the least recently failing go first. */
  maxClients?: number;
  now?: () => number;
}

export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();
  /** Attempts being checked right now, per client (only while they run). */
  private readonly inflight = new Map<string, number>();
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly maxClients: number;
  private readonly now: () => number;

  constructor(options: FailureLimiterOptions) {
    this.limit = options.limit;
    this.windowMs = options.windowMs ?? 60_000;
    this.maxClients = options.maxClients ?? 50_000;
    this.now = options.now ?? Date.now;
  }

  get enabled(): boolean {
    return this.limit > 0;
  }

  /** Timestamps of the client's failures still inside the window. */
  private recent(key: string, now: number): number[] {
    const times = this.failures.get(key);
    if (!times) return [];
    const cutoff = now - this.windowMs;
    let drop = 0;
    while (drop < times.length && (times[drop] as number) <= cutoff) drop++;
    if (drop) times.splice(0, drop);
    if (!times.length) this.failures.delete(key);
    return times;
  }

  /** Seconds until the client may try again, or undefined when it may now. */
  retryAfter(key: string): number | undefined {
    if (!this.enabled) return undefined;
    const now = this.now();
    const times = this.recent(key, now);
    if (times.length < this.limit) return undefined;
    const oldest = times[times.length - this.limit] as number;
    return Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000));
  }

  /**
   * Reserves a slot for an attempt about to be checked at cost. Undefined when
   * it may go ahead (call end() afterwards); otherwise the seconds to wait.
   */
  tryBegin(key: string): number | undefined {
    if (!this.enabled) return undefined;
    const blocked = this.retryAfter(key);
    if (blocked !== undefined) return blocked;
    const busy = this.inflight.get(key) ?? 0;
    // Room is limit − failures; the attempts in flight may all fail, so a
    // second is the honest wait (it is a minute once they have).
    if (this.recent(key, this.now()).length + busy >= this.limit) return 1;
    this.inflight.set(key, busy + 1);
    return undefined;
  }

  /** Releases a tryBegin slot; a failed attempt becomes a failure in the same step. */
  end(key: string, failed: boolean): void {
    if (!this.enabled) return;
    const busy = (this.inflight.get(key) ?? 1) - 1;
    if (busy > 0) this.inflight.set(key, busy);
    else this.inflight.delete(key);
    if (failed) this.recordFailure(key);
  }

  /** Attempts of this client being checked now. */
  inFlight(key: string): number {
    return this.inflight.get(key) ?? 0;
  }

  recordFailure(key: string): void {
    if (!this.enabled) return;
    const now = this.now();
    const times = this.recent(key, now);
    times.push(now);
    // Only the newest `limit` failures decide anything.
    if (times.length > this.limit) times.splice(0, times.length - this.limit);
    this.failures.delete(key); // re-insert: Map order = least recently failing first
    this.failures.set(key, times);
    if (this.failures.size > this.maxClients) this.evict(now);
  }

  private evict(now: number): void {
    for (const key of [...this.failures.keys()]) this.recent(key, now);
    while (this.failures.size > this.maxClients) {
      const oldest = this.failures.keys().next().value;
      if (oldest === undefined) break;
      this.failures.delete(oldest);
    }
  }

  get trackedClients(): number {
    return this.failures.size;
  }
}

/** DRF's Throttled: 429, `Retry-After`, and its message. */
export function throttled(waitSeconds: number): ApiError {
  const unit = waitSeconds === 1 ? 'second' : 'seconds';
  return detailError(429, `Request was throttled. Expected available in ${waitSeconds} ${unit}.`, {
    'retry-after': String(waitSeconds),
  });
}
