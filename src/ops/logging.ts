/**
 * Logging: pino JSON lines on stdout (a small human format only when stdout
 * is a terminal), the level from LOG_LEVEL, credentials redacted, and one
 * request id per request — ours, or the client's X-Request-Id when the
 * operator trusts the proxy in front (TRUST_PROXY).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Writable } from 'node:stream';
import type { FastifyServerOptions } from 'fastify';
import type { Config } from '../config/env.js';

/**
 * What pino blanks out wherever it appears in a log line: request and
 * response headers (as serialized by Fastify or logged by hand).
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["proxy-authorization"]',
  'headers["set-cookie"]',
];

/** Accepted client request ids: short, printable, no spaces or quotes (no log injection). */
const CLIENT_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/** Fastify's `genReqId`: the client's X-Request-Id only behind a trusted proxy, else a UUID. */
export function requestIdGenerator(trustProxy: boolean): (req: IncomingMessage) => string {
  return (req) => {
    if (trustProxy) {
      const header = req.headers['x-request-id'];
      const value = Array.isArray(header) ? header[0] : header;
      if (value && CLIENT_ID.test(value)) return value;
    }
    return randomUUID();
  };
}

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const OMIT = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'reqId']);

/** One JSON log line → `12:00:01 INFO  [reqId] message key=value …`. Falls back to the raw line. */
export function prettyLine(line: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const time = typeof entry.time === 'number' ? new Date(entry.time).toISOString().slice(11, 23) : '';
  const level = (LEVELS[entry.level as number] ?? String(entry.level)).padEnd(5);
  const id = entry.reqId ? ` [${String(entry.reqId)}]` : '';
  const rest = Object.entries(entry)
    .filter(([k]) => !OMIT.has(k))
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  return `${time} ${level}${id} ${String(entry.msg ?? '')}${rest ? `  ${rest}` : ''}`;
}

/** A destination that writes prettyLine() of each JSON line to `out`. */
export function prettyStream(out: NodeJS.WritableStream): Writable {
  let pending = '';
  return new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      pending += chunk.toString();
      let nl = pending.indexOf('\n');
      while (nl !== -1) {
        out.write(`${prettyLine(pending.slice(0, nl))}\n`);
        pending = pending.slice(nl + 1);
        nl = pending.indexOf('\n');
      }
      callback();
    },
  });
}

/**
 * The Fastify logger options for a config: JSON to stdout (or `stream`),
 * pretty only when stdout is a TTY.
 */
export function loggerOptions(
  config: Pick<Config, 'logLevel'>,
  options: { stream?: NodeJS.WritableStream; isTTY?: boolean } = {},
): Exclude<FastifyServerOptions['logger'], boolean | undefined> {
  const isTTY = options.isTTY ?? (options.stream ? false : process.stdout.isTTY === true);
  const stream = isTTY ? prettyStream(options.stream ?? process.stdout) : options.stream;
  return {
    level: config.logLevel,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    ...(stream ? { stream } : {}),
  };
}
