// Splitting a django-q failure result into its parts. django-q stores a
// failed task's result as `f"{e} : {traceback.format_exc()}"` (worker in
// django_q/cluster.py, django-q2 django_q/worker.py): str(exception), " : ",
// then CPython's printed traceback — chained exceptions oldest first, joined
// by "The above exception was the direct cause of the following exception:"
// (`raise ... from`) or "During handling of the above exception, another
// exception occurred:" (implicit context). Format facts: docs/formats.md.
//
// Never throws: text that is not a traceback comes back as a message only.

export interface TracebackFrame {
  file: string;
  /** null when the line number is not printed (never in CPython 3.11, kept for odd input). */
  line: number | null;
  /** Function name (`<module>`, `<lambda>`, ...). */
  function: string | null;
  /** The source line as printed (stripped), null when Python had no source (exec'd code, missing file). */
  source: string | null;
  /** "[Previous line repeated N more times]": the frame recurs N more times after this one. */
  repeated?: number;
}

export interface TracebackException {
  /** Printed class name: `ValueError`, `interop_app.objects.Custom`, `f.<locals>.Inner`; null when unrecognisable. */
  type: string | null;
  /** str(exception) as printed ('' when empty; for SyntaxError & co. the bare msg, without "(file, line N)"). */
  message: string;
  /** PEP 678 notes printed after the message (only separable for the last exception, whose str() is the stored prefix). */
  notes: string[];
  frames: TracebackFrame[];
  /** SyntaxError & co.: the offending file/line/source printed under the frames. */
  location?: { file: string; line: number | null; source: string | null };
  /** How this exception leads to the next one printed: `raise ... from` (cause) or raised while handling it (context). */
  link: 'cause' | 'context' | null;
  /** An ExceptionGroup ("Exception Group Traceback"): sub-exceptions are kept in `raw` only. */
  group?: boolean;
}

export interface ParsedFailure {
  /** The text before " : " — str() of the exception that failed the task. */
  summary: string;
  /** Chain, oldest first; the last one is the exception that failed the task. Empty when no traceback was found. */
  exceptions: TracebackException[];
  /** Shortcuts to the last exception (null / [] without a traceback). */
  type: string | null;
  message: string;
  frames: TracebackFrame[];
}

const HEADER = 'Traceback (most recent call last):';
const GROUP_HEADER = '  + Exception Group Traceback (most recent call last):';
const CAUSE = '\n\nThe above exception was the direct cause of the following exception:\n\n';
const CONTEXT = '\n\nDuring handling of the above exception, another exception occurred:\n\n';
const TYPE_RE = /^[A-Za-z_][\w.]*(?:\.<locals>\.[A-Za-z_][\w.]*)*$/u;
const FRAME_RE = /^ {2}File "(.*)", line (\d+)(?:, in (.*))?$/;
const REPEAT_RE = /^ {2}\[Previous line repeated (\d+) more times?\]$/;
const CARET_RE = /^\s+[\^~]+[\^~ ]*$/;
const MAX_TEXT = 4 << 20;
// " : " positions looked at, and full parses tried, before giving up.
const MAX_CANDIDATES = 10_000;
const MAX_PARSES = 8;
const EXC_START = /^[A-Za-z_][\w.<>]*(?::|\n|$)/u;

/** Split one stored failure result. */
export function parseFailure(text: string): ParsedFailure {
  const src = typeof text === 'string' ? (text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text) : '';
  try {
    return parseInner(src);
  } catch {
    return { summary: src, exceptions: [], type: null, message: src, frames: [] };
  }
}

function parseInner(text: string): ParsedFailure {
  // Where does "{e} : " end? Try each " : " and keep the first whose remainder
  // is a traceback ending in an exception printed with exactly that str().
  let fallback: { summary: string; chain: TracebackException[] } | null = null;
  // A chain that starts with an exception printed without traceback ("raise X from Y"
  // with Y never raised) has a separator somewhere after it.
  const lastSeparator = Math.max(text.lastIndexOf(CAUSE), text.lastIndexOf(CONTEXT));
  const lastHeader = Math.max(text.lastIndexOf(HEADER), text.lastIndexOf(GROUP_HEADER));
  let from = 0;
  let parses = 0;
  for (let n = 0; n < MAX_CANDIDATES && parses < MAX_PARSES; n++) {
    const at = text.indexOf(' : ', from);
    if (at < 0 || at + 3 > lastHeader) break;
    from = at + 1;
    const head = text.startsWith(HEADER, at + 3) || text.startsWith(GROUP_HEADER, at + 3);
    if (!head && !(lastSeparator > at && EXC_START.test(text.slice(at + 3, at + 3 + 300)))) continue;
    parses++;
    const rest = text.slice(at + 3);
    const summary = text.slice(0, at);
    const chain = parseChain(rest);
    if (chain.length === 0) continue;
    const last = chain[chain.length - 1] as TracebackException;
    if (last.message === summary || last.message.startsWith(`${summary}\n`)) return finish(summary, chain);
    if (fallback === null && (rest.startsWith(HEADER) || rest.startsWith(GROUP_HEADER))) fallback = { summary, chain };
  }
  if (fallback !== null) return finish(fallback.summary, fallback.chain);
  // A bare traceback (no " : " prefix) or plain text.
  if (text.startsWith(HEADER) || text.startsWith(GROUP_HEADER)) {
    const chain = parseChain(text);
    if (chain.length > 0) return finish((chain[chain.length - 1] as TracebackException).message, chain);
  }
  return { summary: text, exceptions: [], type: null, message: text, frames: [] };
}

function finish(summary: string, chain: TracebackException[]): ParsedFailure {
  const last = chain[chain.length - 1] as TracebackException;
  // The stored prefix is str(e) of the last exception: what follows it are its notes.
  if (last.message !== summary && last.message.startsWith(`${summary}\n`)) {
    last.notes = last.message.slice(summary.length + 1).split('\n');
    last.message = summary;
  }
  return { summary, exceptions: chain, type: last.type, message: last.message, frames: last.frames };
}

/** Split format_exc() output into its chained blocks and parse each. */
function parseChain(rest: string): TracebackException[] {
  const body = rest.endsWith('\n') ? rest.slice(0, -1) : rest;
  const blocks: { text: string; link: 'cause' | 'context' | null }[] = [];
  let pos = 0;
  for (;;) {
    const c = body.indexOf(CAUSE, pos);
    const x = body.indexOf(CONTEXT, pos);
    let next = -1;
    let sep = '';
    let link: 'cause' | 'context' = 'cause';
    if (c >= 0 && (x < 0 || c < x)) {
      next = c;
      sep = CAUSE;
    } else if (x >= 0) {
      next = x;
      sep = CONTEXT;
      link = 'context';
    }
    if (next < 0) {
      blocks.push({ text: body.slice(pos), link: null });
      break;
    }
    blocks.push({ text: body.slice(pos, next), link });
    pos = next + sep.length;
  }
  return blocks.map((b) => parseBlock(b.text, b.link));
}

function parseBlock(block: string, link: 'cause' | 'context' | null): TracebackException {
  const group = block.startsWith(GROUP_HEADER);
  let lines = block.split('\n');
  if (group) {
    // Keep the group's own frames and exception line: its gutter is "  | ";
    // sub-exceptions start at the first "  +-" separator.
    const own: string[] = [HEADER];
    for (const l of lines.slice(1)) {
      if (l.startsWith('  +-') || l.startsWith('    +')) break;
      own.push(l.startsWith('  | ') ? l.slice(4) : l);
    }
    lines = own;
  }
  const frames: TracebackFrame[] = [];
  let i = 0;
  if (lines[0] === HEADER) {
    i = 1;
    while (i < lines.length) {
      const l = lines[i] as string;
      const fm = FRAME_RE.exec(l);
      if (fm) {
        const frame: TracebackFrame = { file: fm[1] as string, line: Number(fm[2]), function: fm[3] ?? null, source: null };
        i++;
        const src = lines[i];
        if (src?.startsWith('    ') && !FRAME_RE.test(src) && !CARET_RE.test(src)) {
          frame.source = src.slice(4).trim();
          i++;
          while (i < lines.length && CARET_RE.test(lines[i] as string)) i++;
        }
        frames.push(frame);
        continue;
      }
      const rm = REPEAT_RE.exec(l);
      if (rm && frames.length > 0) {
        (frames[frames.length - 1] as TracebackFrame).repeated = Number(rm[1]);
        i++;
        continue;
      }
      break;
    }
  }
  const excText = lines.slice(i).join('\n');
  const { type, message, notes } = splitExceptionLine(excText);
  const out: TracebackException = { type, message, notes: notes ?? [], frames, link };
  if (group) out.group = true;
  // SyntaxError & co. print the offending line as a frame without a function.
  const lastFrame = frames[frames.length - 1];
  if (lastFrame && lastFrame.function === null && type !== null && /(SyntaxError|IndentationError|TabError)$/.test(type)) {
    frames.pop();
    out.location = { file: lastFrame.file, line: lastFrame.line, source: lastFrame.source };
  }
  return out;
}

function splitExceptionLine(text: string): { type: string | null; message: string; notes?: string[] } {
  const nl = text.indexOf('\n');
  const first = nl < 0 ? text : text.slice(0, nl);
  const colon = first.indexOf(': ');
  if (colon > 0 && TYPE_RE.test(first.slice(0, colon))) {
    return { type: first.slice(0, colon), message: text.slice(colon + 2) };
  }
  // An empty str(): the type alone; any further lines are notes.
  if (TYPE_RE.test(first)) return { type: first, message: '', notes: nl < 0 ? [] : text.slice(nl + 1).split('\n') };
  return { type: null, message: text };
}
