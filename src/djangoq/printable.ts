// Python's str.isprintable() per code point, from CPython's own Unicode table
// (see unicode-printable.ts). Decoded once at module load into a sorted array
// of toggle points; a lookup is a binary search (ASCII short-circuits).

import { PRINTABLE_TOGGLE_DELTAS } from './unicode-printable.js';

const TOGGLES: Uint32Array = (() => {
  const parts = PRINTABLE_TOGGLE_DELTAS.split(',');
  const out = new Uint32Array(parts.length);
  let acc = 0;
  for (let i = 0; i < parts.length; i++) {
    acc += Number.parseInt(parts[i] as string, 16);
    out[i] = acc;
  }
  return out;
})();

export function isPrintableCodePoint(cp: number): boolean {
  if (cp < 0x7f) return cp >= 0x20;
  // Number of toggles <= cp; the table starts "not printable", so odd = printable.
  let lo = 0;
  let hi = TOGGLES.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((TOGGLES[mid] as number) <= cp) lo = mid + 1;
    else hi = mid;
  }
  return (lo & 1) === 1;
}
