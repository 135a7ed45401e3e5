import type { Dataset } from '../../emulator/src/dataset/types.js';

/** Whether `otherId` belongs to the universe a matcher may select from for `anchorId`. */
export type Eligibility = (anchorId: string, otherId: string) => boolean;

/** The universe of a benchmark run ({@link createEligibility}); every field optional. */
export interface EligibilityOptions {
  /**
   * Others must start within this many days of the anchor's start, before or after (a look-back
   * window centred on the anchor, since benchmark anchors are spread over the whole history).
   * Default: no window.
   */
  lookBackDays?: number;
  /** Others that started before `now − org.analyticsRetentionDays` are out. Default true. */
  respectRetention?: boolean;
  /** Purged conversations are out. Default true. */
  excludePurged?: boolean;
  /** Conversations still in progress (no `conversationEnd`) are out. Default false. */
  excludeActive?: boolean;
  /** The instant retention counts back from (ISO). Default: `referenceTime`, else the latest conversation start. */
  now?: string;
}

const DAY = 86_400_000;

/**
 * Builds the eligibility rule of a benchmark run from the dataset's own retention and purged
 * list. Unknown ids are never eligible; a conversation is never eligible for itself.
 */
export function createEligibility(
  dataset: Pick<Dataset, 'conversations' | 'purged' | 'org' | 'referenceTime'>,
  options: EligibilityOptions = {},
): Eligibility {
  const { lookBackDays, respectRetention = true, excludePurged = true, excludeActive = false } = options;
  const starts = new Map<string, number>();
  const active = new Set<string>();
  let latest = -Infinity;
  for (const conversation of dataset.conversations) {
    const start = Date.parse(conversation.conversationStart);
    starts.set(conversation.conversationId, start);
    if (conversation.conversationEnd === undefined) active.add(conversation.conversationId);
    latest = Math.max(latest, start);
  }
  const now = options.now ? Date.parse(options.now) : dataset.referenceTime ? Date.parse(dataset.referenceTime) : latest;
  const retentionStart = now - dataset.org.analyticsRetentionDays * DAY;
  const purged = new Set(dataset.purged);
  const windowMs = lookBackDays === undefined ? Infinity : lookBackDays * DAY;

  return (anchorId, otherId) => {
    if (anchorId === otherId) return false;
    const anchorStart = starts.get(anchorId);
    const otherStart = starts.get(otherId);
    if (anchorStart === undefined || otherStart === undefined) return false;
    if (excludePurged && purged.has(otherId)) return false;
    if (excludeActive && active.has(otherId)) return false;
    if (respectRetention && otherStart < retentionStart) return false;
    return Math.abs(otherStart - anchorStart) <= windowMs;
  };
}
