import t from 'tap';
import { lastValue, orderingTerms, pythonInt, searchTerms, str2bool } from '../../src/http/python-query.js';

t.test('pythonInt parses exactly what Python int() accepts', async (t) => {
  const ok: Array<[string, bigint]> = [
    ['10', 10n], [' 10', 10n], ['10 ', 10n], ['\t+10\n', 10n], ['-5', -5n], ['1_0', 10n], ['0', 0n],
    ['007', 7n], ['1_000_000', 1000000n], ['\u00a012\u3000', 12n], ['١٢', 12n], ['３', 3n], ['99999999999999999999', 99999999999999999999n],
  ];
  for (const [text, value] of ok) t.equal(pythonInt(text), value, JSON.stringify(text));
  for (const text of ['', ' ', '1.5', '1e3', '10abc', '0x10', '_1', '1_', '1__0', '+-1', '\x1c1', 'abc', '--1'])
    t.equal(pythonInt(text), undefined, JSON.stringify(text));
  t.equal(pythonInt(undefined), undefined);
});

t.test('str2bool accepts InvenTree truthy words in any case', async (t) => {
  for (const v of ['1', 'y', 'YES', 't', 'True', 'ok', 'On']) t.ok(str2bool(v), v);
  for (const v of ['0', 'no', 'false', '', 'truthy', '2', ' true ', 'true\n', undefined]) t.notOk(str2bool(v), String(v));
});

t.test('searchTerms splits like DRF 3.14', async (t) => {
  t.same(searchTerms('a b,c  ,, d'), ['a', 'b', 'c', 'd']);
  t.same(searchTerms('x\0y'), ['xy']);
  t.same(searchTerms('a\u001cb\u0085c'), ['a', 'b', 'c'], 'Python whitespace includes \\x1c and \\x85');
  t.same(searchTerms(''), []);
  t.same(searchTerms(' , '), []);
  t.same(searchTerms(undefined), []);
});

t.test('orderingTerms drops unknown fields and keeps one leading minus', async (t) => {
  const allowed = ['pk', 'func', 'stopped'];
  t.same(orderingTerms('-stopped, func,bogus,--pk,,pk', allowed), [
    { field: 'stopped', descending: true },
    { field: 'func', descending: false },
    { field: 'pk', descending: false },
  ]);
  t.same(orderingTerms('name', allowed), []);
  t.same(orderingTerms(undefined, allowed), []);
});

t.test('lastValue follows QueryDict: the last of repeated keys', async (t) => {
  t.equal(lastValue(['1', '5']), '5');
  t.equal(lastValue('3'), '3');
  t.equal(lastValue(undefined), undefined);
});
