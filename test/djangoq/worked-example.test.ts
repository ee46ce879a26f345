// docs/formats.md §4.2: the signed pending-task payload, every
// intermediate value, both directions; plus §3's real picklefield rows.

import { createHmac } from 'node:crypto';
import t from 'tap';
import {
  BadSignature,
  b62Decode,
  b62Encode,
  decodePickledField,
  decodeSignedValue,
  decodeTaskPayload,
  deriveKey,
  djangoB64Decode,
  djangoB64Encode,
  encodePickledField,
  encodeTaskPayload,
  loadsPickle,
  pickle,
  pyDateTime,
  pyDict,
  pyRepr,
  pyStr,
  pyTuple,
  sign,
  signature,
  stdB64Decode,
  TIMEZONE_UTC,
  unpickle,
  unsign,
} from '../../src/djangoq/index.js';

const SECRET = 'oracle-insecure-secret-key-for-testing-only-0123456789abcdef';
const SALT = 'InvenTree';
const TS = 1735787045;

const PICKLE_HEX =
  '800595ea000000000000007d94288c026964948c203031323334353637383961626364656630313233343536373839616263646566948c046e616d65948c19616c7068612d627261766f2d636861726c69652d64656c7461948c0466756e63948c1862677461736b732e73616d706c655f7461736b732e616464948c0461726773944b014b0286948c066b7761726773947d948c0773746172746564948c086461746574696d65948c086461746574696d65949394430a07e901020304050a5bf594680c8c0874696d657a6f6e65949394680c8c0974696d6564656c74619493944b004b004b00879452948594529486945294752e';
const VALUE =
  'gAWV6gAAAAAAAAB9lCiMAmlklIwgMDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWaUjARuYW1llIwZYWxwaGEtYnJhdm8tY2hhcmxpZS1kZWx0YZSMBGZ1bmOUjBhiZ3Rhc2tzLnNhbXBsZV90YXNrcy5hZGSUjARhcmdzlEsBSwKGlIwGa3dhcmdzlH2UjAdzdGFydGVklIwIZGF0ZXRpbWWUjAhkYXRldGltZZSTlEMKB-kBAgMEBQpb9ZRoDIwIdGltZXpvbmWUk5RoDIwJdGltZWRlbHRhlJOUSwBLAEsAh5RSlIWUUpSGlFKUdS4';
const DERIVED_KEY_HEX = '9a625309cc533c299b44055b0183fe03e89d782647b64b2e0e0a31268545d05c';
const HMAC_HEX = 'd66312ab2e958ed372e21559742fe91d3638a61da4a80dd2762b80cbb1c2789f';
const SIGNATURE = '1mMSqy6VjtNy4hVZdC_pHTY4ph2kqA3SdiuAy7HCeJ8';
const PAYLOAD = `${VALUE}:1tTBVF:${SIGNATURE}`;
const SHA1_SIGNATURE = 'ChHWKCiNvqQPLt2gRbY6IX2NwJs';
const COMPRESSED =
  '.eJxrYJ36igECaqdo9DBlpkzpUTAwNDI2MTUzt7BMTEpOSU1D50_pYclLzE2d0iOZmFOQkaibVJRYlq-bnJFYlJOZqpuSmlOSCFSSVpqXPKVHIim9JLE4u1ivODG3ICc1HsJJTAHaw5JYlF48xZvRm6ltSg9bdjmYWzulh724JLGoJBWogiMlsSS1JBNkFYI5eYozF_tLRiZmFlau6K9TMnh6OEDiVfl5IDkglxPEhbhi8hRvBhBsnxI0pRWI24C4VA8AledZHQ:1tTBVF:E-PSbn1-y0FxxHftk5ZLpMHM1RrW87VATbJV6gVETao';
const TASK_REPR =
  "{'id': '0123456789abcdef0123456789abcdef', 'name': 'alpha-bravo-charlie-delta', 'func': 'bgtasks.sample_tasks.add', 'args': (1, 2), 'kwargs': {}, 'started': datetime.datetime(2025, 1, 2, 3, 4, 5, 678901, tzinfo=datetime.timezone.utc)}";

function task() {
  return pyDict([
    ['id', '0123456789abcdef0123456789abcdef'],
    ['name', 'alpha-bravo-charlie-delta'],
    ['func', 'bgtasks.sample_tasks.add'],
    ['args', pyTuple(1n, 2n)],
    ['kwargs', pyDict()],
    [
      'started',
      pyDateTime({ year: 2025, month: 1, day: 2, hour: 3, minute: 4, second: 5, microsecond: 678901, tzinfo: TIMEZONE_UTC }),
    ],
  ]);
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

t.test('§4.2 encode: every intermediate value', async (t) => {
  const p = pickle(task());
  t.equal(p.length, 245, 'pickle is 245 bytes');
  t.equal(hex(p), PICKLE_HEX, 'pickle bytes');
  t.equal(djangoB64Encode(p), VALUE, 'value = base64url without padding');
  t.equal(b62Encode(TS), '1tTBVF', 'timestamp in base62');
  t.equal(deriveKey(SECRET, SALT).toString('hex'), DERIVED_KEY_HEX, 'derived key = SHA256("InvenTreesigner" + SECRET_KEY)');
  t.equal(
    createHmac('sha256', Buffer.from(DERIVED_KEY_HEX, 'hex')).update(`${VALUE}:1tTBVF`).digest('hex'),
    HMAC_HEX,
    'HMAC-SHA256 over "value:timestamp" (independent computation)',
  );
  t.equal(signature(`${VALUE}:1tTBVF`, SECRET, SALT), SIGNATURE, 'signature');
  t.equal(Buffer.from(SIGNATURE, 'base64url').toString('hex'), HMAC_HEX, 'signature is the HMAC in base64url');
  t.equal(sign(VALUE, { key: SECRET, salt: SALT, timestamp: TS }), PAYLOAD, 'sign() gives the payload');
  t.equal(encodeTaskPayload(task(), { key: SECRET, salt: SALT, timestamp: TS }), PAYLOAD, 'encodeTaskPayload gives the payload');
  t.equal(signature(`${VALUE}:1tTBVF`, SECRET, SALT, 'sha1'), SHA1_SIGNATURE, 'Django <= 3.0 SHA-1 signature');
});

t.test('§4.2 decode: every intermediate value', async (t) => {
  const u = unsign(PAYLOAD, { keys: [SECRET], salt: SALT });
  t.same(u, { value: VALUE, timestamp: TS, keyIndex: 0 }, 'unsign: value, timestamp, matching key');
  t.equal(b62Decode('1tTBVF'), BigInt(TS), 'base62 decode');
  t.equal(hex(djangoB64Decode(VALUE)), PICKLE_HEX, 'base64url decode re-pads');
  t.equal(hex(decodeSignedValue(VALUE)), PICKLE_HEX, 'decodeSignedValue');
  const v = unpickle(Buffer.from(PICKLE_HEX, 'hex'));
  t.equal(pyRepr(v), TASK_REPR, 'unpickled task dict, repr');
  t.equal(pyRepr(loadsPickle(PAYLOAD, { keys: [SECRET], salt: SALT })), TASK_REPR, 'loadsPickle');
  t.same(
    decodeTaskPayload(PAYLOAD, { keys: [SECRET], salt: SALT, verify: true }),
    {
      ok: true,
      verified: true,
      task: {
        id: '0123456789abcdef0123456789abcdef',
        name: 'alpha-bravo-charlie-delta',
        func: 'bgtasks.sample_tasks.add',
        args: '(1, 2)',
        kwargs: '{}',
      },
    },
    'decodeTaskPayload renders the pending row',
  );
});

t.test('§4.2 keys, fallbacks, legacy SHA-1, verify:false', async (t) => {
  t.equal(unsign(PAYLOAD, { keys: ['old-key', SECRET], salt: SALT }).keyIndex, 1, 'SECRET_KEY_FALLBACKS are tried in order');
  t.throws(() => unsign(PAYLOAD, { keys: ['wrong'], salt: SALT }), BadSignature, 'wrong key: BadSignature');
  t.throws(() => unsign(PAYLOAD, { keys: [SECRET], salt: 'Other' }), BadSignature, 'wrong salt: BadSignature');
  t.throws(() => unsign(PAYLOAD, { keys: [], salt: SALT }), BadSignature, 'no key: BadSignature');
  const legacy = `${VALUE}:1tTBVF:${SHA1_SIGNATURE}`;
  t.throws(() => unsign(legacy, { keys: [SECRET], salt: SALT }), BadSignature, 'SHA-1 rejected by default (django-q)');
  t.equal(unsign(legacy, { keys: [SECRET], salt: SALT, allowLegacySha1: true }).value, VALUE, 'SHA-1 accepted on request');
  t.same(
    decodeTaskPayload(PAYLOAD, { keys: ['wrong'], salt: SALT, verify: true }),
    { ok: false, errorName: 'BadSignature' },
    'pending row of a payload signed with another key: *BadSignature',
  );
  const unverified = decodeTaskPayload(PAYLOAD, { keys: [], salt: SALT, verify: false });
  t.match(unverified, { ok: true, verified: false, task: { args: '(1, 2)' } }, 'verify:false decodes and says so');
  const tampered = PAYLOAD.replace('1tTBVF', '1tTBVG');
  t.same(decodeTaskPayload(tampered, { keys: [SECRET], salt: SALT, verify: true }), { ok: false, errorName: 'BadSignature' }, 'tampered timestamp');
  t.same(decodeTaskPayload('no-separator', { keys: [SECRET], salt: SALT, verify: true }), { ok: false, errorName: 'BadSignature' }, 'no ":"');
  t.same(decodeTaskPayload('no-separator', { keys: [], salt: SALT, verify: false }), { ok: false, errorName: 'BadSignature' }, 'no ":" unverified');
});

t.test('§4.2 compress=True variant decodes to the same pickle', async (t) => {
  const u = unsign(COMPRESSED, { keys: [SECRET], salt: SALT });
  t.equal(u.timestamp, TS);
  t.ok(u.value.startsWith('.'), "compressed value has the '.' prefix");
  t.equal(hex(decodeSignedValue(u.value)), PICKLE_HEX, 'inflated bytes are the same pickle');
  t.equal(pyRepr(loadsPickle(COMPRESSED, { keys: [SECRET], salt: SALT })), TASK_REPR);
  t.match(decodeTaskPayload(COMPRESSED, { keys: [SECRET], salt: SALT, verify: true }), { ok: true, task: { args: '(1, 2)' } });
  // Node's zlib (Chromium's) may choose other deflate matches than Python's; the stream must still round-trip.
  const ours = encodeTaskPayload(task(), { key: SECRET, salt: SALT, timestamp: TS, compress: true });
  t.ok(ours.startsWith('.eJ'), 'ours is compressed too');
  t.equal(hex(decodeSignedValue(unsign(ours, { keys: [SECRET], salt: SALT }).value)), PICKLE_HEX, 'our compressed payload inflates to the same pickle');
});

t.test('§3 real picklefield rows', async (t) => {
  const rows: [string, string][] = [
    ['gAWVDQAAAAAAAACMBVItMTBLlEsyhpQu', "('R-10K', 50)"],
    ['gAWVEgAAAAAAAAB9lIwJYXZhaWxhYmxllEsDcy4=', "{'available': 3}"],
    ['gAWVCQAAAAAAAACMAWGUSwGGlC4=', "('a', 1)"],
    ['gAVLBS4=', '5'],
    ['gAVOLg==', 'None'],
    ['gAUpLg==', '()'],
    ['gAV9lC4=', '{}'],
    ['gAWVBQAAAAAAAABLe4WULg==', '(123,)'],
  ];
  for (const [b64, repr] of rows) {
    const v = decodePickledField(b64);
    t.equal(pyRepr(v), repr, `${b64} -> ${repr}`);
    t.equal(encodePickledField(v), b64, `${repr} re-encodes to the same column text`);
  }
  t.equal(
    hex(stdB64Decode('gAWVCQAAAAAAAACMAWGUSwGGlC4=')),
    '8005' + '95' + '0900000000000000' + '8c0161' + '94' + '4b01' + '86' + '94' + '2e',
    'step by step: PROTO 5, FRAME 9, SHORT_BINUNICODE a, MEMOIZE, BININT1 1, TUPLE2, MEMOIZE, STOP',
  );
  t.equal(pyStr(decodePickledField('gAWVDQAAAAAAAACMBVItMTBLlEsyhpQu')), "('R-10K', 50)", 'str of a tuple is its repr');
});
