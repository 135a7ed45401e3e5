import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ExternalContact, PhoneNumber } from '../../emulator/src/index.js';
import { byMostRecentlyModified, planMerge } from '../../emulator/src/state/index.js';

const PHONES = ['workPhone', 'cellPhone', 'homePhone', 'otherPhone'] as const;

function contact(id: string, modifyDate: string, fields: Partial<ExternalContact> = {}): ExternalContact {
  return { id, type: 'Identified', division: { id: 'd' }, createDate: '2026-01-01T00:00:00.000Z', modifyDate, ...fields };
}

function merged(inputs: ExternalContact[], valueOverride?: Partial<ExternalContact>) {
  return planMerge({ inputs: byMostRecentlyModified(inputs), members: inputs, valueOverride, newId: 'new', nowIso: '2026-02-01T00:00:00.000Z' }).merged;
}

describe('merge field rules, as a pure function (reference §3.3)', () => {
  it('when more distinct phones exist than phone fields, then the most recent contact\'s come first and the surplus is dropped', () => {
    const older = contact('a', '2026-01-02T00:00:00.000Z', { workPhone: { e164: '+15550000001' }, cellPhone: { e164: '+15550000002' }, homePhone: { e164: '+15550000003' } });
    const newer = contact('b', '2026-01-03T00:00:00.000Z', { workPhone: { e164: '+15550000004' }, cellPhone: { e164: '+15550000005' } });
    const result = merged([older, newer]);
    expect(PHONES.map((field) => result[field]?.e164)).toEqual(['+15550000004', '+15550000005', '+15550000003', '+15550000001']);
  });

  it('when a contact is a merge input, then it is marked mergedTo and every member joins the new merge set; non-inputs keep their mergedTo', () => {
    const deep = contact('old', '2026-01-01T00:00:00.000Z', { mergedTo: { id: 'a' }, canonicalContact: { id: 'a' } });
    const a = contact('a', '2026-01-02T00:00:00.000Z', { mergedFrom: [{ id: 'old' }], mergeSet: [{ id: 'old' }, { id: 'a' }], canonicalContact: { id: 'a' } });
    const b = contact('b', '2026-01-03T00:00:00.000Z');
    const plan = planMerge({ inputs: [b, a], members: [deep, a, b], newId: 'new', nowIso: '2026-02-01T00:00:00.000Z' });
    const byId = new Map(plan.updated.map((c) => [c.id, c]));
    expect(byId.get('old')!.mergedTo?.id).toBe('a');
    expect(byId.get('a')!.mergedTo?.id).toBe('new');
    expect(byId.get('b')!.mergedTo?.id).toBe('new');
    for (const member of plan.updated) {
      expect(member.canonicalContact?.id).toBe('new');
      expect(member.mergeSet?.map((r) => r.id)).toEqual(['old', 'a', 'b', 'new']);
    }
    expect(plan.merged.mergedFrom?.map((r) => r.id)).toEqual(['b', 'a']);
  });

  it('property: the merged phones are distinct, come from the inputs or the override, and none is lost while fields remain', () => {
    const phone = fc.integer({ min: 0, max: 6 }).map((n): PhoneNumber => ({ e164: `+1555000000${n}` }));
    const phoneFields = fc.record({ workPhone: fc.option(phone, { nil: undefined }), cellPhone: fc.option(phone, { nil: undefined }), homePhone: fc.option(phone, { nil: undefined }), otherPhone: fc.option(phone, { nil: undefined }) });
    fc.assert(
      fc.property(fc.array(phoneFields, { minLength: 2, maxLength: 5 }), fc.option(phoneFields, { nil: undefined }), (inputsFields, override) => {
        const inputs = inputsFields.map((fields, i) => contact(`c${i}`, `2026-01-0${i + 1}T00:00:00.000Z`, JSON.parse(JSON.stringify(fields)) as Partial<ExternalContact>));
        // The override is the caller's explicit choice and is applied as given; keep its numbers distinct here.
        const seen = new Set<string>();
        const distinctOverride = override && Object.fromEntries(Object.entries(override).filter(([, p]) => p !== undefined && !seen.has(p.e164!) && seen.add(p.e164!)));
        const result = merged(inputs, distinctOverride as Partial<ExternalContact> | undefined);
        const placed = PHONES.map((field) => result[field]?.e164).filter((v): v is string => v !== undefined);
        const offered = new Set([...inputs, distinctOverride ?? {}].flatMap((c) => PHONES.map((field) => (c as Partial<ExternalContact>)[field]?.e164)).filter((v): v is string => v !== undefined));
        expect(new Set(placed).size).toBe(placed.length);
        for (const number of placed) expect(offered.has(number)).toBe(true);
        expect(placed.length).toBe(Math.min(PHONES.length, offered.size));
      }),
    );
  });
});
