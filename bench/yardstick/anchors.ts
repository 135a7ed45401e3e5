import type { Dataset } from '../../emulator/src/dataset/types.js';
import { createRandom } from '../../emulator/src/generator/index.js';

/** How to sample anchors ({@link sampleAnchors}). */
export interface AnchorOptions {
  /** How many anchors (at most the number of candidates). */
  count: number;
  /** Sampling seed; the same seed gives the same anchors. */
  seed: string | number;
  /** Which conversations may be anchors. Default: ended, not purged. */
  accept?: (conversationId: string) => boolean;
}

/**
 * A deterministic sample of anchor conversations: the interactions agents would be handling when
 * the widget opens. Default candidates are the ended, not purged conversations. Returned in
 * dataset order.
 */
export function sampleAnchors(dataset: Pick<Dataset, 'conversations' | 'purged'>, options: AnchorOptions): string[] {
  const purged = new Set(dataset.purged);
  const ended = new Set(dataset.conversations.filter((c) => c.conversationEnd !== undefined).map((c) => c.conversationId));
  const accept = options.accept ?? ((id: string) => ended.has(id) && !purged.has(id));
  const candidates = dataset.conversations.map((c) => c.conversationId).filter(accept);
  if (options.count >= candidates.length) return candidates;
  const picked = new Set(createRandom(options.seed).shuffled(candidates).slice(0, options.count));
  return candidates.filter((id) => picked.has(id));
}
