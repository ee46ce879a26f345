/** Calendar dates in InvenTree's TIME_ZONE, as `YYYY-MM-DD` strings. */

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The date it is now in `timeZone` (InvenTree's `current_date()`): token
 * expiry is compared against it, and `last_seen` is set to it.
 */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(now).map((p) => [p.type, p.value]));
  return `${String(parts.year).padStart(4, '0')}-${parts.month}-${parts.day}`;
}
