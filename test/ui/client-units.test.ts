/**
 * The page's pure logic, run in Node: the URL state of the lists, which
 * bulk-delete filters select exactly what a search shows, API error
 * messages, the SSE parser (field rules of the HTML standard), and the
 * retry result's text.
 */
import t from 'tap';
// @ts-expect-error: plain ES modules served to the browser, no type declarations
import { messageOf } from '../../src/ui/assets/api.js';
// @ts-expect-error: see above
import { readEventStream } from '../../src/ui/assets/live.js';
// @ts-expect-error: see above
import { filtersForState, isoToLocalInput, localInputToIso, readState } from '../../src/ui/assets/table.js';
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
  t.equal(filtersForState('failed', { ...s(''), filters: { func: '', group: 'stock-alerts', started_after: '', started_before: '' } }), undefined, 'a list filter: selection only');
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
