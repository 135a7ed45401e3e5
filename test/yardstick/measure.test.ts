import { describe, expect, it } from 'vitest';
import { measure } from '../../bench/yardstick/index.js';
import { conversation } from './fixtures.js';

/**
 * Customer A: a1, a2 (calls), a3 (email) linked by evidence g1; a4 (email from an unlinked second
 * mailbox, g2); a5 (a call from the household line: null). Customer B: b1 (call) and b2 (SMS), g3.
 */
const dataset = {
  conversations: [
    conversation({ id: 'a1' }), conversation({ id: 'a2' }), conversation({ id: 'a3', channel: 'email' }),
    conversation({ id: 'a4', channel: 'email' }), conversation({ id: 'a5' }),
    conversation({ id: 'b1' }), conversation({ id: 'b2', channel: 'sms' }),
  ],
  truth: { a1: 'A', a2: 'A', a3: 'A', a4: 'A', a5: 'A', b1: 'B', b2: 'B' },
  evidence: { a1: 'g1', a2: 'g1', a3: 'g1', a4: 'g2', a5: null, b1: 'g3', b2: 'g3' } as Record<string, string | null>,
};

describe('yardstick: pairwise and B-cubed on hand-made cases', () => {
  it('when one anchor selects a match, a stranger and two unevidenced conversations of the customer, then the figures are as worked by hand', () => {
    // a1 → a2 TP, b1 FP, a5 and a4 neutral; a3 is a true match not selected: FN.
    const report = measure({ dataset, selections: new Map([['a1', ['a2', 'b1', 'a5', 'a4']]]) });
    expect(report.pairwise).toEqual({ tp: 1, fp: 1, fn: 1, neutral: 2, precision: 0.5, recall: 0.5, f1: 0.5 });
    // C = {a1, a2, b1}, T = {a1, a2, a3}: 2/3 each.
    expect(report.bcubed.precision).toBeCloseTo(2 / 3, 12);
    expect(report.bcubed.recall).toBeCloseTo(2 / 3, 12);
    expect(report.bcubed.anchors).toBe(1);
    expect(report.ambiguousAnchors).toBe(0);
  });

  it('when a second anchor finds its only match, then pairwise sums and B-cubed averages over anchors', () => {
    const report = measure({ dataset, selections: new Map([['a1', ['a2', 'b1', 'a5', 'a4']], ['b1', ['b2']]]) });
    expect(report.pairwise).toMatchObject({ tp: 2, fp: 1, fn: 1 });
    expect(report.pairwise.precision).toBeCloseTo(2 / 3, 12);
    expect(report.pairwise.recall).toBeCloseTo(2 / 3, 12);
    expect(report.pairwise.f1).toBeCloseTo(2 / 3, 12);
    // a1: 2/3 and 2/3; b1: 1 and 1 → 5/6 each.
    expect(report.bcubed.precision).toBeCloseTo(5 / 6, 12);
    expect(report.bcubed.recall).toBeCloseTo(5 / 6, 12);
  });

  it('when figures are split by channel pair, then each pair gets its own counts and B-cubed', () => {
    const report = measure({ dataset, selections: new Map([['a1', ['a2', 'b1', 'a5', 'a4']], ['b1', ['b2']]]) });
    expect(Object.keys(report.byChannelPair)).toEqual(['email↔voice', 'sms↔voice', 'voice↔voice']);
    const voice = report.byChannelPair['voice↔voice']!;
    expect(voice.pairwise).toMatchObject({ tp: 1, fp: 1, fn: 0, neutral: 1, precision: 0.5, recall: 1 });
    // a1 among calls: C = {a1, a2, b1}, T = {a1, a2}.
    expect(voice.bcubed.precision).toBeCloseTo(2 / 3, 12);
    expect(voice.bcubed.recall).toBe(1);
    const emailVoice = report.byChannelPair['email↔voice']!;
    // The missed a3, and the neutral a4, are the only email pairs.
    expect(emailVoice.pairwise).toMatchObject({ tp: 0, fp: 0, fn: 1, neutral: 1, precision: null, recall: 0, f1: null });
    expect(emailVoice.bcubed).toMatchObject({ anchors: 1, precision: 1, recall: 0.5 });
    expect(report.byChannelPair['sms↔voice']!.pairwise).toMatchObject({ tp: 1, fp: 0, fn: 0, precision: 1, recall: 1, f1: 1 });
  });

  it('when the anchor itself carries no evidence, then nothing counts as missed but a stranger is still a false positive', () => {
    const report = measure({ dataset, selections: new Map([['a5', ['b1', 'a1']]]) });
    expect(report.ambiguousAnchors).toBe(1);
    expect(report.pairwise).toMatchObject({ tp: 0, fp: 1, fn: 0, neutral: 1, precision: 0, recall: null, f1: null });
    // C = {a5, b1}, T = {a5}.
    expect(report.bcubed).toMatchObject({ precision: 0.5, recall: 1 });
  });

  it('when a true match is outside the universe, then it is neither missed nor rewarded', () => {
    const eligible = (anchor: string, other: string) => anchor !== other && other !== 'a3';
    const report = measure({ dataset, selections: new Map([['a1', ['a2', 'a3']]]), eligible });
    expect(report.pairwise).toMatchObject({ tp: 1, fp: 0, fn: 0, precision: 1, recall: 1, f1: 1 });
    expect(report.ineligibleSelections).toBe(1);
  });

  it('when a selection names no conversation, the anchor itself or a duplicate, then only the unknown one counts, as a false positive', () => {
    const report = measure({ dataset, selections: new Map([['b1', ['b2', 'b2', 'b1', 'nope']]]) });
    expect(report.pairwise).toMatchObject({ tp: 1, fp: 1, fn: 0 });
    expect(report.unknownSelections).toBe(1);
  });

  it('when nothing is selected, then recall reflects the misses and precision is undefined', () => {
    const report = measure({ dataset, selections: new Map([['a1', []]]) });
    expect(report.pairwise).toMatchObject({ tp: 0, fp: 0, fn: 2, precision: null, recall: 0, f1: null });
    // C = {a1}, T = {a1, a2, a3}.
    expect(report.bcubed.precision).toBe(1);
    expect(report.bcubed.recall).toBeCloseTo(1 / 3, 12);
  });

  it('when the dataset has no evidence map, then every conversation is evidence of its customer', () => {
    const { evidence: _ignored, ...withoutEvidence } = dataset;
    const report = measure({ dataset: withoutEvidence, selections: new Map([['a1', ['a2', 'a5']]]) });
    // True matches of a1: a2, a3, a4, a5.
    expect(report.pairwise).toMatchObject({ tp: 2, fp: 0, fn: 2, neutral: 0 });
  });

  it('when pairs go both ways between two anchors, then each direction counts', () => {
    const report = measure({ dataset, selections: new Map([['a1', ['a2']], ['a2', ['a1']]]) });
    // Each misses a3.
    expect(report.pairwise).toMatchObject({ tp: 2, fp: 0, fn: 2 });
  });

  it('when an anchor is not in the dataset, then measuring refuses', () => {
    expect(() => measure({ dataset, selections: new Map([['zz', []]]) })).toThrow(/zz/);
  });
});
