import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_IDS, LOOKUP_TEMPLATE, parseDataset, type Dataset } from '../../emulator/src/index.js';
import type { Candidate } from '../../server/src/engine/index.js';
import { createTwilioLineTypeLookup } from '../../server/src/lookup/index.js';
import type { TestEmulator } from '../support/emulator.js';
import { conversationId, demoWith } from './datasets.js';
import { createTestEngine, resetEmulator, startEngineEmulator } from './support.js';

/**
 * The Kings' landline, listed under John (the subscriber): John called from it, then Mary. Genesys
 * linked both calls to the contact it created from the number, which has no name.
 */
const KINGS_LANDLINE = '+12156380022';
const KINGS = {
  key: 'john-king',
  contacts: [{ n: 41, type: 'Identified' as const, cellE164: KINGS_LANDLINE, createdDaysAgo: 20 }],
  conversations: [{ n: 41, channel: 'voice' as const, address: `tel:${KINGS_LANDLINE}`, daysAgo: 20, contactN: 41, name: 'KING JOHN' }],
};
const MARY_KING = {
  key: 'mary-king',
  contacts: [],
  conversations: [{ n: 42, channel: 'voice' as const, address: `tel:${KINGS_LANDLINE}`, daysAgo: 5, contactN: 41, name: 'KING JOHN' }],
};
/** Rosa's mobile, whose carrier delivers her name as the caller name: the same look as the Kings' landline. */
const ROSAS_MOBILE = '+13125550111';
const ROSA = {
  key: 'rosa-diaz',
  contacts: [{ n: 51, type: 'Identified' as const, cellE164: ROSAS_MOBILE, createdDaysAgo: 18 }],
  conversations: [
    { n: 51, channel: 'voice' as const, address: `tel:${ROSAS_MOBILE}`, daysAgo: 18, contactN: 51, name: 'DIAZ ROSA' },
    { n: 52, channel: 'voice' as const, address: `tel:${ROSAS_MOBILE}`, daysAgo: 4, contactN: 51, name: 'DIAZ ROSA' },
  ],
};

/**
 * Matt called from his mobile (listed in his name); the agent recorded him during the call (his
 * email only) and linked the call to that contact. He texted from the mobile, then emailed.
 */
const MATTS_MOBILE = '+17865737517';
const MATT = {
  key: 'matt-jones',
  contacts: [
    { n: 61, type: 'Identified' as const, cellE164: MATTS_MOBILE, createdDaysAgo: 20 },
    { n: 62, type: 'Curated' as const, firstName: 'Matt', lastName: 'Jones', email: 'matt.jones@example.com', createdDaysAgo: 20 - 2 / 1440 },
  ],
  conversations: [
    { n: 61, channel: 'voice' as const, address: `tel:${MATTS_MOBILE}`, daysAgo: 20, contactN: 62, name: 'JONES MATT' },
    { n: 62, channel: 'sms' as const, address: MATTS_MOBILE, daysAgo: 18, contactN: 61 },
    { n: 63, channel: 'email' as const, address: 'matt.jones@example.com', daysAgo: 5, contactN: 62, name: 'Matt Jones' },
  ],
};

const byId = (candidates: Candidate[]) => new Map(candidates.map((c) => [c.conversationId, c]));
const codes = (candidate: Candidate | undefined) => candidate?.reasons.map((r) => r.code) ?? [];

describe('carrier line types: a household landline and a listed mobile look alike', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    const dataset = await demoWith([KINGS, MARY_KING, ROSA, MATT]);
    const withTypes: Dataset = { ...dataset, lineTypes: { ...dataset.lineTypes, [KINGS_LANDLINE]: 'landline', [ROSAS_MOBILE]: 'mobile', [MATTS_MOBILE]: 'mobile' } };
    emu = await startEngineEmulator({ dataset: parseDataset(JSON.parse(JSON.stringify(withTypes))) });
  });
  afterAll(() => emu.close());
  beforeEach(() => resetEmulator(emu));

  const lookups = () => emu.emulator.requestCounts().entries.filter((e) => `${e.method} ${e.path}` === `GET ${LOOKUP_TEMPLATE}`).reduce((n, e) => n + e.count, 0);
  const engine = (options: { lookup: boolean; lineTypeLookup?: boolean }) => createTestEngine(emu, {
    settings: { lineTypeLookup: options.lineTypeLookup ?? true },
    engine: options.lookup
      ? { lineTypes: createTwilioLineTypeLookup({ baseUrl: `${emu.url}/twilio-lookups`, ...DEMO_IDS.lineTypeLookup, clock: emu.manualClock! }) }
      : {},
  });

  it('when the lookup says Rosa\'s number is a mobile, then her other call is auto-selected, after one lookup', async () => {
    const candidates = byId(await engine({ lookup: true }).merger.candidates(conversationId(52)));
    expect(candidates.get(conversationId(51))).toMatchObject({ selected: true });
    expect(codes(candidates.get(conversationId(51)))).toContain('phone_match');
    expect(lookups()).toBe(1);
  });

  it('when the lookup says the Kings\' number is a landline, then Mary\'s call is shown as a shared line, not selected', async () => {
    const candidates = byId(await engine({ lookup: true }).merger.candidates(conversationId(42)));
    expect(candidates.get(conversationId(41))).toMatchObject({ selected: false });
    expect(codes(candidates.get(conversationId(41)))).toContain('shared_identifier');
  });

  it('when there is no lookup, then a listed number of unknown kind is possibly a household\'s: not selected', async () => {
    const candidates = byId(await engine({ lookup: false }).merger.candidates(conversationId(52)));
    expect(candidates.get(conversationId(51))).toMatchObject({ selected: false });
    expect(codes(candidates.get(conversationId(51)))).toContain('shared_identifier');
  });

  it('when the tenant does not allow the lookup, then no number is sent to it', async () => {
    const candidates = byId(await engine({ lookup: true, lineTypeLookup: false }).merger.candidates(conversationId(52)));
    expect(candidates.get(conversationId(51))?.selected).toBe(false);
    expect(lookups()).toBe(0);
  });

  it('when Rosa\'s calls are previewed and merged, then the plan sees the mobile too, and the cached answer serves every step', async () => {
    const { merger } = engine({ lookup: true });
    const selection = { conversationIds: [conversationId(52), conversationId(51)] };
    const plan = await merger.preview(selection);
    expect(plan.valid).toBe(true);
    expect(plan.problems.filter((p) => p.code === 'no_common_evidence')).toEqual([]);
    const result = await merger.merge(selection);
    expect(result.conversationIds.sort()).toEqual(selection.conversationIds.sort());
    expect(lookups()).toBe(1);
  });

  it('when Matt emails, then his text is found through the call the agent recorded him in, once the lookup says the line is a mobile', async () => {
    const withLookup = byId(await engine({ lookup: true }).merger.candidates(conversationId(63)));
    expect(withLookup.get(conversationId(61))?.selected).toBe(true);
    expect(withLookup.get(conversationId(62))).toMatchObject({ selected: true });
    expect(codes(withLookup.get(conversationId(62)))).toContain('contact_identifier_match');
    const without = byId(await engine({ lookup: false }).merger.candidates(conversationId(63)));
    expect(without.get(conversationId(62))?.selected ?? false).toBe(false);
  });

  it('when the same calls are previewed without a lookup, then the plan warns that only weak evidence links them', async () => {
    const plan = await engine({ lookup: false }).merger.preview({ conversationIds: [conversationId(52), conversationId(51)] });
    expect(plan.problems).toContainEqual(expect.objectContaining({ code: 'no_common_evidence', severity: 'warning' }));
  });
});
