/**
 * TRUST_PROXY: which hops in front of the service are trusted to report the
 * client's address (X-Forwarded-For), scheme and host.
 *
 *   false (default)    nothing is trusted: the socket's peer is the client.
 *   true, or a number  that many proxies in front (true = 1). The client is the
 *                      address the outermost trusted proxy saw: the entry that
 *                      many places from the right of X-Forwarded-For. Entries
 *                      further left were written by the client and are ignored.
 *   a list             comma-separated proxy addresses or CIDRs (and the names
 *                      loopback, linklocal, uniquelocal): every hop in the list
 *                      is trusted, the first one from the right that is not is
 *                      the client. A direct client outside the list is keyed
 *                      on its own address whatever it sends.
 *
 * `true` deliberately does not mean "trust every hop" (Express's and Fastify's
 * reading): behind the usual nginx configuration (`proxy_add_x_forwarded_for`)
 * the leftmost entry is whatever the client sent, and keying the failure
 * limiter on it lets a client pick a new address per guess. To trust every
 * hop anyway, list ranges covering everything (`0.0.0.0/1,128.0.0.0/1,::/1,8000::/1`).
 *
 * Fastify 5 itself, given a number, trusts no hop at all (it cannot check the
 * peer, so it fails closed), which would key every client on the proxy's own
 * address; hop counts are therefore passed to it as a function.
 */
import { isIP } from 'node:net';

export type ProxyTrust = false | { hops: number } | { addresses: string[] };

const NAMED = new Set(['loopback', 'linklocal', 'uniquelocal']);
const TRUTHY = new Set(['y', 'yes', 't', 'true', 'on']);
const FALSY = new Set(['', 'n', 'no', 'f', 'false', 'off']);

function validAddress(item: string): boolean {
  if (NAMED.has(item)) return true;
  const slash = item.indexOf('/');
  const address = slash === -1 ? item : item.slice(0, slash);
  const family = isIP(address);
  if (!family) return false;
  if (slash === -1) return true;
  const prefix = item.slice(slash + 1);
  // proxy-addr (what Fastify compiles the list with) refuses /0.
  return /^\d{1,3}$/.test(prefix) && Number(prefix) >= 1 && Number(prefix) <= (family === 4 ? 32 : 128);
}

/** Parses TRUST_PROXY; throws a message naming what is wrong. */
export function parseTrustProxy(raw: string | undefined): ProxyTrust {
  const value = (raw ?? '').trim();
  const lower = value.toLowerCase();
  if (FALSY.has(lower)) return false;
  if (TRUTHY.has(lower)) return { hops: 1 };
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > 100) throw new Error(`hop count must be at most 100, got ${value}`);
    return hops === 0 ? false : { hops };
  }
  const addresses = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = addresses.filter((a) => !validAddress(a.toLowerCase()));
  if (bad.length || !addresses.length)
    throw new Error(
      `must be false, true, a number of proxies, or comma-separated proxy addresses/CIDRs (loopback, linklocal, uniquelocal allowed); not addresses: ${bad.map((b) => `"${b}"`).join(', ')}`,
    );
  return { addresses: addresses.map((a) => a.toLowerCase()) };
}

/** Whether forwarded headers are honoured at all (X-Forwarded-Proto/-Host, X-Request-Id). */
export function trustsAnyProxy(trust: ProxyTrust): boolean {
  return trust !== false;
}

/**
 * Fastify's `trustProxy` option for a setting. `legacyTrust` covers a Config
 * built with only the boolean `trustProxy` (tests): true then means one hop.
 */
export function fastifyTrustProxy(
  trust: ProxyTrust,
  legacyTrust = false,
): false | string | ((address: string, hop: number) => boolean) {
  const setting = trust === false && legacyTrust ? { hops: 1 } : trust;
  if (setting === false) return false;
  if ('hops' in setting) {
    const { hops } = setting;
    // proxy-addr asks about the socket's peer as hop 0, then each
    // X-Forwarded-For entry from the right; the first untrusted one is the client.
    return (_address, hop) => hop < hops;
  }
  return setting.addresses.join(',');
}
