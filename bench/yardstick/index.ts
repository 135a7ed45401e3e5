/**
 * The accuracy yardstick (anchors.md §2): pairwise and B-cubed precision / recall / F1, overall
 * and per channel pair, of a matcher's auto-selections against a dataset's truth and evidence;
 * the exact-identifier baseline matcher to compare against; eligibility and anchor sampling.
 */
export { measure } from './measure.js';
export type { AccuracyReport, BcubedScores, MeasureInput, PairwiseScores, Scores } from './measure.js';
export { createEligibility } from './eligibility.js';
export type { Eligibility, EligibilityOptions } from './eligibility.js';
export { createExactIdentifierBaseline, rawIdentifiers, selectAll } from './baseline.js';
export type { SelectionMatcher } from './baseline.js';
export { sampleAnchors } from './anchors.js';
export type { AnchorOptions } from './anchors.js';
export { channelOfConversation, channelOfMedia, channelPairKey, customerParticipants } from './channels.js';
