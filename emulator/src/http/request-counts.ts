/** Requests seen, by method, path template and status (`GET /__emulator/requests`). */
export interface RequestCountEntry {
  method: string;
  /** The route's template, e.g. `/api/v2/analytics/conversations/{conversationId}/details`; the raw path when no route matched. */
  path: string;
  status: number;
  /** Whose token made the requests: a user's (`user`), a client-credentials one (`client`), or none that was valid (`null`). */
  caller: 'user' | 'client' | null;
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
  record(method: string, path: string, status: number, caller?: 'user' | 'client' | null): void;
  snapshot(): RequestCounts;
  clear(): void;
}

/** Creates an empty counter. */
export function createRequestCounter(): RequestCounter {
  const counts = new Map<string, RequestCountEntry>();
  return {
    record: (method, path, status, caller = null) => {
      const key = `${method} ${path} ${status} ${caller}`;
      const entry = counts.get(key);
      if (entry) entry.count += 1;
      else counts.set(key, { method, path, status, caller, count: 1 });
    },
    snapshot: () => {
      const entries = [...counts.values()]
        .map((entry) => ({ ...entry }))
        .sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method) || a.status - b.status || String(a.caller).localeCompare(String(b.caller)));
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
