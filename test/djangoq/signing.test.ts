// django.core.signing details (docs/formats.md): sessions (§7, JSON serializer), base64 and
// base62 edge cases as Python treats them, compression limits.

import { deflateSync } from 'node:zlib';
import t from 'tap';
import {
  BadSignature,
  b62Decode,
  b62Encode,
  decodeSignedValue,
  djangoB64Decode,
  dumpsJson,
  dumpsPickle,
  encodeSignedValue,
  loadsJson,
  loadsPickle,
  pyJsonDumps,
  pyRepr,
  pythonErrorName,
  pyTuple,
  SignatureExpired,
  sign,
  stdB64Decode,
  unsign,
  unsignUnverified,
} from '../../src/djangoq/index.js';

const SECRET = 'oracle-insecure-secret-key-for-testing-only-0123456789abcdef';
const SESSION_SALT = 'django.contrib.sessions.SessionStore';
const SESSION_DATA =
  '.eJxVjMEOwiAQBf-FsyFQoIBH7_0GsrCLVA0kpT0Z_9026UGvb-bNmwXY1hK2TkuYkV2ZZJffLUJ6Uj0APqDeG0-trssc-aHwk3Y-NaTX7XT_AgV62d8ZLKgUh4zGeC2jVjQmJfdATiARvRXOe8okIzllRwKSBhVqAjGAE-zzBRXXORc:1tTBVF:qJutegdt_w_gjBej3EB_dBQ21Dg-z3zlslM5gFx2WG0';
const SESSION_JSON =
  '{"_auth_user_id":"1","_auth_user_backend":"django.contrib.auth.backends.ModelBackend","_auth_user_hash":"fa7a3cb2fd55941b43e6c31bacfca1dd970899efe1be8376eae15d3d4ea02a80"}';

function errorName(fn: () => unknown): string {
  try {
    fn();
    return 'no error';
  } catch (e) {
    return pythonErrorName(e);
  }
}

t.test('§7 session_data (JSON serializer, compress=True)', async (t) => {
  const session = loadsJson(SESSION_DATA, { keys: [SECRET], salt: SESSION_SALT });
  t.same(session, JSON.parse(SESSION_JSON), 'decoded session dict');
  const u = unsign(SESSION_DATA, { keys: [SECRET], salt: SESSION_SALT });
  t.equal(Buffer.from(decodeSignedValue(u.value)).toString('latin1'), SESSION_JSON, 'inflated JSON text');
  t.equal(pyJsonDumps(session), SESSION_JSON, "our json.dumps(separators=(',', ':')) writes Python's exact text");
  const ours = dumpsJson(session, { key: SECRET, salt: SESSION_SALT, compress: true, timestamp: 1735787045 });
  t.ok(ours.startsWith('.'), 'compressed like Django');
  t.same(loadsJson(ours, { keys: [SECRET], salt: SESSION_SALT }), session, 'round trip');
  t.throws(() => loadsJson(SESSION_DATA, { keys: [SECRET], salt: 'django.core.signing' }), BadSignature, 'salt matters');
});

t.test("Python's json.dumps text", async (t) => {
  t.equal(pyJsonDumps({ a: 'caf\u00e9 \u{1F600} "q" \\ \n\t\u0001\u007f' }), '{"a":"caf\\u00e9 \\ud83d\\ude00 \\"q\\" \\\\ \\n\\t\\u0001\\u007f"}');
  t.equal(pyJsonDumps([1, 1.5, -0, 1e16, 1e-5, 2 ** 60, 10n ** 30n, true, null, Number.NaN]), '[1,1.5,-0.0,1e+16,1e-05,1.152921504606847e+18,1000000000000000000000000000000,true,null,NaN]');
  t.equal(pyJsonDumps(new Map<string, unknown>([['2', 'b'], ['1', 'a']])), '{"2":"b","1":"a"}', 'a Map keeps key order');
  t.equal(pyJsonDumps({ __proto__: null, x: [] } as unknown), '{"x":[]}');
});

t.test('TimestampSigner details', async (t) => {
  const s = sign('hello', { key: SECRET, salt: 's', timestamp: 100 });
  t.equal(s.split(':')[1], '1c', 'base62(100)');
  t.same(unsign(s, { keys: [SECRET], salt: 's' }), { value: 'hello', timestamp: 100, keyIndex: 0 });
  t.throws(() => unsign(s, { keys: [SECRET], salt: 's', maxAge: 10, now: 200 }), SignatureExpired, 'max_age');
  t.equal(unsign(s, { keys: [SECRET], salt: 's', maxAge: 100, now: 200 }).value, 'hello', 'age == max_age is fine');
  const withColons = sign('a:b', { key: SECRET, salt: 's', timestamp: 5 });
  t.equal(unsign(withColons, { keys: [SECRET], salt: 's' }).value, 'a:b', 'rsplit: the value may contain ":"');
  t.equal(errorName(() => unsignUnverified('value:sig')), 'ValueError', 'a signature but no timestamp: ValueError (rsplit unpack)');
  t.equal(errorName(() => unsignUnverified('valuesig')), 'BadSignature');
  t.equal(errorName(() => unsign(sign('abc', { key: SECRET, salt: 's' }).replace(/:[^:]*:/, ':!!:'), { keys: [SECRET], salt: 's' })), 'BadSignature', 'changed timestamp');
  // A validly signed value without a timestamp part: Python's rsplit unpack fails with ValueError.
  const noTs = `abc:${sign('x', { key: SECRET, salt: 's' }).split(':')[2]}`;
  t.equal(errorName(() => unsignUnverified(noTs)), 'ValueError');
});

t.test('base62', async (t) => {
  t.equal(b62Encode(0), '0');
  t.equal(b62Encode(61), 'z');
  t.equal(b62Encode(62), '10');
  t.equal(b62Encode(-62), '-10');
  t.equal(b62Decode('-10'), -62n);
  t.equal(b62Decode('zz'), 3843n);
  t.equal(errorName(() => b62Decode('')), 'IndexError');
  t.equal(errorName(() => b62Decode('a!')), 'ValueError');
});

t.test("base64 exactly like Python's binascii (non-strict)", async (t) => {
  const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
  t.equal(hex(djangoB64Decode('AQID')), '010203');
  t.equal(hex(djangoB64Decode('AQI')), '0102', 're-padded');
  t.equal(hex(djangoB64Decode('-_-_')), 'fbffbf', 'urlsafe alphabet');
  t.equal(hex(djangoB64Decode('+/+/')), 'fbffbf', '"+" and "/" are accepted too (translate keeps them)');
  t.equal(hex(djangoB64Decode('AQ!I*D')), '010203', 'characters outside the alphabet are skipped');
  t.equal(hex(stdB64Decode('AQ==AQID')), '01', 'decoding stops at complete padding');
  t.equal(errorName(() => djangoB64Decode('AQIDB')), 'Error', 'binascii.Error: 1 more than a multiple of 4');
  t.equal(errorName(() => stdB64Decode('AQI')), 'Error', 'Incorrect padding (picklefield does not re-pad)');
  t.equal(hex(stdB64Decode('A\nQ\r\nI D')), '010203', 'whitespace inside is skipped');
});

t.test('compressed values: limits and errors', async (t) => {
  const bomb = `.${Buffer.from(deflateSync(Buffer.alloc(64 * 1024 * 1024))).toString('base64url')}`;
  t.equal(errorName(() => decodeSignedValue(bomb)), 'MemoryError', '64 MiB zip bomb stops at the 16 MiB default limit');
  t.equal(errorName(() => decodeSignedValue(bomb, { maxDecompressedBytes: 1024 })), 'MemoryError', 'custom limit');
  t.equal(errorName(() => decodeSignedValue('.AAAA')), 'error', 'not zlib: zlib.error');
  const truncated = `.${Buffer.from(deflateSync(Buffer.from('hello world'))).subarray(0, 6).toString('base64url')}`;
  t.equal(errorName(() => decodeSignedValue(truncated)), 'error', 'truncated stream: zlib.error');
  t.equal(encodeSignedValue(Buffer.from('ab'), true), 'YWI', 'compression only when it saves >= 2 bytes');
  t.ok(encodeSignedValue(Buffer.alloc(100), true).startsWith('.'), 'compressible -> "." prefix');
});

t.test('pickle serializer round trip with compression', async (t) => {
  const signed = dumpsPickle(pyTuple('x'.repeat(200), 1n), { key: SECRET, salt: 'q', compress: true, timestamp: 1 });
  t.ok(signed.startsWith('.'));
  t.equal(pyRepr(loadsPickle(signed, { keys: [SECRET], salt: 'q' })), `('${'x'.repeat(200)}', 1)`);
  t.equal(pyRepr(loadsPickle(signed, { keys: [], salt: 'q', verify: false })), `('${'x'.repeat(200)}', 1)`, 'verify: false');
});
