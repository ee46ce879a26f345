/**
 * GET /api/background-task/events/ — the overview as Server-Sent Events.
 *
 * One ticker per process (running only while someone listens) takes an
 * overview snapshot every COUNTS_TTL_SECONDS (at least every second) from the
 * shared caches, so the database sees one set of counts per TTL however many
 * browsers listen. An `overview` event goes to every listener when the
 * figures change (not for the oldest task's age alone, which the page keeps
 * ticking itself); a comment line every heartbeat interval keeps proxies and
 * the browser from timing the stream out.
 *
 * Event ids are `<boot id>-<sequence>`. The stream carries a state, not a log,
 * so resuming needs no history: a client that reconnects with the current
 * id in `Last-Event-ID` gets nothing until the next change; any other id
 * (older, or from before a restart) gets the current state at once.
 *
 * With `Accept: application/json` (and not text/event-stream) the same
 * snapshot is answered once as JSON: the page's polling fallback when a
 * proxy blocks or buffers the stream.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthenticatedUser } from '../auth/index.js';
import { notAuthenticated } from '../http/errors.js';
import type { OverviewSnapshot, OverviewStats } from './overview-stats.js';

export const EVENTS_URL = '/api/background-task/events/';
export const HEARTBEAT_MS = 15_000;
/** The browser's reconnection delay after a dropped stream. */
export const RETRY_MS = 3_000;
export const MAX_LISTENERS = 1_000;
/**
 * A stream is ended after this long; the browser reconnects at once (with
 * Last-Event-ID, so nothing is resent) and is authenticated again — a
 * revoked token or ended session stops receiving within this time.
 */
export const MAX_STREAM_MS = 10 * 60_000;

interface Listener {
  reply: FastifyReply;
  heartbeat: NodeJS.Timeout;
  lifetime: NodeJS.Timeout;
}

/** The figures whose change is worth an event (the age alone is not). */
function changeKey(s: OverviewSnapshot): string {
  const { oldest_pending_age_seconds: _age, running_reason: _reason, ...rest } = s;
  return JSON.stringify({ ...rest, waiting: s.oldest_pending_age_seconds > 0 });
}

export class OverviewHub {
  readonly bootId = randomBytes(4).toString('hex');
  private seq = 0;
  private current: { id: string; key: string; data: string } | undefined;
  private readonly listeners = new Set<Listener>();
  private ticker: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly stats: OverviewStats,
    private readonly options: { intervalMs: number; heartbeatMs: number; maxStreamMs?: number; log: FastifyInstance['log'] },
  ) {}

  get listenerCount(): number {
    return this.listeners.size;
  }

  /** Takes a snapshot (shared caches) and broadcasts it when it changed. */
  async tick(): Promise<void> {
    this.ticking ??= (async () => {
      try {
        const snapshot = await this.stats.snapshot();
        const key = changeKey(snapshot);
        if (this.current?.key === key) return;
        this.seq++;
        this.current = { id: `${this.bootId}-${this.seq}`, key, data: JSON.stringify(snapshot) };
        for (const listener of this.listeners) this.send(listener, this.current);
      } catch (err) {
        this.options.log.warn({ err: { message: (err as Error).message, code: (err as { code?: string }).code } }, 'overview events: snapshot failed');
      } finally {
        this.ticking = undefined;
      }
    })();
    return this.ticking;
  }

  async snapshot(): Promise<OverviewSnapshot> {
    return this.stats.snapshot();
  }

  private send(listener: Listener, event: { id: string; data: string }): void {
    listener.reply.raw.write(`id: ${event.id}\nevent: overview\ndata: ${event.data}\n\n`);
  }

  async attach(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (this.closed || this.listeners.size >= MAX_LISTENERS) {
      await reply.code(503).header('retry-after', '10').type('application/json').send('{"detail":"Too many event listeners; try again later."}');
      return;
    }
    const lastEventId = String(request.headers['last-event-id'] ?? '');
    reply.hijack();
    const headers: Record<string, string | number | string[]> = {};
    for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) headers[name] = value as string;
    reply.raw.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
      'x-content-type-options': 'nosniff',
      connection: 'keep-alive',
    });
    reply.raw.write(`retry: ${RETRY_MS}\n\n`);
    const listener: Listener = {
      reply,
      heartbeat: setInterval(() => reply.raw.write(': heartbeat\n\n'), this.options.heartbeatMs),
      lifetime: setTimeout(() => reply.raw.end(), this.options.maxStreamMs ?? MAX_STREAM_MS),
    };
    this.listeners.add(listener);
    const detach = () => {
      clearInterval(listener.heartbeat);
      clearTimeout(listener.lifetime);
      this.listeners.delete(listener);
      if (!this.listeners.size) this.stop();
    };
    // 'close' on the response: the client went away or the stream was ended (not the
    // socket's, which outlives a stream on a kept-alive connection and would collect listeners).
    reply.raw.on('close', detach);
    reply.raw.on('error', detach);

    if (!this.current) await this.tick();
    if (this.current && this.current.id !== lastEventId && this.listeners.has(listener)) this.send(listener, this.current);
    this.start();
  }

  private start(): void {
    if (this.ticker || this.closed) return;
    this.ticker = setInterval(() => void this.tick(), this.options.intervalMs);
  }

  private stop(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
    // Forget the state: the next listener after a quiet period gets a fresh snapshot.
    this.current = undefined;
  }

  /** Ends every stream (the server is closing: hijacked replies would hold it open). */
  close(): void {
    this.closed = true;
    this.stop();
    for (const listener of [...this.listeners]) {
      clearInterval(listener.heartbeat);
      clearTimeout(listener.lifetime);
      listener.reply.raw.end();
    }
    this.listeners.clear();
  }
}

/** True when the client asks for the one-shot JSON snapshot rather than the stream. */
export function wantsJsonSnapshot(request: FastifyRequest): boolean {
  const accept = String(request.headers.accept ?? '').toLowerCase();
  return accept.includes('application/json') && !accept.includes('text/event-stream');
}

export function registerEvents(
  app: FastifyInstance,
  hub: OverviewHub,
  authenticate: (request: FastifyRequest) => Promise<AuthenticatedUser | undefined>,
): void {
  // Not a DRF view: it serves text/event-stream as well as JSON (see ownMediaTypes).
  app.get(EVENTS_URL, { config: { ownMediaTypes: true } }, async (request, reply) => {
    // The lists' permission (staff): this path has no x-permission of its own.
    if (!(await authenticate(request))) throw notAuthenticated();
    // HEAD (added by Fastify for every GET): the stream's headers, never a stream.
    if (request.method === 'HEAD') return reply.header('cache-control', 'no-store').type('text/event-stream; charset=utf-8').send();
    if (wantsJsonSnapshot(request)) {
      const snapshot = await hub.snapshot();
      return reply.header('cache-control', 'no-store').type('application/json').send(JSON.stringify(snapshot));
    }
    await hub.attach(request, reply);
    return reply;
  });
  app.addHook('preClose', async () => hub.close());
}
