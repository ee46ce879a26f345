/**
 * Process concerns of a running server: listening, and graceful shutdown on
 * SIGTERM/SIGINT — stop accepting, let in-flight requests finish within
 * SHUTDOWN_GRACE_SECONDS, close the database last, exit 0.
 */
import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from './db/connect.js';

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  /** Resolves when the server has shut down. */
  closed: Promise<void>;
  shutdown(reason: string): Promise<void>;
}

export async function listen(
  app: FastifyInstance,
  handles: DatabaseHandle[],
  options: { host: string; port: number; graceSeconds: number; onShutdownStart?: () => void },
): Promise<RunningServer> {
  const address = await app.listen({ host: options.host, port: options.port });
  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  let shuttingDown: Promise<void> | undefined;

  const shutdown = (reason: string): Promise<void> => {
    shuttingDown ??= (async () => {
      app.log.info({ reason }, 'shutting down');
      options.onShutdownStart?.();
      const force = setTimeout(() => {
        app.log.warn('grace period over: closing remaining connections');
        app.server.closeAllConnections();
      }, options.graceSeconds * 1000);
      force.unref();
      try {
        await app.close(); // stops accepting; in-flight requests finish; new ones get 503
      } finally {
        clearTimeout(force);
        for (const handle of handles) await handle.close().catch(() => {});
        resolveClosed();
      }
    })();
    return shuttingDown;
  };

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      void shutdown(signal);
    });
  }
  return { app, url: address, closed, shutdown };
}
