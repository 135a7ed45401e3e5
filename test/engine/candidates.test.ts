import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../server/src/errors/index.js';
import { MERGED_OUTSIDE_APP, type Candidate } from '../../server/src/engine/index.js';
import type { AlreadyMerged } from '../../server/src/merge/index.js';
import type { TestEmulator } from '../support/emulator.js';
import { demoWith, GREENS, WENDY, conversationId } from './datasets.js';
import { apiCalls, C, createTestEngine, K, resetEmulator, startEngineEmulator } from './support.js';

const byId = (candidates: Candidate[]) => new Map(candidates.map((c) => [c.conversationId, c]));
const selectedIds = (candidates: Candidate[]) => candidates.filter((c) => c.selected).map((c) => c.conversationId).sort();
const codes = (candidate: Candidate | undefined) => candidate?.reasons.map((r) => r.code) ?? [];

describe('candidates and search on the demo org', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startEngineEmulator({ dataset: await demoWith([WENDY, GREENS]) });
  });
  afterAll(() => emu.close());
  beforeEach(() => resetEmulator(emu));

  it('when Carlos writes on WhatsApp, then his SMS, call and later WhatsApp (three ephemeral contacts, one mobile) are all selected', async () => {
    const { merger } = createTestEngine(emu);
    const candidates = await merger.candidates(C.carlosWhatsApp);
    expect(selectedIds(candidates)).toEqual([C.carlosSms, C.carlosCall, C.carlosWhatsAppRecent].sort());
    const call = byId(candidates).get(C.carlosCall)!;
    expect(codes(call)).toContain('phone_match');
    expect(call.reasons.find((r) => r.code === 'phone_match')?.masked).toBe('•••• 0187');
    expect(call.maskedAddress).toBe('•••• 0187');
  });

  it('when Tom calls from the household landline, then Linda\'s and the unlinked landline calls are shown as a shared line and not selected', async () => {
    const { merger } = createTestEngine(emu);
    const candidates = byId(await merger.candidates(C.tomLandlineCall));
    for (const id of [C.lindaLandlineCall, C.landlineCallUnlinked]) {
      expect(candidates.get(id)?.selected).toBe(false);
      expect(codes(candidates.get(id))).toContain('shared_identifier');
    }
    for (const id of [C.lindaSms, C.lindaWhatsApp]) expect(candidates.get(id)?.selected ?? false).toBe(false);
  });

  it('when the landline call is linked to no contact, then nothing is selected for it (ambiguous)', async () => {
    const { merger } = createTestEngine(emu);
    expect(selectedIds(await merger.candidates(C.landlineCallUnlinked))).toEqual([]);
  });

  it('when Jane calls now from her mobile (a fresh ephemeral contact), then her web message and email are selected through the contact that records the mobile', async () => {
    const { merger } = createTestEngine(emu);
    const candidates = byId(await merger.candidates(C.janeActiveCall));
    expect(candidates.get(C.janeWebMessage)?.selected).toBe(true);
    expect(candidates.get(C.janeEmail)?.selected).toBe(true);
    expect(codes(candidates.get(C.janeEmail))).toContain('contact_identifier_match');
    // Her first call is 40 days old: outside the 30-day look-back, so not proposed.
    expect(candidates.has(C.janeCall)).toBe(false);
  });

  it('when the look-back is 60 days, then Jane\'s first call is proposed too', async () => {
    const { merger } = createTestEngine(emu, { settings: { lookBackDays: 60 } });
    expect(byId(await merger.candidates(C.janeActiveCall)).get(C.janeCall)?.selected).toBe(true);
  });

  it('when a landline\'s caller ID (the subscriber) names someone else than the contact an agent linked one of its calls to, then the line is shared and selects nothing', async () => {
    const { merger } = createTestEngine(emu);
    const candidates = byId(await merger.candidates(conversationId(23)));
    expect(candidates.get(conversationId(22))).toMatchObject({ selected: false });
    expect(codes(candidates.get(conversationId(22)))).toContain('shared_identifier');
    expect(candidates.get(conversationId(21))?.selected).toBe(false);
  });

  it('when Wendy writes on WhatsApp, then her web messaging and SMS conversations are selected', async () => {
    const { merger } = createTestEngine(emu);
    const candidates = await merger.candidates(conversationId(3));
    expect(selectedIds(candidates)).toEqual([conversationId(1), conversationId(2)].sort());
  });

  it('when Priya\'s contacts were merged in Genesys, then her other conversations are marked already merged and not selected', async () => {
    const { merger } = createTestEngine(emu);
    const candidates = byId(await merger.candidates(C.priyaSms));
    for (const id of [C.priyaCall, C.priyaEmail]) {
      const candidate = candidates.get(id)!;
      expect(candidate.selected).toBe(false);
      expect(candidate.alreadyMerged).toMatchObject({ mergedBy: MERGED_OUTSIDE_APP, contactId: K.priya, jobId: '' });
    }
  });

  it('when one of our merges made Priya\'s merged contact and her email was not ticked, then the email is shown as merged by that job, not by Genesys Cloud', async () => {
    const ours: AlreadyMerged = { mergedAt: '2026-11-19T10:00:00.000Z', mergedBy: 'Alex Agent', contactId: K.priya, jobId: 'job-7' };
    const { merger } = createTestEngine(emu, {
      engine: { mergedMarkers: async (ids) => new Map(ids.filter((id) => id === C.priyaSms || id === C.priyaCall).map((id) => [id, ours])) },
    });
    const candidates = byId(await merger.candidates(C.priyaSms));
    expect(candidates.get(C.priyaCall)).toMatchObject({ selected: false, alreadyMerged: ours });
    expect(candidates.get(C.priyaEmail)).toMatchObject({ selected: false, alreadyMerged: ours });
    expect(candidates.has(C.priyaSms)).toBe(false);
  });

  it('when our store marks a conversation as merged, then it is shown with when and by whom, and not selected', async () => {
    const marker: AlreadyMerged = { mergedAt: '2026-11-19T10:00:00.000Z', mergedBy: 'Alex Agent', contactId: 'c-1', jobId: 'job-1' };
    const asked: string[][] = [];
    const { merger } = createTestEngine(emu, {
      engine: {
        mergedMarkers: async (ids) => {
          asked.push([...ids]);
          return new Map(ids.filter((id) => id === C.carlosSms).map((id) => [id, marker]));
        },
      },
    });
    const candidates = byId(await merger.candidates(C.carlosWhatsApp));
    expect(candidates.get(C.carlosSms)).toMatchObject({ selected: false, alreadyMerged: marker });
    expect(candidates.get(C.carlosCall)?.selected).toBe(true);
    expect(asked.flat()).toContain(C.carlosSms);
  });

  it('when candidates are requested, then the calls are few and none is a write', async () => {
    const { merger } = createTestEngine(emu);
    await merger.candidates(C.carlosWhatsApp);
    const { total, byEndpoint } = apiCalls(emu);
    expect(total).toBeLessThanOrEqual(16);
    expect(Object.keys(byEndpoint).filter((e) => !e.startsWith('GET') && !e.includes('/query') && !e.includes('identifierlookup'))).toEqual([]);
  });

  it('when the conversation is unknown or purged, then a 404 names it', async () => {
    const { merger } = createTestEngine(emu);
    const error = await merger.candidates(C.mohammedPurgedCall).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'conversation_not_found', status: 404, details: { conversationId: C.mohammedPurgedCall } });
  });

  it('when the agent searches a conversation id, then that conversation is scored against the current one', async () => {
    const { merger } = createTestEngine(emu);
    const found = await merger.search(C.carlosWhatsApp, C.carlosCall);
    expect(found.map((c) => c.conversationId)).toEqual([C.carlosCall]);
    expect(found[0]!.selected).toBe(true);
    const unrelated = await merger.search(C.carlosWhatsApp, C.emmaCall);
    expect(unrelated.map((c) => [c.conversationId, c.selected])).toEqual([[C.emmaCall, false]]);
  });

  it('when the agent searches a phone number in a national format, then the conversations of that number are found and scored', async () => {
    const { merger } = createTestEngine(emu);
    const found = byId(await merger.search(C.emmaEmail, '07700 900123'));
    // Emma's org is in the US: a UK national number is read as US and finds nothing…
    expect(found.size).toBe(0);
    const international = byId(await merger.search(C.emmaEmail, '+44 7700 900123'));
    expect(international.get(C.emmaCall)?.selected).toBe(true);
    expect(international.get(C.emmaWhatsApp)?.selected).toBe(true);
  });

  it('when the agent searches an email written in other letter case, then the customer\'s email conversations are found', async () => {
    const { merger } = createTestEngine(emu);
    const found = byId(await merger.search(C.mohammedWebMessage, 'M.AlSayed@Example.com'));
    expect(found.get(C.mohammedEmail)?.selected).toBe(true);
  });

  it('when the agent searches a household landline, then its calls are shown but not selected', async () => {
    const { merger } = createTestEngine(emu);
    const found = await merger.search(C.tomEmail, '(503) 555-0123');
    expect(found.map((c) => c.conversationId)).toEqual(expect.arrayContaining([C.tomLandlineCall, C.lindaLandlineCall, C.landlineCallUnlinked]));
    expect(found.filter((c) => c.selected && c.conversationId !== C.tomLandlineCall)).toEqual([]);
  });

  it('when the search text is empty or too long, then it is refused naming q', async () => {
    const { merger } = createTestEngine(emu);
    for (const q of ['   ', 'x'.repeat(300)]) {
      await expect(merger.search(C.carlosSms, q)).rejects.toMatchObject({ code: 'invalid_query', status: 400, details: { field: 'q' } });
    }
  });

  it('when the context of a conversation is asked, then its channel, masked address and customer are given', async () => {
    const { merger } = createTestEngine(emu);
    const context = await merger.context(C.janeEmail);
    expect(context.conversation).toMatchObject({ conversationId: C.janeEmail, channel: 'email', mediaType: 'email', maskedAddress: 'j•••@example.com' });
    expect(context.customer).toEqual({ contactId: K.jane, displayName: 'Jane Doe', contactType: 'Identified' });
    expect(context.alreadyMerged).toBeNull();
  });
});
