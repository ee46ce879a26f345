/**
 * Ties a streamed response's cursor to its client: the cursor is released the
 * moment the client's connection closes (however early, even before the
 * first byte), and a client that reads nothing for STREAM_IDLE_SECONDS is cut
 * off — its connection destroyed, which releases the cursor the same way.
 *
 * "Reads nothing" is measured on the socket: once the response has started,
 * Node's socket timeout fires when no byte could be written (the client's
 * receive window and our buffers are full) nor read for that long.
 */
import type { Socket } from 'node:net';
import type { FastifyRequest } from 'fastify';
import type { CursorOptions } from './cursor.js';

/** PostgreSQL's own backstop fires this long after ours would have. */
const BACKSTOP_MARGIN_MS = 10_000;

/** Sockets we set a timeout on, with the logger of their latest streamed request. */
const guarded = new WeakMap<Socket, FastifyRequest['log']>();

function cutOffIdle(this: Socket): void {
  if (this.destroyed) return;
  // Output still queued: a stalled reader (not a keep-alive connection idling out).
  if (this.writableLength > 0) guarded.get(this)?.warn('client read nothing for STREAM_IDLE_SECONDS: connection closed, cursor released');
  this.destroy();
}

export function streamGuard(request: FastifyRequest, idleSeconds: number): CursorOptions {
  const socket = request.raw.socket as Socket | undefined;
  const idleMs = idleSeconds * 1000;
  const options: CursorOptions = idleMs > 0 ? { idleInTransactionMs: idleMs + BACKSTOP_MARGIN_MS } : {};
  // light-my-request (inject) has no real socket: nothing to watch.
  if (!socket || typeof socket.once !== 'function') return options;
  const controller = new AbortController();
  const onClose = () => controller.abort();
  if (socket.destroyed) controller.abort();
  else socket.once('close', onClose);
  options.signal = controller.signal;
  options.onRelease = () => socket.removeListener('close', onClose);
  options.onOpen = () => {
    if (idleMs <= 0 || typeof socket.setTimeout !== 'function' || socket.destroyed) return;
    // Node's HTTP server resets the socket timeout when the response ends
    // (to keepAliveTimeout) and when the next request starts.
    socket.setTimeout(idleMs);
    if (!guarded.has(socket)) socket.on('timeout', cutOffIdle);
    guarded.set(socket, request.log);
    request.log.debug({ idleSeconds }, 'streaming response; cut off after this long without a read');
  };
  return options;
}
