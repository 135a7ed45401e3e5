/**
 * Resident memory of another process, read from Linux's `/proc/<pid>/status`: the current
 * resident set (`VmRSS`) and its high-water mark since the process started (`VmHWM`), plus a
 * sampler that keeps the highest and last `VmRSS` seen while a benchmark runs.
 */
import { readFile } from 'node:fs/promises';

/** One reading of a process's memory, in bytes. */
export interface ProcessMemory {
  /** `VmRSS`: resident now. */
  rssBytes: number;
  /** `VmHWM`: the highest resident set since the process started (the kernel's own peak). */
  peakBytes: number;
}

/**
 * Parses the `VmRSS` and `VmHWM` lines of a `/proc/<pid>/status` text (values in kB). Throws
 * when either line is missing (not Linux, or a zombie process whose memory is gone).
 */
export function parseProcStatus(text: string): ProcessMemory {
  const field = (name: string) => {
    const match = new RegExp(`^${name}:\\s+(\\d+)\\s+kB`, 'm').exec(text);
    if (!match) throw new Error(`/proc status has no ${name} line`);
    return Number(match[1]) * 1024;
  };
  return { rssBytes: field('VmRSS'), peakBytes: field('VmHWM') };
}

/** Reads `/proc/<pid>/status` now. Throws when the process is gone or the system is not Linux. */
export async function readProcessMemory(pid: number): Promise<ProcessMemory> {
  return parseProcStatus(await readFile(`/proc/${pid}/status`, 'utf8'));
}

/** What a sampler saw. */
export interface MemorySamples {
  /** `VmHWM` at the last successful reading: the peak over the process's whole life so far. */
  peakBytes: number;
  /** The highest `VmRSS` among the samples (the peak during the sampled window only). */
  maxSampledRssBytes: number;
  /** `VmRSS` at the last successful reading. */
  lastRssBytes: number;
  /** Every `VmRSS` reading with its time (ms since the sampler started). */
  series: Array<{ atMs: number; rssBytes: number }>;
}

/** A running sampler; `stop()` takes a last reading and returns everything seen. */
export interface MemorySampler {
  /** The samples so far (a copy), without stopping. */
  current(): MemorySamples;
  stop(): Promise<MemorySamples>;
}

/**
 * Samples `pid`'s memory every `intervalMs` (default 500 ms) until `stop()`. A reading that fails
 * (the process exited) is skipped; the figures are those of the last good reading.
 */
export function sampleProcessMemory(pid: number, intervalMs = 500): MemorySampler {
  const started = performance.now();
  const samples: MemorySamples = { peakBytes: 0, maxSampledRssBytes: 0, lastRssBytes: 0, series: [] };
  const take = async () => {
    try {
      const memory = await readProcessMemory(pid);
      samples.peakBytes = Math.max(samples.peakBytes, memory.peakBytes);
      samples.maxSampledRssBytes = Math.max(samples.maxSampledRssBytes, memory.rssBytes);
      samples.lastRssBytes = memory.rssBytes;
      samples.series.push({ atMs: performance.now() - started, rssBytes: memory.rssBytes });
    } catch {
      // The process is gone: keep what was seen.
    }
  };
  void take();
  const timer = setInterval(() => void take(), intervalMs);
  timer.unref();
  const copy = (): MemorySamples => ({ ...samples, series: [...samples.series] });
  return {
    current: copy,
    async stop() {
      clearInterval(timer);
      await take();
      return copy();
    },
  };
}

/** Bytes as MB (2^20) with one decimal. */
export const mb = (bytes: number): string => (bytes / 1_048_576).toFixed(1);

/** The service's V8 heap from its own `/metrics` (prom-client default metrics), in bytes. */
export interface ServiceHeap {
  heapUsedBytes: number;
  heapTotalBytes: number;
  externalBytes: number;
}

/**
 * Parses the `nodejs_heap_size_used_bytes`, `nodejs_heap_size_total_bytes` and
 * `nodejs_external_memory_bytes` samples (any metric prefix) of a Prometheus text exposition;
 * null when one is missing.
 */
export function parseHeapMetrics(text: string): ServiceHeap | null {
  const value = (name: string) => {
    const match = new RegExp(`^\\w*${name}(?:\\{[^}]*\\})?\\s+([0-9.e+]+)\\s*$`, 'm').exec(text);
    return match ? Number(match[1]) : null;
  };
  const heapUsedBytes = value('nodejs_heap_size_used_bytes');
  const heapTotalBytes = value('nodejs_heap_size_total_bytes');
  const externalBytes = value('nodejs_external_memory_bytes');
  if (heapUsedBytes === null || heapTotalBytes === null || externalBytes === null) return null;
  return { heapUsedBytes, heapTotalBytes, externalBytes };
}

/** The service's heap now (`GET <serverUrl>/metrics`), or null when it does not expose it. */
export async function readServiceHeap(serverUrl: string): Promise<ServiceHeap | null> {
  const response = await fetch(`${serverUrl}/metrics`, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) return null;
  return parseHeapMetrics(await response.text());
}

/** The highest heap figures seen by {@link sampleServiceHeap}. */
export interface HeapSamples {
  maxHeapUsedBytes: number;
  maxHeapTotalBytes: number;
  samples: number;
}

/** Reads the service's `/metrics` heap every `intervalMs` (default 2 s) until `stop()`; failed readings are skipped. */
export function sampleServiceHeap(serverUrl: string, intervalMs = 2000): { stop(): Promise<HeapSamples> } {
  const seen: HeapSamples = { maxHeapUsedBytes: 0, maxHeapTotalBytes: 0, samples: 0 };
  let pending: Promise<void> = Promise.resolve();
  const take = () => {
    pending = readServiceHeap(serverUrl).then(
      (heap) => {
        if (!heap) return;
        seen.maxHeapUsedBytes = Math.max(seen.maxHeapUsedBytes, heap.heapUsedBytes);
        seen.maxHeapTotalBytes = Math.max(seen.maxHeapTotalBytes, heap.heapTotalBytes);
        seen.samples++;
      },
      () => undefined,
    );
  };
  take();
  const timer = setInterval(take, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await pending;
      return { ...seen };
    },
  };
}
