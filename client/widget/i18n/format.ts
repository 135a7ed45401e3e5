/**
 * Dates, numbers and durations in the page's language (`<html lang>`, which the widget sets
 * from `gcLangTag`).
 */

/** The page's language tag (e.g. `fr`), `en` when unset. */
export function currentLocale(): string {
  return (typeof document !== 'undefined' && document.documentElement.lang) || 'en';
}

/** `12 Mar 2026, 14:05` style, in the agent's time zone. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(currentLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** Time of day only, for timeline axes. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(currentLocale(), { timeStyle: 'short' }).format(date);
}

/** Day and time without the year (`Nov 18, 9:30 AM`), for axes spanning days. */
export function formatShortDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(currentLocale(), { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }).format(date);
}

/** A 0..1 score as a whole percentage. */
export function formatPercent(score: number): string {
  return new Intl.NumberFormat(currentLocale(), { style: 'percent', maximumFractionDigits: 0 }).format(
    Math.min(1, Math.max(0, score)),
  );
}

/** A duration as the largest sensible unit (`3 min`, `2 h`, `4 days`). */
export function formatDuration(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const unit = (value: number, name: 'minute' | 'hour' | 'day') =>
    new Intl.NumberFormat(currentLocale(), { style: 'unit', unit: name, unitDisplay: 'short' }).format(value);
  if (minutes < 60) return unit(Math.max(1, minutes), 'minute');
  if (minutes < 48 * 60) return unit(Math.round(minutes / 60), 'hour');
  return unit(Math.round(minutes / 1440), 'day');
}

/** A list joined the way the language does it (`a, b and c`). */
export function formatList(items: string[]): string {
  return new Intl.ListFormat(currentLocale(), { style: 'long', type: 'conjunction' }).format(items);
}
