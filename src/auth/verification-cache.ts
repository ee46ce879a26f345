/**
 * Remembers successful password verifications for a short time, so that a
 * client sending Basic credentials with every request pays the password
 * hash (0.1–1 s of CPU for PBKDF2 at Django's counts) once, not every time.
 *
 * Entries are keyed by an HMAC, under a key that lives only in this
 * process, of (username, password, stored hash): no password or hash is kept
 * in clear, and a changed stored hash (password change) can never hit an old
 * entry. Only successes are cached; deactivation is seen because the user
 * row is read on every request. Concurrent checks of the same credentials
 * share one computation.
 */
import { createHmac, randomBytes } from 'node:crypto';

export interface VerificationCacheOptions {
  /** Lifetime of an entry; 0 disables remembering (concurrent checks are still shared). */
  ttlMs: number;
  /** Upper bound on remembered entries; the oldest go first. */
  maxEntries?: number;
  now?: () => number;
}

export class VerificationCache {
  private readonly key = randomBytes(32);
  private readonly entries = new Map<string, number>();
  private readonly inflight = new Map<string, Promise<boolean>>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: VerificationCacheOptions) {
    this.ttlMs = options.ttlMs;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  private cacheKey(username: string, password: string, storedHash: string): string {
    // Length-prefixed fields: no two different triples share a key.
    const mac = createHmac('sha256', this.key);
    for (const field of [username, password, storedHash]) {
      const bytes = Buffer.from(field, 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32BE(bytes.length);
      mac.update(length).update(bytes);
    }
    return mac.digest('base64');
  }

  /**
   * Whether `password` is right for `storedHash`: from memory when this exact
   * triple was verified within the TTL, else by `verify` (once, however many
   * requests ask at the same moment).
   */
  async check(username: string, password: string, storedHash: string, verify: () => Promise<boolean>): Promise<boolean> {
    const key = this.cacheKey(username, password, storedHash);
    const expires = this.entries.get(key);
    if (expires !== undefined) {
      if (expires > this.now()) return true;
      this.entries.delete(key);
    }
    let running = this.inflight.get(key);
    if (!running) {
      running = verify().finally(() => this.inflight.delete(key));
      this.inflight.set(key, running);
      const ok = await running;
      if (ok) this.remember(key);
      return ok;
    }
    return running;
  }

  private remember(key: string): void {
    if (this.ttlMs <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, this.now() + this.ttlMs);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}
