/**
 * The request headers authentication reads, parsed the way DRF and Django
 * parse them, so that edge cases (odd whitespace, bad base64, quoted cookie
 * values) get the same answer here as on InvenTree.
 */

/** Python's `bytes.split()` separators: ASCII whitespace only. */
const PY_WHITESPACE = /[ \t\n\r\v\f]+/;

/**
 * DRF's `get_authorization_header(request).split()`: the header as latin-1
 * bytes (Node already hands us one char per byte), split on ASCII whitespace.
 * An absent or blank header gives [], which no authenticator recognises.
 */
export function authorizationParts(header: string | string[] | undefined): string[] {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return [];
  return value.split(PY_WHITESPACE).filter((part) => part !== '');
}

/** `bytes.lower()`: ASCII letters only, so no Unicode folding surprises. */
export function asciiLower(value: string): string {
  return value.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));
}

/** A latin-1 string back to the bytes it came from. */
export function latin1Bytes(value: string): Buffer {
  return Buffer.from(value, 'latin1');
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true });

/** Python's `bytes.decode()` (UTF-8, strict); undefined where Python raises. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return utf8Strict.decode(bytes);
  } catch {
    return undefined;
  }
}

const B64_VALUES = new Map([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].map((c, i) => [c.charCodeAt(0), i]));

/**
 * Python's `base64.b64decode(data)` (binascii.a2b_base64, non-strict): bytes
 * outside the alphabet are skipped, a complete padding ends the input, and a
 * dangling partial quantum is an error. Returns undefined where Python raises
 * `binascii.Error` — DRF turns that into "not correctly base64 encoded".
 * (Node's decoder accepts missing padding and `-_`, which Python refuses.)
 */
export function pythonB64decode(data: Uint8Array): Buffer | undefined {
  const out: number[] = [];
  let quadPos = 0;
  let leftChar = 0;
  let pads = 0;
  for (const ch of data) {
    if (ch === 0x3d /* '=' */) {
      if (quadPos >= 2 && quadPos + ++pads >= 4) return Buffer.from(out);
      continue;
    }
    const value = B64_VALUES.get(ch);
    if (value === undefined) continue;
    pads = 0;
    switch (quadPos) {
      case 0:
        quadPos = 1;
        leftChar = value;
        break;
      case 1:
        quadPos = 2;
        out.push(((leftChar << 2) | (value >> 4)) & 0xff);
        leftChar = value & 0x0f;
        break;
      case 2:
        quadPos = 3;
        out.push(((leftChar << 4) | (value >> 2)) & 0xff);
        leftChar = value & 0x03;
        break;
      default:
        quadPos = 0;
        out.push(((leftChar << 6) | value) & 0xff);
        leftChar = 0;
    }
  }
  return quadPos === 0 ? Buffer.from(out) : undefined;
}

/** `http.cookies._unquote`: strips surrounding quotes, resolves `\"` and `\012`. */
function unquoteCookieValue(value: string): string {
  if (value.length < 2 || value[0] !== '"' || value[value.length - 1] !== '"') return value;
  return value
    .slice(1, -1)
    .replace(/\\(?:([0-3][0-7][0-7])|([\s\S]))/g, (_m, octal: string | undefined, char: string | undefined) =>
      octal !== undefined ? String.fromCharCode(Number.parseInt(octal, 8)) : (char ?? ''),
    );
}

/**
 * Django's `parse_cookie` (what `request.COOKIES` holds): `;`-separated,
 * split at the first `=`, trimmed, quoted values unquoted, no URL-decoding,
 * and the last of duplicate names wins.
 */
export function parseCookies(header: string | string[] | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  const value = Array.isArray(header) ? header.join('; ') : header;
  if (!value) return cookies;
  for (const chunk of value.split(';')) {
    const eq = chunk.indexOf('=');
    const name = (eq === -1 ? '' : chunk.slice(0, eq)).trim();
    const raw = (eq === -1 ? chunk : chunk.slice(eq + 1)).trim();
    if (name || raw) cookies.set(name, unquoteCookieValue(raw));
  }
  return cookies;
}
