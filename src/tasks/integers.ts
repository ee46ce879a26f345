/**
 * Integers from JSON request values (bulk-delete ids, filter values) as
 * Python's int() reads them — a JSON integer, or a string of digits with
 * optional sign and surrounding whitespace (and `_` separators where the
 * caller accepts them) — and PostgreSQL's bigint range.
 */
export const INT8_MIN = -(2n ** 63n);
export const INT8_MAX = 2n ** 63n - 1n;

const DIGITS = /^\s*[+-]?\d+\s*$/;
const DIGITS_WITH_UNDERSCORES = /^\s*[+-]?\d+(?:_\d+)*\s*$/;

/** The integer `value` denotes, or undefined when it is not one. */
export function integerOf(value: unknown, options: { underscores: boolean }): bigint | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : undefined;
  if (typeof value !== 'string') return undefined;
  if (!(options.underscores ? DIGITS_WITH_UNDERSCORES : DIGITS).test(value)) return undefined;
  return BigInt(value.trim().replace(/_/g, ''));
}

export const isInt8 = (n: bigint): boolean => n >= INT8_MIN && n <= INT8_MAX;
