// CPython 3.11's list.sort() (Objects/listobject.c: timsort with the
// "powersort" merge policy), ported comparison for comparison.
//
// Any stable sort gives Python's order for a total order. This port exists
// for the other cases, where the result depends on which pairs the algorithm
// happens to compare: Counter's repr sorts counts that may include NaN, and
// Python then prints exactly what its own sort made of it. The comparison
// may throw (Python's TypeError / InvalidOperation); it propagates.

const MIN_GALLOP = 7;

type Lt<T> = (a: T, b: T) => boolean;

interface Run {
  base: number;
  len: number;
  power: number;
}

/** `sorted(items, reverse=reverse)` with `lt` as `<` (items are not modified). */
export function pySorted<T>(items: readonly T[], lt: Lt<T>, reverse = false): T[] {
  const a = items.slice();
  if (a.length < 2) return a;
  // Reverse stability: reverse, sort stably, reverse back (list_sort_impl).
  if (reverse) a.reverse();
  new MergeState(a, lt).sort();
  if (reverse) a.reverse();
  return a;
}

/** merge_compute_minrun. */
function minrunOf(n: number): number {
  let r = 0;
  while (n >= 64) {
    r |= n & 1;
    n = Math.floor(n / 2);
  }
  return n + r;
}

/** powerloop: the "power" of the run boundary between [s1, s1+n1) and [s1+n1, s1+n1+n2). */
function powerloop(s1: number, n1: number, n2: number, n: number): number {
  let result = 0;
  let a = 2 * s1 + n1;
  let b = a + n1 + n2;
  for (;;) {
    ++result;
    if (a >= n) {
      a -= n;
      b -= n;
    } else if (b >= n) {
      break;
    }
    a *= 2;
    b *= 2;
  }
  return result;
}

/** gallop_left: k with arr[base+k-1] < key <= arr[base+k] (arr[base..base+n) sorted). */
function gallopLeft<T>(lt: Lt<T>, key: T, arr: T[], base: number, n: number, hint: number): number {
  const at = base + hint;
  let lastofs = 0;
  let ofs = 1;
  if (lt(arr[at] as T, key)) {
    const maxofs = n - hint;
    while (ofs < maxofs) {
      if (lt(arr[at + ofs] as T, key)) {
        lastofs = ofs;
        ofs = ofs * 2 + 1;
      } else break;
    }
    if (ofs > maxofs) ofs = maxofs;
    lastofs += hint;
    ofs += hint;
  } else {
    const maxofs = hint + 1;
    while (ofs < maxofs) {
      if (lt(arr[at - ofs] as T, key)) break;
      lastofs = ofs;
      ofs = ofs * 2 + 1;
    }
    if (ofs > maxofs) ofs = maxofs;
    const k = lastofs;
    lastofs = hint - ofs;
    ofs = hint - k;
  }
  ++lastofs;
  while (lastofs < ofs) {
    const m = lastofs + ((ofs - lastofs) >> 1);
    if (lt(arr[base + m] as T, key)) lastofs = m + 1;
    else ofs = m;
  }
  return ofs;
}

/** gallop_right: k with arr[base+k-1] <= key < arr[base+k]. */
function gallopRight<T>(lt: Lt<T>, key: T, arr: T[], base: number, n: number, hint: number): number {
  const at = base + hint;
  let lastofs = 0;
  let ofs = 1;
  if (lt(key, arr[at] as T)) {
    const maxofs = hint + 1;
    while (ofs < maxofs) {
      if (lt(key, arr[at - ofs] as T)) {
        lastofs = ofs;
        ofs = ofs * 2 + 1;
      } else break;
    }
    if (ofs > maxofs) ofs = maxofs;
    const k = lastofs;
    lastofs = hint - ofs;
    ofs = hint - k;
  } else {
    const maxofs = n - hint;
    while (ofs < maxofs) {
      if (lt(key, arr[at + ofs] as T)) break;
      lastofs = ofs;
      ofs = ofs * 2 + 1;
    }
    if (ofs > maxofs) ofs = maxofs;
    lastofs += hint;
    ofs += hint;
  }
  ++lastofs;
  while (lastofs < ofs) {
    const m = lastofs + ((ofs - lastofs) >> 1);
    if (lt(key, arr[base + m] as T)) ofs = m;
    else lastofs = m + 1;
  }
  return ofs;
}

class MergeState<T> {
  private minGallop = MIN_GALLOP;
  private readonly pending: Run[] = [];

  constructor(
    private readonly a: T[],
    private readonly lt: Lt<T>,
  ) {}

  sort(): void {
    const a = this.a;
    const n = a.length;
    const minrun = minrunOf(n);
    let lo = 0;
    let nremaining = n;
    do {
      let [runLen, descending] = this.countRun(lo, lo + nremaining);
      if (descending) reverseRange(a, lo, lo + runLen);
      if (runLen < minrun) {
        const force = Math.min(nremaining, minrun);
        this.binarySort(lo, lo + force, lo + runLen);
        runLen = force;
      }
      this.foundNewRun(runLen);
      this.pending.push({ base: lo, len: runLen, power: 0 });
      lo += runLen;
      nremaining -= runLen;
    } while (nremaining > 0);
    this.mergeForceCollapse();
  }

  /** count_run: length of the run at lo (strictly descending runs are reported as such). */
  private countRun(lo: number, hi: number): [number, boolean] {
    const { a, lt } = this;
    let p = lo + 1;
    if (p === hi) return [1, false];
    let n = 2;
    if (lt(a[p] as T, a[p - 1] as T)) {
      for (p = p + 1; p < hi; ++p, ++n) {
        if (!lt(a[p] as T, a[p - 1] as T)) break;
      }
      return [n, true];
    }
    for (p = p + 1; p < hi; ++p, ++n) {
      if (lt(a[p] as T, a[p - 1] as T)) break;
    }
    return [n, false];
  }

  /** binarysort: [lo, start) is sorted; insert [start, hi). */
  private binarySort(lo: number, hi: number, start: number): void {
    const { a, lt } = this;
    if (lo === start) ++start;
    for (; start < hi; ++start) {
      let l = lo;
      let r = start;
      const pivot = a[r] as T;
      do {
        const p = l + ((r - l) >> 1);
        if (lt(pivot, a[p] as T)) r = p;
        else l = p + 1;
      } while (l < r);
      for (let p = start; p > l; --p) a[p] = a[p - 1] as T;
      a[l] = pivot;
    }
  }

  /** found_new_run: merge while the run below the top has a greater power. */
  private foundNewRun(n2: number): void {
    const p = this.pending;
    if (p.length === 0) return;
    const top = p[p.length - 1] as Run;
    const power = powerloop(top.base, top.len, n2, this.a.length);
    while (p.length > 1 && (p[p.length - 2] as Run).power > power) this.mergeAt(p.length - 2);
    (p[p.length - 1] as Run).power = power;
  }

  private mergeForceCollapse(): void {
    const p = this.pending;
    while (p.length > 1) {
      let n = p.length - 2;
      if (n > 0 && (p[n - 1] as Run).len < (p[n + 1] as Run).len) --n;
      this.mergeAt(n);
    }
  }

  /** merge_at: merge runs i and i+1 of the pending stack. */
  private mergeAt(i: number): void {
    const { a, lt } = this;
    const p = this.pending;
    const ra = p[i] as Run;
    const rb = p[i + 1] as Run;
    let pa = ra.base;
    let na = ra.len;
    const pb = rb.base;
    let nb = rb.len;
    ra.len = na + nb;
    p.splice(i + 1, 1);

    const k = gallopRight(lt, a[pb] as T, a, pa, na, 0);
    pa += k;
    na -= k;
    if (na === 0) return;
    nb = gallopLeft(lt, a[pa + na - 1] as T, a, pb, nb, nb - 1);
    if (nb <= 0) return;
    if (na <= nb) this.mergeLo(pa, na, pb, nb);
    else this.mergeHi(pa, na, pb, nb);
  }

  /** merge_lo: na <= nb; A is copied out and merged from the left. */
  private mergeLo(pa0: number, na: number, pb0: number, nb: number): void {
    const { a, lt } = this;
    const tmp = a.slice(pa0, pa0 + na);
    let dest = pa0;
    let pa = 0;
    let pb = pb0;
    a[dest++] = a[pb++] as T;
    --nb;
    // The merge loop; true = the 'CopyB' exit of the C code, false = 'Succeed'.
    const copyB = ((): boolean => {
      if (nb === 0) return false;
      if (na === 1) return true;
      let minGallop = this.minGallop;
      for (;;) {
        let acount = 0;
        let bcount = 0;
        for (;;) {
          if (lt(a[pb] as T, tmp[pa] as T)) {
            a[dest++] = a[pb++] as T;
            ++bcount;
            acount = 0;
            --nb;
            if (nb === 0) return false;
            if (bcount >= minGallop) break;
          } else {
            a[dest++] = tmp[pa++] as T;
            ++acount;
            bcount = 0;
            --na;
            if (na === 1) return true;
            if (acount >= minGallop) break;
          }
        }
        ++minGallop;
        do {
          minGallop -= minGallop > 1 ? 1 : 0;
          this.minGallop = minGallop;
          let k = gallopRight(lt, a[pb] as T, tmp, pa, na, 0);
          acount = k;
          if (k) {
            for (let j = 0; j < k; j++) a[dest + j] = tmp[pa + j] as T;
            dest += k;
            pa += k;
            na -= k;
            if (na === 1) return true;
            if (na === 0) return false;
          }
          a[dest++] = a[pb++] as T;
          --nb;
          if (nb === 0) return false;
          k = gallopLeft(lt, tmp[pa] as T, a, pb, nb, 0);
          bcount = k;
          if (k) {
            a.copyWithin(dest, pb, pb + k);
            dest += k;
            pb += k;
            nb -= k;
            if (nb === 0) return false;
          }
          a[dest++] = tmp[pa++] as T;
          --na;
          if (na === 1) return true;
        } while (acount >= MIN_GALLOP || bcount >= MIN_GALLOP);
        ++minGallop;
        this.minGallop = minGallop;
      }
    })();
    if (copyB) {
      // The last element of A belongs at the end of the merge.
      a.copyWithin(dest, pb, pb + nb);
      a[dest + nb] = tmp[pa] as T;
      return;
    }
    for (let j = 0; j < na; j++) a[dest + j] = tmp[pa + j] as T;
  }

  /** merge_hi: na >= nb; B is copied out and merged from the right. */
  private mergeHi(pa0: number, na: number, pb0: number, nb: number): void {
    const { a, lt } = this;
    const tmp = a.slice(pb0, pb0 + nb);
    const basea = pa0;
    let dest = pb0 + nb - 1;
    let pa = pa0 + na - 1;
    let pb = nb - 1;
    a[dest--] = a[pa--] as T;
    --na;
    // The merge loop; true = the 'CopyA' exit of the C code, false = 'Succeed'.
    const copyA = ((): boolean => {
      if (na === 0) return false;
      if (nb === 1) return true;
      let minGallop = this.minGallop;
      for (;;) {
        let acount = 0;
        let bcount = 0;
        for (;;) {
          if (lt(tmp[pb] as T, a[pa] as T)) {
            a[dest--] = a[pa--] as T;
            ++acount;
            bcount = 0;
            --na;
            if (na === 0) return false;
            if (acount >= minGallop) break;
          } else {
            a[dest--] = tmp[pb--] as T;
            ++bcount;
            acount = 0;
            --nb;
            if (nb === 1) return true;
            if (bcount >= minGallop) break;
          }
        }
        ++minGallop;
        do {
          minGallop -= minGallop > 1 ? 1 : 0;
          this.minGallop = minGallop;
          let k = gallopRight(lt, tmp[pb] as T, a, basea, na, na - 1);
          k = na - k;
          acount = k;
          if (k) {
            dest -= k;
            pa -= k;
            a.copyWithin(dest + 1, pa + 1, pa + 1 + k);
            na -= k;
            if (na === 0) return false;
          }
          a[dest--] = tmp[pb--] as T;
          --nb;
          if (nb === 1) return true;
          k = gallopLeft(lt, a[pa] as T, tmp, 0, nb, nb - 1);
          k = nb - k;
          bcount = k;
          if (k) {
            dest -= k;
            pb -= k;
            for (let j = 0; j < k; j++) a[dest + 1 + j] = tmp[pb + 1 + j] as T;
            nb -= k;
            if (nb === 1) return true;
            if (nb === 0) return false;
          }
          a[dest--] = a[pa--] as T;
          --na;
          if (na === 0) return false;
        } while (acount >= MIN_GALLOP || bcount >= MIN_GALLOP);
        ++minGallop;
        this.minGallop = minGallop;
      }
    })();
    if (copyA) {
      // The first element of B belongs at the front of the merge.
      a.copyWithin(dest + 1 - na, pa + 1 - na, pa + 1);
      dest -= na;
      a[dest] = tmp[pb] as T;
      return;
    }
    for (let j = 0; j < nb; j++) a[dest - (nb - 1) + j] = tmp[j] as T;
  }
}

function reverseRange<T>(a: T[], lo: number, hi: number): void {
  for (let i = lo, j = hi - 1; i < j; i++, j--) {
    const x = a[i] as T;
    a[i] = a[j] as T;
    a[j] = x;
  }
}
