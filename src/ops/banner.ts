/**
 * The one start-up banner `bgtasks serve` prints: where it listens, which
 * database (password masked), the compatibility mode and where the docs
 * are. Written to stderr so stdout carries nothing but JSON log lines.
 */
import type { AddressInfo } from 'node:net';
import type { Config } from '../config/env.js';
import { packageVersion } from '../paths.js';
import { DOCS_URL, SCHEMA_URL } from './docs.js';

export interface BannerInput {
  config: Pick<Config, 'host' | 'port' | 'apiCompat' | 'metricsToken'>;
  /** The listening socket's address (its port wins over config.port, e.g. PORT=0). */
  address?: AddressInfo | string | null;
  database: { kind: 'postgres' | 'pglite'; description: string };
  read?: { description: string };
}

export function baseUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

export function startupBanner({ config, address, database, read }: BannerInput): string {
  const port = address && typeof address === 'object' ? address.port : config.port;
  const base = baseUrl(config.host, port);
  const db = `${database.kind === 'postgres' ? 'PostgreSQL ' : ''}${database.description}`;
  return [
    `background-task-api ${packageVersion()} listening on ${base}`,
    `  database:  ${db}${read ? ` (reads: ${read.description})` : ''}`,
    `  dashboard: ${base}/dashboard/`,
    `  API:       ${base}/api/background-task/  (API_COMPAT=${config.apiCompat})`,
    `  docs:      ${base}${DOCS_URL}  (OpenAPI document: ${base}${SCHEMA_URL})`,
    `  ops:       ${base}/healthz  ${base}/readyz  ${base}/metrics${config.metricsToken ? ' (bearer token)' : ''}`,
  ].join('\n');
}
