import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Candidate } from '../../server/src/engine/index.js';
import type { TestEmulator } from '../support/emulator.js';
import { NINA, NINA_NAMESAKE, conversationId, demoWith } from './datasets.js';
import { C, apiCalls, createTestEngine, resetEmulator, startEngineEmulator } from './support.js';

const selectedIds = (candidates: Candidate[]) => candidates.filter((c) => c.selected).map((c) => c.conversationId).sort();
const SEARCH = 'GET /api/v2/externalcontacts/contacts';

describe('discovery through the contact keyword search', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startEngineEmulator({ dataset: await demoWith([NINA, NINA_NAMESAKE]) });
  });
  afterAll(() => emu.close());
  beforeEach(() => resetEmulator(emu));

  it('when the customer\'s contact keeps her mobile only as typed and her email has a tagged form, then her chat and tagged email are selected from her call', async () => {
    const { merger } = createTestEngine(emu);
    const candidates = await merger.candidates(conversationId(34));
    expect(selectedIds(candidates)).toEqual([conversationId(31), conversationId(32), conversationId(33)].sort());
    expect(apiCalls(emu).byEndpoint[SEARCH]).toBeGreaterThanOrEqual(2);
  });

  it('when keyword searches are switched off, then only the calls from the number are selected', async () => {
    const { merger } = createTestEngine(emu, { engine: { options: { discovery: { maxContactSearchesPerRound: 0 } } } });
    const candidates = await merger.candidates(conversationId(34));
    expect(selectedIds(candidates)).toEqual([conversationId(33)]);
    expect(apiCalls(emu).byEndpoint[SEARCH] ?? 0).toBe(0);
  });

  it('when an agent searches the number in national format, then the conversations of the contact keeping it as typed are found too', async () => {
    const { merger } = createTestEngine(emu);
    const found = (await merger.search(C.janeActiveCall, '312-555-0163')).map((c) => c.conversationId);
    expect(found).toEqual(expect.arrayContaining([conversationId(31), conversationId(33), conversationId(34)]));
    // Her tagged email belongs to another contact, which the number does not lead to.
    expect(found).not.toContain(conversationId(32));
  });

  it('when an agent searches her plain address, then the tagged form\'s contact and its conversation are found, and no namesake\'s', async () => {
    const { merger } = createTestEngine(emu);
    const found = (await merger.search(C.janeActiveCall, 'nina.novak@example.com')).map((c) => c.conversationId);
    expect(found).toEqual(expect.arrayContaining([conversationId(31), conversationId(32)]));
    expect(found).not.toContain(conversationId(35));
  });
});
