// Live overview: Server-Sent Events read with fetch (so a tab-only token can
// authenticate, which EventSource cannot), resumed with Last-Event-ID; when the
// stream is blocked or buffered, polling; when the server has no events route
// (extensions off), polling InvenTree's own overview.

import { ApiError, api, authHeaders, redirectIfSignedOut } from './api.js';

export const EVENTS = '/api/background-task/events/';
const OVERVIEW = '/api/background-task/';
export const POLL_MS = 5000;
/** No byte within this long after the headers: a buffering proxy, so poll instead. */
const FIRST_BYTE_MS = 5000;
/** While polling because the stream failed, how often the stream is tried again. */
const RETRY_STREAM_MS = 60_000;

/** What InvenTree's overview alone says, in the snapshot's shape (the rest unknown). */
function fromInvenTree(o) {
  return {
    is_running: o.is_running,
    running_reason: 'InvenTree counts the worker as running when a task that succeeded started in the last 10 minutes.',
    last_success: null,
    pending_tasks: o.pending_tasks,
    pending_waiting: null,
    pending_locked: null,
    scheduled_tasks: o.scheduled_tasks,
    failed_tasks: o.failed_tasks,
    oldest_pending_age_seconds: null,
    finished_last_hour: null,
    partial: true,
  };
}

/** Parses an SSE byte stream; calls onEvent({id, event, data}) per dispatched event. */
export async function readEventStream(body, onEvent, onBytes) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let event = { id: undefined, event: 'message', data: [] };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    onBytes();
    buffer += value;
    const lines = buffer.split(/\r\n|\r|\n/);
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      if (line === '') {
        if (event.data.length) onEvent({ id: event.id, event: event.event, data: event.data.join('\n') });
        event = { id: event.id, event: 'message', data: [] };
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const val = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'data') event.data.push(val);
      else if (field === 'event') event.event = val;
      else if (field === 'id') event.id = val;
    }
  }
}

/**
 * Calls onSnapshot(snapshot) on every update and onMode(mode, detail) when
 * the transport changes: 'live', 'polling', 'offline'. Returns stop().
 */
export function watchOverview(onSnapshot, onMode, onError) {
  let stopped = false;
  let lastEventId = '';
  let controller;
  let timer;

  /** Polls `url` every POLL_MS, for `forMs` (default: until stopped). */
  const poll = async (url, map, forMs = Number.POSITIVE_INFINITY) => {
    onMode('polling');
    const until = Date.now() + forMs;
    while (!stopped && Date.now() < until) {
      try {
        onSnapshot(map(await api(url)));
      } catch (err) {
        if (redirectIfSignedOut(err)) return;
        onError(err);
      }
      await new Promise((resolve) => (timer = setTimeout(resolve, POLL_MS)));
    }
  };

  const stream = async () => {
    let failures = 0;
    while (!stopped) {
      controller = new AbortController();
      let gotBytes = false;
      const watchdog = setTimeout(() => {
        if (!gotBytes) controller.abort('no-bytes');
      }, FIRST_BYTE_MS);
      try {
        // JSON listed too (lower): content negotiation in front of /api/ routes that only
        // knows JSON still lets the request through; the server streams when event-stream is asked.
        const headers = { Accept: 'text/event-stream, application/json;q=0.1', ...authHeaders('GET') };
        if (lastEventId) headers['Last-Event-ID'] = lastEventId;
        const res = await fetch(EVENTS, { headers, credentials: 'same-origin', signal: controller.signal, cache: 'no-store' });
        if (res.status === 404) {
          clearTimeout(watchdog);
          return poll(OVERVIEW, fromInvenTree);
        }
        if (!res.ok) {
          const body = await res.json().catch(() => null);
          throw new ApiError(res.status, body?.detail ?? `The server answered HTTP ${res.status}.`, body);
        }
        if (!(res.headers.get('content-type') ?? '').startsWith('text/event-stream') || !res.body) throw new Error('not an event stream');
        await readEventStream(
          res.body,
          (ev) => {
            if (ev.id !== undefined) lastEventId = ev.id;
            if (ev.event === 'overview') onSnapshot(JSON.parse(ev.data));
          },
          () => {
            if (!gotBytes) {
              gotBytes = true;
              failures = 0;
              onMode('live');
            }
          },
        );
      } catch (err) {
        if (stopped) return;
        if (redirectIfSignedOut(err)) return;
        if (err instanceof ApiError && err.status !== 503) {
          onError(err);
          return;
        }
        if (!gotBytes) failures++;
      } finally {
        clearTimeout(watchdog);
      }
      if (stopped) return;
      // The server ends streams after a while (so it re-authenticates): reconnect at once.
      if (gotBytes && !controller.signal.aborted) continue;
      // Twice nothing at all: the stream is blocked here (or the server is away); poll the
      // same snapshot as JSON for a minute, then try the stream again.
      if (failures >= 2) {
        await poll(EVENTS, (s) => s, RETRY_STREAM_MS);
        failures = 0;
        continue;
      }
      onMode('offline');
      await new Promise((resolve) => (timer = setTimeout(resolve, 3000)));
    }
  };

  void stream();
  return () => {
    stopped = true;
    clearTimeout(timer);
    controller?.abort('stopped');
  };
}
