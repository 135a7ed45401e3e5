/** Requests seen, by method, path template and status (`GET /__emulator/requests`). */
export interface RequestCountEntry {
  method: string;
  /** The route's template, e.g. `/api/v2/analytics/conversations/{conversationId}/details`; the raw path when no route matched. */
  path: string;
  status: number;
  count: number;
}

/** A snapshot of the counts. */
export interface RequestCounts {
  total: number;
  /** `"METHOD template"` → count over all statuses. */
  byEndpoint: Record<string, number>;
  entries: RequestCountEntry[];
}

/** Counts answered requests; one per emulator. */
export interface RequestCounter {
  record(method: string, path: string, status: number): void;
  snapshot(): RequestCounts;
  clear(): void;
}

/** Creates an empty counter. */
export function createRequestCounter(): RequestCounter {
  const counts = new Map<string, RequestCountEntry>();
  return {
    record: (method, path, status) => {
      const key = `${method} ${path} ${status}`;
      const entry = counts.get(key);
      if (entry) entry.count += 1;
      else counts.set(key, { method, path, status, count: 1 });
    },
    snapshot: () => {
      const entries = [...counts.values()]
        .map((entry) => ({ ...entry }))
        .sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method) || a.status - b.status);
      const byEndpoint: Record<string, number> = {};
      for (const entry of entries) {
        const key = `${entry.method} ${entry.path}`;
        byEndpoint[key] = (byEndpoint[key] ?? 0) + entry.count;
      }
      return { total: entries.reduce((sum, entry) => sum + entry.count, 0), byEndpoint, entries };
    },
    clear: () => counts.clear(),
  };
}
