/**
 * One query's result, cached for a TTL and shared: concurrent callers
 * during a refresh share the one query in flight, so dashboards and
 * Prometheus polling every few seconds cost at most one query per TTL.
 *
 * With `refreshAhead`, a caller in the second half of the TTL still gets the
 * (valid) cached value at once while one background query fetches the next
 * — pollers never wait for a slow count. `invalidate()` forgets the value
 * (after a DELETE), and a query that started before it never stores its
 * older result. The clock is injectable so tests need not sleep.
 */
export interface CachedQueryOptions {
  ttlMs: number;
  refreshAhead?: boolean;
  /** Milliseconds; Date.now by default. */
  now?: () => number;
}

export class CachedQuery<T> {
  private value: T | undefined;
  private expires = 0;
  private inflight: Promise<T> | undefined;
  private generation = 0;
  private readonly ttlMs: number;
  private readonly refreshAhead: boolean;
  private readonly now: () => number;
  /** How many times the query ran (observable in tests and metrics). */
  queries = 0;

  constructor(
    private readonly query: () => Promise<T>,
    options: CachedQueryOptions,
  ) {
    this.ttlMs = options.ttlMs;
    this.refreshAhead = options.refreshAhead ?? false;
    this.now = options.now ?? Date.now;
  }

  async get(): Promise<T> {
    const now = this.now();
    if (this.value !== undefined && now < this.expires) {
      if (this.refreshAhead && !this.inflight && now >= this.expires - this.ttlMs / 2) this.refresh().catch(() => {});
      return this.value;
    }
    return this.refresh();
  }

  private refresh(): Promise<T> {
    if (!this.inflight) {
      this.queries++;
      const generation = this.generation;
      const inflight: Promise<T> = this.query()
        .then((value) => {
          if (generation === this.generation) {
            this.value = value;
            this.expires = this.now() + this.ttlMs;
          }
          return value;
        })
        .finally(() => {
          if (this.inflight === inflight) this.inflight = undefined;
        });
      this.inflight = inflight;
    }
    return this.inflight;
  }

  /** Forget the cached value; a query already in flight will not store its result. */
  invalidate(): void {
    this.value = undefined;
    this.expires = 0;
    this.generation++;
    this.inflight = undefined;
  }
}
