/**
 * JSON as DRF's JSONRenderer writes it: compact separators, UTF-8 (no \u
 * escapes) except U+2028/U+2029, which it escapes so the output is also valid
 * JavaScript.
 */
const LINE_SEPARATORS = /[\u2028\u2029]/g;

export function renderJson(value: unknown): string {
  const text = JSON.stringify(value);
  return LINE_SEPARATORS.test(text)
    ? text.replace(LINE_SEPARATORS, (c) => (c === '\u2028' ? '\\u2028' : '\\u2029'))
    : text;
}

/** Streams `[a,b,…]` from an async iterable, one element per chunk batch. */
export async function* renderJsonArray(items: AsyncIterable<unknown>): AsyncGenerator<string> {
  let first = true;
  let buffer = '[';
  for await (const item of items) {
    buffer += first ? renderJson(item) : `,${renderJson(item)}`;
    first = false;
    // Batch small rows into ~64 KiB chunks: fewer writes, bounded memory.
    if (buffer.length >= 65536) {
      yield buffer;
      buffer = '';
    }
  }
  yield `${buffer}]`;
}
