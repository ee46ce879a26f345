/**
 * One bounded queue for every password-hash computation of the process.
 *
 * A hash costs 0.1–1 s of CPU. Without a bound, a burst of Basic requests
 * with wrong passwords (from many addresses, so the per-client limit does not
 * stop it) queues thousands of computations and every later login waits
 * behind them. Here at most `concurrency` hashes run at once and at most
 * `maxWaiting` wait; beyond that a request is refused at once (503 with
 * Retry-After) instead of waiting.
 *
 * `concurrency` stays below libuv's thread pool size (UV_THREADPOOL_SIZE,
 * default 4), where PBKDF2 and scrypt run: DNS lookups and file system calls
 * share that pool, so a free thread is always left for them. argon2 and
 * bcrypt run in their own worker and are bounded by the same count. Token
 * checks never come through here.
 */
import { availableParallelism } from 'node:os';
import { type ApiError, detailError } from '../http/errors.js';

export interface HashQueueOptions {
  /** Most computations waiting for a slot (AUTH_HASH_QUEUE); 0 = none wait. */
  maxWaiting: number;
  /** Most computations running at once; default: min(pool size − 1, CPUs), at least 1. */
  concurrency?: number;
}

/** The default number of hashes computed at once. */
export function defaultHashConcurrency(env: NodeJS.ProcessEnv = process.env): number {
  const pool = Number(env.UV_THREADPOOL_SIZE) || 4;
  return Math.max(1, Math.min(pool - 1, availableParallelism()));
}

/** 503 with Retry-After: the server, not this client, is at its limit. */
export function hashQueueFull(retryAfterSeconds: number): ApiError {
  return detailError(503, 'Too many password checks in progress. Please try again later.', {
    'retry-after': String(retryAfterSeconds),
  });
}

export class HashQueue {
  readonly concurrency: number;
  readonly maxWaiting: number;
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  /** Moving average of a computation's duration, for Retry-After. */
  private averageMs = 500;
  /** Refused at once because the queue was full (metrics, tests). */
  refused = 0;

  constructor(options: HashQueueOptions) {
    this.concurrency = options.concurrency ?? defaultHashConcurrency();
    this.maxWaiting = options.maxWaiting;
  }

  get size(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  /** Runs `work` when a slot is free; throws the 503 at once when too many already wait. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.maxWaiting) {
        this.refused++;
        throw hashQueueFull(this.retryAfter());
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.averageMs = this.averageMs * 0.8 + (performance.now() - started) * 0.2;
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter: `running` stays the same.
      if (next) next();
      else this.running--;
    }
  }

  /** Seconds until the queue has drained about once. */
  private retryAfter(): number {
    const backlog = this.running + this.waiting.length;
    return Math.max(1, Math.ceil((backlog / this.concurrency) * (this.averageMs / 1000)));
  }
}
