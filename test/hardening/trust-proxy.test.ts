/**
 * Issue #12 item 3: TRUST_PROXY as false, true, a hop count or a list of
 * proxy addresses/CIDRs, and the failure limiter keyed on the address the
 * outermost trusted proxy saw — never on an X-Forwarded-For entry the client
 * wrote. (Fastify 5, given a number, trusts no hop: verified in
 * node_modules/fastify/lib/request.js, getTrustProxyFn, "Fail closed".)
 */
import Fastify from 'fastify';
import t, { type Test } from 'tap';
import { ConfigError, loadConfig } from '../../src/config/env.js';
import { fastifyTrustProxy, parseTrustProxy } from '../../src/config/trust-proxy.js';
import { createTestApp } from '../helpers/app.js';

t.test('parsing', async (t) => {
  for (const v of [undefined, '', 'false', 'no', 'off', '0', ' FALSE ']) t.equal(parseTrustProxy(v), false, JSON.stringify(v));
  for (const v of ['true', 'yes', 'on', 'TRUE', '1']) t.same(parseTrustProxy(v), { hops: 1 }, v);
  t.same(parseTrustProxy('2'), { hops: 2 });
  t.same(parseTrustProxy('10.0.0.0/8, 192.168.1.7 ,::1,fd00::/8,loopback,UniqueLocal'), {
    addresses: ['10.0.0.0/8', '192.168.1.7', '::1', 'fd00::/8', 'loopback', 'uniquelocal'],
  });
  for (const v of ['101', 'maybe', '10.0.0.0/33', '::1/129', '0.0.0.0/0', '10.0.0.1, nginx', '300.1.1.1', ',']) {
    t.throws(() => parseTrustProxy(v), Error, JSON.stringify(v));
    t.throws(() => loadConfig({ TRUST_PROXY: v }), ConfigError, `${v}: a configuration error`);
  }
  t.equal(loadConfig({}).trustProxy, false);
  t.equal(loadConfig({ TRUST_PROXY: '2' }).trustProxy, true, 'forwarded headers honoured');
  t.equal(loadConfig({ TRUST_PROXY: '10.0.0.0/8' }).trustProxy, true);
});

t.test("Fastify's own reading of the settings", async (t) => {
  const ipFor = async (trustProxy: unknown, remoteAddress: string, xff?: string) => {
    // biome-ignore lint/suspicious/noExplicitAny: trustProxy accepts several shapes
    const app = Fastify({ trustProxy: trustProxy as any });
    app.get('/', async (request) => request.ip);
    const res = await app.inject({ url: '/', remoteAddress, ...(xff ? { headers: { 'x-forwarded-for': xff } } : {}) });
    await app.close();
    return res.body;
  };
  t.equal(await ipFor(1, '10.0.0.2', '6.6.6.6, 198.51.100.4'), '10.0.0.2', 'Fastify 5 given a number trusts no hop');
  t.equal(await ipFor(true, '10.0.0.2', '6.6.6.6, 198.51.100.4'), '6.6.6.6', 'given true, the leftmost (client-written) entry');
  const ours = (setting: string, remote: string, xff?: string) => ipFor(fastifyTrustProxy(parseTrustProxy(setting)), remote, xff);
  t.equal(await ours('1', '10.0.0.2', '6.6.6.6, 198.51.100.4'), '198.51.100.4', '1: what the proxy saw');
  t.equal(await ours('true', '10.0.0.2', '6.6.6.6, 198.51.100.4'), '198.51.100.4', 'true = 1');
  t.equal(await ours('2', '10.0.0.3', '6.6.6.6, 198.51.100.4, 10.0.0.2'), '198.51.100.4', '2: what the outer proxy saw');
  t.equal(await ours('2', '10.0.0.3'), '10.0.0.3', 'no header: the peer');
  t.equal(await ours('false', '10.0.0.2', '6.6.6.6'), '10.0.0.2', 'false: the peer');
  t.equal(await ours('10.0.0.0/8', '10.0.0.2', '6.6.6.6, 198.51.100.4, 10.0.0.1'), '198.51.100.4', 'list: first untrusted from the right');
  t.equal(await ours('10.0.0.0/8', '192.0.2.5', '6.6.6.6, 10.0.0.1'), '192.0.2.5', 'list: a direct client outside it is itself');
  t.equal(await ours('0.0.0.0/1,128.0.0.0/1', '10.0.0.2', '6.6.6.6, 198.51.100.4'), '6.6.6.6', 'every hop, only when asked for');
});

/** 25 wrong tokens, each behind a different client-written X-Forwarded-For entry. */
async function spoofedBurst(t: Test, setting: string, remoteAddress: string, proxyChain: string) {
  const config = loadConfig({ TRUST_PROXY: setting, LOG_LEVEL: 'silent' });
  const { app } = await createTestApp(t, { proxyTrust: config.proxyTrust, trustProxy: config.trustProxy });
  const statuses: number[] = [];
  for (let i = 0; i < 25; i++) {
    const res = await app.inject({
      method: 'GET',
      url: '/api/background-task/',
      headers: { authorization: `Token wrong-${i}`, 'x-forwarded-for': `10.${i}.${i}.${i}, ${proxyChain}` },
      remoteAddress,
    });
    statuses.push(res.statusCode);
  }
  return statuses;
}

for (const [setting, remote, chain] of [
  ['true', '10.0.0.2', '198.51.100.4'],
  ['1', '10.0.0.2', '198.51.100.4'],
  ['2', '10.0.0.3', '198.51.100.4, 10.0.0.2'],
  ['10.0.0.0/8', '10.0.0.3', '198.51.100.4, 10.0.0.2'],
] as const) {
  t.test(`TRUST_PROXY=${setting}: the limiter keys on the address the trusted proxy saw`, async (t) => {
    const statuses = await spoofedBurst(t, setting, remote, chain);
    t.same(statuses.slice(0, 20), Array(20).fill(401), '20 failures');
    t.same(statuses.slice(20), Array(5).fill(429), 'then blocked, whatever the client writes in front');
  });
}
