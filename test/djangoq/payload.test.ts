// Pending-task rendering (django-q2 OrmQ + get_func_repr + DRF CharField),
// picklefield wrapping, humanhash.

import t from 'tap';
import {
  decodePickledField,
  decodeTaskPayload,
  djangoB64Encode,
  encodePickledField,
  encodeTaskPayload,
  funcRepr,
  humanize,
  humanUuid,
  pickle,
  PYTZ_UTC,
  type PyValue,
  pyDateTime,
  pyDict,
  pyGlobal,
  pyList,
  pyObject,
  pyRepr,
  pythonErrorName,
  pyTuple,
  sign,
  stdB64Decode,
  uuid4hex,
} from '../../src/djangoq/index.js';

const KEY = 'k3y';
const SALT = 'InvenTree';
const started = pyDateTime({ year: 2025, month: 1, day: 2, tzinfo: PYTZ_UTC });

function payloadOf(entries: [PyValue, PyValue][]): string {
  return encodeTaskPayload(pyDict(entries), { key: KEY, salt: SALT, timestamp: 1 });
}

function decode(p: string) {
  return decodeTaskPayload(p, { keys: [KEY], salt: SALT, verify: true });
}

t.test('get_func_repr', async (t) => {
  t.equal(funcRepr('part.tasks.check_stock'), 'part.tasks.check_stock', 'a dotted string stays');
  t.equal(funcRepr(pyGlobal('part.tasks', 'check_stock')), 'part.tasks.check_stock', 'function: module.__name__');
  t.equal(funcRepr(pyGlobal('part.tasks', 'Reporter.summary', true)), 'part.tasks.Reporter.summary', 'classmethod: module.Class.name');
  t.equal(funcRepr(pyGlobal('part.tasks', 'Outer.Reporter.summary', true)), 'part.tasks.Reporter.summary', 'class __name__, not qualname');
  t.equal(funcRepr(pyGlobal('part.tasks', 'Reporter.helper')), 'part.tasks.helper', 'staticmethod: function __name__');
  t.equal(funcRepr(pyGlobal('builtins', 'print')), '<built-in function print>', 'builtin: str(func)');
  t.equal(funcRepr(pyGlobal('part.tasks', 'Job')), "<class 'part.tasks.Job'>", 'class: str(cls)');
  t.equal(funcRepr(null), null);
  t.equal(funcRepr(''), null, 'falsy -> None');
  t.equal(funcRepr(0n), null, 'falsy -> None');
  t.equal(funcRepr(5n), '5', 'anything else: str()');
  t.equal(funcRepr(pyObject(pyGlobal('builtins', 'getattr'), [pyObject(pyGlobal('m', 'Cart')), 'total'])), '<bound method Cart.total of <m.Cart object at 0x…>>');
});

t.test('pending rows', async (t) => {
  const full = payloadOf([
    ['id', 'abc'],
    ['name', 'n'],
    ['func', pyGlobal('part.tasks', 'Reporter.summary', true)],
    ['args', pyTuple('R-10K', 50n)],
    ['group', 7n],
    ['kwargs', pyDict({ available: 3n, when: started })],
    ['started', started],
  ]);
  t.same(decode(full), {
    ok: true,
    verified: true,
    task: {
      id: 'abc',
      name: 'n',
      func: 'part.tasks.Reporter.summary',
      args: "('R-10K', 50)",
      kwargs: "{'available': 3, 'when': datetime.datetime(2025, 1, 2, 0, 0, tzinfo=<UTC>)}",
    },
  });
  t.same(decode(payloadOf([['id', 5n]])), { ok: true, verified: true, task: { id: '5', name: null, func: null, args: null, kwargs: null } }, 'missing keys -> null, values -> str()');
  t.same(decode(payloadOf([['args', null], ['func', '']])), { ok: true, verified: true, task: { id: null, name: null, func: null, args: null, kwargs: null } });
  t.same(decode(encodeTaskPayload(pyList(1n), { key: KEY, salt: SALT })), { ok: false, errorName: 'AttributeError' }, 'not a dict: .get raises');
  let deep: PyValue = pyTuple();
  for (let i = 0; i < 5000; i++) deep = pyTuple(deep);
  // CPython could not even pickle this (RecursionError); our pickler refuses by default too.
  t.equal(
    (() => {
      try {
        payloadOf([['args', deep]]);
        return 'no error';
      } catch (e) {
        return pythonErrorName(e);
      }
    })(),
    'RecursionError',
    'pickling 5000 levels: RecursionError',
  );
  const deepPayload = sign(djangoB64Encode(pickle(pyDict([['args', deep]]), { maxDepth: 10_000 })), { key: KEY, salt: SALT });
  t.same(decode(deepPayload), { ok: false, errorName: 'RecursionError' }, 'str(args) of 5000 levels fails like Python');
  t.same(decode(sign('AAAA', { key: KEY, salt: SALT })), { ok: false, errorName: 'UnpicklingError' }, 'not a pickle');
  t.same(decode(sign('', { key: KEY, salt: SALT })), { ok: false, errorName: 'EOFError' }, 'empty pickle');
  t.same(decode(sign('gAWVCQAAAAAAAACMAWGUSwGGlC4', { key: KEY, salt: SALT }).replace('gAWV', 'gAWW')), { ok: false, errorName: 'BadSignature' });
  const missing = sign(Buffer.from('\x80\x05\x8c\x08builtins\x8c\x04nope\x93.', 'latin1').toString('base64url'), { key: KEY, salt: SALT });
  t.same(decode(missing), { ok: false, errorName: 'AttributeError' }, 'missing builtin: *AttributeError like Python');
});

t.test('picklefield: callables are wrapped in _ObjectWrapper', async (t) => {
  const f = pyGlobal('part.tasks', 'check_stock');
  const text = encodePickledField(f);
  const raw = Buffer.from(stdB64Decode(text)).toString('latin1');
  t.ok(raw.includes('picklefield.fields') && raw.includes('_ObjectWrapper') && raw.includes('_obj'), 'wrapper written');
  t.same(decodePickledField(text), f, 'and unwrapped on read');
  t.equal(pyRepr(decodePickledField(encodePickledField(pyTuple(1n)))), '(1,)', 'non-callables are not wrapped');
  t.equal(encodePickledField(pyDict()), 'gAV9lC4=');
});

t.test('humanhash', async (t) => {
  t.equal(humanize('2004f28a790d45f989bd98558ce547fc'), 'helium-six-wolfram-spring');
  t.equal(humanize('60ad8d0d871b6095808297'), 'sodium-magnesium-nineteen-hydrogen', 'humanhash docstring example (11 bytes)');
  t.equal(humanize('0123456789abcdef0123456789abcdef'), 'ack-ack-ack-ack');
  t.equal(humanize('ffffffff', 4, ' '), 'zulu zulu zulu zulu');
  t.throws(() => humanize('ab'), /Fewer input bytes/);
  const id = uuid4hex();
  t.match(id, /^[0-9a-f]{32}$/);
  t.equal(id[12], '4', 'version 4');
  const [name, hex] = humanUuid();
  t.equal(name, humanize(hex));
});
