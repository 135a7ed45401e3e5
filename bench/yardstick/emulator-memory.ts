/**
 * Child-process entry for the memory benchmark: `node --expose-gc --import tsx
 * bench/yardstick/emulator-memory.ts <dataset.json>`. Loads and validates the dataset as the
 * emulator CLI does, starts the emulator on a free loopback port, answers one request, collects
 * garbage, and prints one JSON line: `{rssBytes, heapUsedBytes, maxRssBytes, loadMs}`.
 */
import { loadDataset, startEmulator } from '../../emulator/src/index.js';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: emulator-memory.ts <dataset.json>\n');
  process.exit(2);
}
const started = performance.now();
const running = await startEmulator({ dataset: await loadDataset(file), port: 0 });
const loadMs = performance.now() - started;
const response = await fetch(`${running.url}/api/v2/organizations/me`);
await response.arrayBuffer();
const collect = (globalThis as { gc?: () => void }).gc;
collect?.();
collect?.();
const memory = process.memoryUsage();
process.stdout.write(`${JSON.stringify({
  rssBytes: memory.rss,
  heapUsedBytes: memory.heapUsed,
  maxRssBytes: process.resourceUsage().maxRSS * 1024,
  loadMs,
})}\n`);
await running.close();
