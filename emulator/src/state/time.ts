/**
 * The dataset's time frame versus the served one. With `rebaseTimes`, a dataset's
 * `referenceTime` maps to the clock's now at creation: every stored instant is served shifted by
 * `offsetMs`, so a dataset generated once stays recent. Stored records are never rewritten.
 */
export interface TimeFrame {
  /** Served = stored + offsetMs. */
  readonly offsetMs: number;
  /** A stored ISO instant as served. */
  serve(iso: string): string;
  /** A stored ISO instant as served, or undefined. */
  serveOptional(iso: string | undefined): string | undefined;
  /** A served epoch-ms instant in the stored frame, as ISO (for records created at runtime). */
  storedIso(servedMs: number): string;
}

/** Creates the frame for `referenceTime` (if any) at `nowMs`. */
export function createTimeFrame(referenceTime: string | undefined, nowMs: number, rebase: boolean): TimeFrame {
  const offsetMs = rebase && referenceTime ? nowMs - Date.parse(referenceTime) : 0;
  const serve = (iso: string) => (offsetMs === 0 ? iso : new Date(Date.parse(iso) + offsetMs).toISOString());
  return {
    offsetMs,
    serve,
    serveOptional: (iso) => (iso === undefined ? undefined : serve(iso)),
    storedIso: (servedMs) => new Date(servedMs - offsetMs).toISOString(),
  };
}
