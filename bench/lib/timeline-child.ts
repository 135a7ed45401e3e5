/**
 * Child-process entry of the growth benchmark: `node --max-old-space-size=M --import tsx
 * bench/lib/timeline-child.ts <dataset.json> <factors> <runs>` reconciles, with
 * `reconcileTimeline`, every conversation of `factor` copies of the dataset's org at once, for
 * each factor of the comma-separated list (e.g. `1,10,100`), `runs` times each (p50 kept; the
 * largest factor once). Copies get fresh conversation, participant and session ids and share
 * their segments (the function does not change its input), so 100 copies fit in memory. One
 * untimed warm-up run on the org first. Prints
 * one JSON line per factor: `{factor, conversations, segments, runsMs, buildMs, events}`, then
 * `{maxRssBytes}` (the process's peak).
 */
import { readFile } from 'node:fs/promises';
import type { AnalyticsConversation, Dataset } from '../../emulator/src/index.js';
import { DEFAULT_CHANNEL_WEIGHTS, reconcileTimeline } from '../../server/src/merge/index.js';

const [file, factorList, runsText] = process.argv.slice(2);
if (!file || !factorList || !runsText) {
  process.stderr.write('usage: timeline-child.ts <dataset.json> <factors> <runs>\n');
  process.exit(2);
}
const factors = factorList.split(',').map(Number);
const runs = Number(runsText);
const dataset = JSON.parse(await readFile(file, 'utf8')) as Dataset;
const base = dataset.conversations;
const now = Date.parse(dataset.referenceTime ?? new Date().toISOString());
const settings = { channelWeights: { ...DEFAULT_CHANNEL_WEIGHTS }, clockSkewToleranceMs: 2000, now };

/** Copy `r` of a conversation: new ids (suffix `~r`), the same segment objects. */
function copyOf(conversation: AnalyticsConversation, r: number): AnalyticsConversation {
  if (r === 0) return conversation;
  return {
    ...conversation,
    conversationId: `${conversation.conversationId}~${r}`,
    participants: conversation.participants.map((participant) => ({
      ...participant,
      participantId: `${participant.participantId}~${r}`,
      sessions: participant.sessions.map((session) => ({ ...session, sessionId: `${session.sessionId}~${r}` })),
    })),
  };
}

const segmentsOf = (conversations: readonly AnalyticsConversation[]) =>
  conversations.reduce((n, c) => n + c.participants.reduce((m, p) => m + p.sessions.reduce((k, s) => k + s.segments.length, 0), 0), 0);

const largest = Math.max(...factors);
// Warm-up (compilation), untimed.
reconcileTimeline(base, settings);
for (const factor of factors) {
  const built = performance.now();
  const conversations: AnalyticsConversation[] = [];
  for (let r = 0; r < factor; r++) for (const conversation of base) conversations.push(copyOf(conversation, r));
  const buildMs = performance.now() - built;
  const runsMs: number[] = [];
  let events = 0;
  for (let i = 0; i < (factor === largest && factor > 1 ? 1 : runs); i++) {
    const started = performance.now();
    events = reconcileTimeline(conversations, settings).events.length;
    runsMs.push(performance.now() - started);
  }
  process.stdout.write(`${JSON.stringify({ factor, conversations: conversations.length, segments: segmentsOf(conversations), runsMs, buildMs, events })}\n`);
}
process.stdout.write(`${JSON.stringify({ maxRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`);
