/**
 * The page's pure logic, run in Node: the URL state of the lists, which
 * bulk-delete filters select exactly what a search shows, API error
 * messages, the SSE parser (field rules of the HTML standard), and the
 * retry result's text.
 */
import t from 'tap';
import { searchTerms as apiSearchTerms } from '../../src/http/python-query.js';
// @ts-expect-error: plain ES modules served to the browser, no type declarations
import { messageOf } from '../../src/ui/assets/api.js';
// @ts-expect-error: see above
import { readEventStream } from '../../src/ui/assets/live.js';
// @ts-expect-error: see above
import { filtersForState, isoToLocalInput, localInputToIso, notMatchingReason, readState, searchTerms } from '../../src/ui/assets/table.js';
// @ts-expect-error: see above
import { filtersText } from '../../src/ui/assets/actions.js';
// @ts-expect-error: see above
import { utcInstantText } from '../../src/ui/assets/format.js';
// @ts-expect-error: see above
import { lockMeaning, repeatsText, tracebackText } from '../../src/ui/assets/drawer.js';

t.test('readState: the API’s parameter names, bad values ignored', async (t) => {
  t.same(readState('?search=stock&search_regex=true&search_whole=1&ordering=-func&limit=50&offset=100'), {
    search: 'stock',
    regex: true,
    whole: true,
    ordering: '-func',
    limit: 50,
    offset: 100,
    filters: { func: '', group: '', started_after: '', started_before: '' },
  });
  const none = { func: '', group: '', started_after: '', started_before: '' };
  t.same(readState(''), { search: '', regex: false, whole: false, ordering: '', limit: 25, offset: 0, filters: none });
  t.same(readState('?limit=7&offset=-3&search_regex=nope'), { search: '', regex: false, whole: false, ordering: '', limit: 25, offset: 0, filters: none });
  t.same(readState('?func=part.tasks.check_stock&group=stock-alerts&started_after=2026-12-01T00%3A00%3A00.000Z&started_before=2026-12-04').filters, {
    func: 'part.tasks.check_stock',
    group: 'stock-alerts',
    started_after: '2026-12-01T00:00:00.000Z',
    started_before: '2026-12-04',
  });
});

t.test('the date filters: browser-local input ↔ the instant in the URL', async (t) => {
  const iso = localInputToIso('2026-12-04T10:30:15');
  t.equal(iso, new Date(2026, 11, 4, 10, 30, 15).toISOString());
  t.equal(isoToLocalInput(iso), '2026-12-04T10:30:15');
  t.equal(localInputToIso(''), '');
  t.equal(isoToLocalInput('not a date'), '');
});

t.test('drawer: the traceback text, a lock in words, repeats in words', async (t) => {
  t.equal(tracebackText('boom : Traceback (most recent call last):\n  File "x.py", line 1, in f\nValueError: boom\n'), 'Traceback (most recent call last):\n  File "x.py", line 1, in f\nValueError: boom\n');
  t.equal(tracebackText('not a traceback'), 'not a traceback');
  t.equal(tracebackText(null), '');
  t.equal(lockMeaning({ lock_state: 'waiting' }), 'Waiting: any worker may take this task now.');
  t.match(lockMeaning({ lock_state: 'locked' }), /^Locked: a worker claimed this task/);
  t.equal(repeatsText({ repeats_left: null }), 'Forever');
  t.equal(repeatsText({ repeats_left: 1 }), '1 more run');
  t.equal(repeatsText({ repeats_left: 0, paused: true }), 'None (paused)');
});

t.test('filtersForState: only what the API’s filters can say exactly', async (t) => {
  const s = (search: string, regex = false, whole = false) => ({ search, regex, whole, ordering: '', limit: 25, offset: 0 });
  t.same(filtersForState('failed', s('')), { success: false });
  t.same(filtersForState('failed', s('send_email')), { func__icontains: 'send_email' });
  t.same(filtersForState('failed', s('  send_email, ')), { func__icontains: 'send_email' }, 'split like DRF: whitespace and commas');
  t.equal(filtersForState('failed', s('part stock')), undefined, 'several words');
  t.equal(filtersForState('failed', s('^part', true)), undefined, 'regex');
  t.equal(filtersForState('failed', s('part', false, true)), undefined, 'whole words');
  t.equal(filtersForState('pending', s('')), undefined, 'pending: selection only');
});

t.test('filtersForState with list filters: the exact lookups, and "selected only" where the meaning could differ', async (t) => {
  const none = { func: '', group: '', started_after: '', started_before: '' };
  const s = (filters: Partial<typeof none>, search = '', regex = false, whole = false) => ({ search, regex, whole, ordering: '', limit: 25, offset: 0, filters: { ...none, ...filters } });
  const f = (filters: Partial<typeof none>, search = '', regex = false, whole = false) => filtersForState('failed', s(filters, search, regex, whole));
  t.same(f({}), { success: false }, 'all empty: every failed task');
  t.same(f({ func: 'part.tasks.check_stock' }), { func: 'part.tasks.check_stock' });
  t.same(f({ func: 'part.tasks.check_stock ' }), { func: 'part.tasks.check_stock ' }, 'exact, as the list compares it (no trimming)');
  t.same(f({ group: 'stock-alerts' }), { group: 'stock-alerts' });
  t.same(f({ group: ' ' }), { group: ' ' }, 'a blank but non-empty group filters in the list too');
  t.same(f({ started_after: '2026-12-01T00:00:00.000Z' }), { started__gte: '2026-12-01T00:00:00.000Z' });
  t.same(f({ started_before: '2026-12-03T12:00:00Z' }), { started__lte: '2026-12-03T12:00:00Z' });
  t.same(f({ started_after: '2026-12-01T00:00:00.000001Z' }), { started__gte: '2026-12-01T00:00:00.000001Z' }, 'six fractional digits');
  t.same(f({ func: 'a.b', group: 'g', started_after: '2026-12-01T00:00:00.000Z', started_before: '2026-12-03T12:00:00.000Z' }, ' stock, '), {
    func__icontains: 'stock',
    func: 'a.b',
    group: 'g',
    started__gte: '2026-12-01T00:00:00.000Z',
    started__lte: '2026-12-03T12:00:00.000Z',
  });
  for (const [filters, why] of [
    [{ started_after: '2026-12-01' }, 'a bare date: midnight in TIME_ZONE'],
    [{ started_after: '2026-12-01T00:00:00' }, 'naive: TIME_ZONE'],
    [{ started_after: '2026-12-01 00:00:00Z' }, 'a space, not the page’s form'],
    [{ started_after: '2026-12-01T00:00:00+00:00' }, 'an offset instead of Z'],
    [{ started_before: '2026-12-01T00:00:00.0000009Z' }, 'seven digits: the list truncates, PostgreSQL rounds'],
    [{ started_before: ' 2026-12-01T00:00:00Z' }, 'padded'],
    [{ started_before: '2026-02-29T00:00:00Z' }, 'not a date (the list’s 400)'],
    [{ started_before: '2026-12-01T24:00:00Z' }, 'hour 24'],
    [{ started_before: '0000-12-01T00:00:00Z' }, 'year 0'],
    [{ func: 'a\u0000b' }, 'NUL: PostgreSQL text cannot hold it'],
    [{ group: 'a\ud800' }, 'a lone surrogate: not the same text in the URL (U+FFFD) and in JSON (\\ud800)'],
  ] as const) {
    t.equal(f(filters), undefined, why);
    t.not(notMatchingReason('failed', s(filters)), '', `${why}: the page says why`);
  }
  t.equal(f({ func: 'a.b' }, 'x y'), undefined, 'several words with a filter');
  t.equal(f({ func: 'a.b' }, 'x', true), undefined, 'regex with a filter');
  t.equal(filtersForState('failed', s({ func: 'a.b' }), { listFilters: false }), undefined, 'extensions off: the API ignores the filter, so nothing is offered');
  t.same(filtersForState('failed', s({}, 'x'), { listFilters: false }), { func__icontains: 'x' }, 'extensions off, no filter: the search alone');
  t.equal(notMatchingReason('failed', s({ func: 'a.b' })), '', 'offered: no reason');
  t.equal(notMatchingReason('failed', s({})), '');
  t.equal(notMatchingReason('failed', s({}, 'a b')), 'The API’s delete filters cannot express this search (regular expression, whole words or several words): select rows to act on them.');
});

t.test('searchTerms: the API’s split (Python whitespace, commas, NUL removed)', async (t) => {
  t.same(searchTerms('  a, b\u001cc\u0085d\u00a0e '), ['a', 'b', 'c', 'd', 'e']);
  t.same(searchTerms('che\u0000ck'), ['check'], 'NUL removed, as DRF does');
  t.same(searchTerms('a\ufeffb'), ['a\ufeffb'], 'U+FEFF is not Python whitespace (JavaScript’s \\s would split here)');
  t.same(searchTerms(''), []);
  // Every BMP character between two letters: the page's terms are the API's.
  const differ: string[] = [];
  for (let cp = 0; cp <= 0xffff; cp++) {
    const text = `a${String.fromCharCode(cp)}b`;
    if (JSON.stringify(searchTerms(text)) !== JSON.stringify(apiSearchTerms(text))) differ.push(cp.toString(16));
  }
  t.same(differ, [], 'the same terms as the API for every BMP character');
  const s = (search: string) => ({ search, regex: false, whole: false, ordering: '', limit: 25, offset: 0 });
  t.equal(filtersForState('failed', s('check\u001cstock')), undefined, 'two terms for the API: no single icontains');
  t.same(filtersForState('failed', s('check\u0000_stock')), { func__icontains: 'check_stock' });
});

t.test('utcInstantText and filtersText: what the dialogs say', async (t) => {
  t.equal(utcInstantText('2026-12-01T00:00:00.000Z'), '2026-12-01 00:00 UTC');
  t.equal(utcInstantText('2026-12-01T09:30:05.000Z'), '2026-12-01 09:30:05 UTC');
  t.equal(utcInstantText('2026-12-01T09:30:00.250Z'), '2026-12-01 09:30:00.25 UTC');
  t.equal(utcInstantText('2026-12-01T09:30:00.000001Z'), '2026-12-01 09:30:00.000001 UTC');
  t.equal(utcInstantText('2024-02-29T00:00:00Z'), '2024-02-29 00:00 UTC', 'a leap day');
  t.equal(utcInstantText('2026-12-01T00:00:00'), undefined);
  t.equal(
    filtersText({ func: 'part.tasks.check_stock', started__gte: '2026-12-01T00:00:00.000Z' }),
    'func=part.tasks.check_stock, started ≥ 2026-12-01 00:00 UTC',
  );
  t.equal(
    filtersText({ func__icontains: 'stock', func: 'a b', group: 'stock-alerts', started__lte: '2026-12-03T12:00:00.000Z' }),
    'func=“a b”, group=stock-alerts, started ≤ 2026-12-03 12:00 UTC, function name containing “stock” (any case)',
  );
  t.equal(filtersText({ success: false }), '');
});

t.test('messageOf: the API’s own message', async (t) => {
  t.equal(messageOf(403, { detail: 'You do not have permission to perform this action.' }), 'You do not have permission to perform this action.');
  t.equal(messageOf(400, { non_field_errors: ['List of items or filters must be provided for bulk deletion'] }), 'List of items or filters must be provided for bulk deletion');
  t.equal(messageOf(400, { items: ['a', 'b'], filters: ['c'] }), 'items: a b; filters: c');
  t.equal(messageOf(502, null), 'The server answered HTTP 502.');
});

t.test('readEventStream: fields, comments, CRLF, chunk boundaries', async (t) => {
  const text = 'retry: 3000\r\n\r\n: heartbeat\n\nid: a-1\nevent: overview\ndata: {"x":\ndata: 1}\n\nid: a-2\ndata:plain\n\nevent: ignored-no-data\n\n';
  const bytes = new TextEncoder().encode(text);
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < bytes.length; i += 7) controller.enqueue(bytes.slice(i, i + 7));
      controller.close();
    },
  });
  const events: unknown[] = [];
  let chunks = 0;
  await readEventStream(body, (e: unknown) => events.push(e), () => chunks++);
  t.same(events, [
    { id: 'a-1', event: 'overview', data: '{"x":\n1}' },
    { id: 'a-2', event: 'message', data: 'plain' },
  ]);
  t.ok(chunks > 1);
});

t.test('retriedMessage: how many, the new ids, at most 10 listed', async (t) => {
  // @ts-expect-error: see above
  const { retriedMessage } = await import('../../src/ui/assets/actions.js');
  t.equal(retriedMessage({ retried: 0, tasks: [] }), 'Nothing was retried: none of the selected tasks is a failed task any more.');
  t.equal(retriedMessage({ retried: 1, tasks: [{ failed: 'a', task_id: 'n1' }] }), 'Retried 1 task. New task id: n1.');
  const tasks = Array.from({ length: 12 }, (_, i) => ({ failed: `f${i}`, task_id: `n${i}` }));
  t.equal(retriedMessage({ retried: 12, tasks }), 'Retried 12 tasks. New task ids: n0, n1, n2, n3, n4, n5, n6, n7, n8, n9 and 2 more.');
});
