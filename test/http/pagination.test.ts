import t from 'tap';
import { pageLinks, pageRequest } from '../../src/http/pagination.js';

const BASE = 'http://inv.local/api/background-task/failed/';

t.test('pageRequest: paginated only for a positive Python int limit', async (t) => {
  t.equal(pageRequest({}), undefined);
  for (const limit of ['0', '-5', '2.5', 'abc', '', '1e3', '10abc']) t.equal(pageRequest({ limit }), undefined, limit);
  t.match(pageRequest({ limit: ' 2' }), { limit: 2, offset: 0, limitText: '2' });
  t.match(pageRequest({ limit: '+1_0', offset: '-4' }), { limit: 10, offset: 0 });
  t.match(pageRequest({ limit: '5', offset: 'x' }), { offset: 0 });
  t.match(pageRequest({ limit: ['1', '3'], offset: ['9', '2'] }), { limit: 3, offset: 2 }, 'last value wins');
  t.match(pageRequest({ limit: '99999999999999999999' }), { limit: Number.MAX_SAFE_INTEGER, limitText: '99999999999999999999' });
});

t.test('links follow DRF LimitOffsetPagination', async (t) => {
  const page = (q: Record<string, string>) => pageRequest(q)!;
  t.same(pageLinks(page({ limit: '2' }), 5, BASE, 'limit=2'), {
    next: `${BASE}?limit=2&offset=2`,
    previous: null,
  });
  t.same(pageLinks(page({ limit: '2', offset: '2' }), 5, BASE, 'offset=2&limit=2'), {
    next: `${BASE}?limit=2&offset=4`,
    previous: `${BASE}?limit=2`,
  }, 'previous drops offset when offset - limit <= 0');
  t.same(pageLinks(page({ limit: '2', offset: '4' }), 5, BASE, 'limit=2&offset=4'), {
    next: null,
    previous: `${BASE}?limit=2&offset=2`,
  });
  t.same(pageLinks(page({ limit: '2', offset: '9' }), 5, BASE, 'limit=2&offset=9'), {
    next: null,
    previous: `${BASE}?limit=2&offset=7`,
  }, 'past the end');
  t.same(pageLinks(page({ limit: '5' }), 0, BASE, 'limit=5'), { next: null, previous: null });
});

t.test('query strings are re-encoded sorted with quote_plus, blanks kept', async (t) => {
  const p = pageRequest({ limit: '1' })!;
  const { next } = pageLinks(p, 10, BASE, 'search=a%20b&ordering=-stopped,func&limit=%201&zeta=&alpha&x=%E2%9C%93&x=2&y=a+b');
  t.equal(next, `${BASE}?alpha=&limit=1&offset=1&ordering=-stopped%2Cfunc&search=a+b&x=%E2%9C%93&x=2&y=a+b&zeta=`);
  const odd = pageLinks(p, 10, BASE, "q=~'!*()_.-&&").next;
  t.equal(odd, `${BASE}?limit=1&offset=1&q=~%27%21%2A%28%29_.-`, "quote_plus keeps only _.-~ unescaped");
});
