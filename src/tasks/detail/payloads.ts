/**
 * Decoding queue payloads for the detail routes: the whole task package
 * (not just the list's five fields), memoised per signing keys and salt
 * like the pending list's decodes — a polled task-status request meets the
 * same payloads again and again.
 */
import {
  type DecodePayloadOptions,
  loadTaskPayload,
  type PyValue,
  pythonErrorName,
  unsign,
  unsignUnverified,
} from '../../djangoq/index.js';
import type { AppServices } from '../../context.js';
import { DecodedCache } from '../decoded-cache.js';

export type LoadedPayload =
  | { ok: true; task: PyValue; timestamp: number; verified: boolean }
  | { ok: false; errorName: string };

const caches = new WeakMap<readonly string[], Map<string, DecodedCache<LoadedPayload>>>();

export function decodeOptions(services: Pick<AppServices, 'signingKeys' | 'config'>): DecodePayloadOptions {
  const keys = services.signingKeys;
  return { keys, salt: services.config.qClusterName, verify: keys.length > 0 };
}

function load(payload: string, opts: DecodePayloadOptions): LoadedPayload {
  try {
    const task = loadTaskPayload(payload, opts);
    // The timestamp comes from the same split loadTaskPayload verified.
    const { timestamp } = opts.verify ? unsign(payload, { keys: opts.keys, salt: opts.salt }) : unsignUnverified(payload);
    return { ok: true, task, timestamp, verified: opts.verify };
  } catch (e) {
    return { ok: false, errorName: pythonErrorName(e) };
  }
}

/** The decoded package of one payload (memoised; a payload's decode never changes). */
export function loadPayload(services: Pick<AppServices, 'signingKeys' | 'config'>, payload: string): LoadedPayload {
  const opts = decodeOptions(services);
  let bySalt = caches.get(services.signingKeys);
  if (!bySalt) caches.set(services.signingKeys, (bySalt = new Map()));
  let cache = bySalt.get(opts.salt);
  if (!cache) bySalt.set(opts.salt, (cache = new DecodedCache(2_000_000)));
  // Values are not counted by size (a PyValue has no cheap length): the
  // payload's own length stands for it, which bounds the memo the same way.
  return cache.get(payload, (p) => load(p, opts), () => payload.length);
}
