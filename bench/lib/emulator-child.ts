/**
 * Child-process entry of the load and growth benchmarks: `node --import tsx
 * bench/lib/emulator-child.ts <dataset.json>` runs the Genesys Cloud emulator alone (so its
 * resident memory is its own) with the environment's settings:
 * - `BENCH_RATE_LIMIT`: requests per token per minute (default the platform's 300);
 * - `BENCH_LATENCY_MIN_MS`, `BENCH_LATENCY_MAX_MS`: every API call waits a uniform random time in
 *   that range (seeded; default 0, 0);
 * - `BENCH_SEED`: seed of that randomness (default 1).
 * Loads and validates the dataset as the emulator CLI does, listens on a free loopback port and
 * prints one JSON line `{url, loadMs, conversations, contacts, users}`; stops on SIGTERM.
 */
import { loadDataset, seededRandom, startEmulator } from '../../emulator/src/index.js';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: emulator-child.ts <dataset.json>\n');
  process.exit(2);
}
const number = (name: string, fallback: number) => {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    process.stderr.write(`${name} must be a non-negative number\n`);
    process.exit(2);
  }
  return value;
};
const rateLimit = number('BENCH_RATE_LIMIT', 300);
const minMs = number('BENCH_LATENCY_MIN_MS', 0);
const maxMs = Math.max(minMs, number('BENCH_LATENCY_MAX_MS', minMs));

// Seeded, so two runs draw the same latencies.
const random = seededRandom(number('BENCH_SEED', 1));

const started = performance.now();
const dataset = await loadDataset(file);
// The emulator waits `latencyMs` (set to the minimum below) through this sleep, which adds the spread.
const sleep = (ms: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, ms > 0 ? ms + random() * (maxMs - minMs) : 0));
const running = await startEmulator({ dataset, port: 0, limits: { rateLimitPerWindow: rateLimit }, sleep });
if (minMs > 0 || maxMs > 0) running.emulator.setFaults({ latencyMs: Math.max(1, Math.round(minMs)) });
const loadMs = performance.now() - started;
process.stdout.write(`${JSON.stringify({
  url: running.url,
  loadMs,
  conversations: dataset.conversations.length,
  contacts: dataset.externalContacts.length,
  users: dataset.users.length,
})}\n`);

process.once('SIGTERM', () => {
  running.close().then(() => process.exit(0), () => process.exit(1));
});
