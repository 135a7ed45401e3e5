import { describe, expect, it } from 'vitest';
import { DEFAULT_CHANNEL_WEIGHTS, decideValues, type FieldDecision, type PolicyContext } from '../../server/src/merge/index.js';
import { contact } from './builders.js';

const context: PolicyContext = { channelWeights: { ...DEFAULT_CHANNEL_WEIGHTS }, defaultCountry: 'US' };
const decision = (decisions: FieldDecision[], field: string, rule?: string) =>
  decisions.find((d) => d.field === field && (rule === undefined || d.rule === rule));

const older = contact({ id: 'old', type: 'Curated', first: 'Janet', last: 'Doe', modifyDate: '2026-01-01T00:00:00.000Z' }, {
  title: 'Dr', personalEmail: 'Jane@Example.com',
});
const newer = contact({ id: 'new', type: 'Ephemeral', first: 'Jane', modifyDate: '2026-10-01T00:00:00.000Z' }, {
  personalEmail: 'jane@example.com',
});

describe('value policy', () => {
  it('when the policy is recency, then the most recently modified contact wins each field it has a value for', () => {
    const { valueOverride, fieldDecisions } = decideValues([older, newer], 'recency', context);
    expect(valueOverride).toMatchObject({ firstName: 'Jane', lastName: 'Doe', title: 'Dr' });
    expect(decision(fieldDecisions, 'firstName')).toEqual({
      field: 'firstName', chosen: { value: 'Jane', sourceContactId: 'new' }, losing: [{ value: 'Janet', sourceContactId: 'old' }], rule: 'recency',
    });
    expect(decision(fieldDecisions, 'lastName')).toMatchObject({ rule: 'only_value', losing: [] });
  });

  it('when the policy is source, then the curated contact wins over the more recent ephemeral one', () => {
    const { valueOverride, fieldDecisions } = decideValues([older, newer], 'source', context);
    expect(valueOverride.firstName).toBe('Janet');
    expect(decision(fieldDecisions, 'firstName')).toMatchObject({ rule: 'source', losing: [{ value: 'Jane', sourceContactId: 'new' }] });
  });

  it('when the source priority is configured, then its order decides', () => {
    const { valueOverride } = decideValues([older, newer], 'source', { ...context, sourcePriority: ['Ephemeral', 'Identified', 'Curated'] });
    expect(valueOverride.firstName).toBe('Jane');
  });

  it('when the policy is channel priority, then the contact of the highest-weighted channel\'s conversation wins', () => {
    const viaSms = { ...context, channelsByContact: new Map([['old', ['voice' as const]], ['new', ['sms' as const]]]) };
    expect(decideValues([older, newer], 'channel_priority', viaSms).valueOverride.firstName).toBe('Janet');
    const viaVoice = { ...context, channelsByContact: new Map([['old', ['sms' as const]], ['new', ['voice' as const]]]) };
    expect(decideValues([older, newer], 'channel_priority', viaVoice).valueOverride.firstName).toBe('Jane');
  });

  it('when two emails differ only in letter case, then there is no conflict', () => {
    const { fieldDecisions } = decideValues([older, newer], 'recency', context);
    expect(decision(fieldDecisions, 'personalEmail')).toMatchObject({ rule: 'only_value', losing: [], chosen: { value: 'jane@example.com' } });
  });

  it('when one number is written two ways, then there is no conflict', () => {
    const a = contact({ id: 'a', modifyDate: '2026-02-01T00:00:00.000Z' }, { cellPhone: { display: '(201) 555-0123' } });
    const b = contact({ id: 'b', modifyDate: '2026-03-01T00:00:00.000Z' }, { cellPhone: { e164: '+12015550123' } });
    const { fieldDecisions } = decideValues([a, b], 'recency', context);
    expect(decision(fieldDecisions, 'cellPhone')).toMatchObject({ rule: 'only_value', losing: [], chosen: { sourceContactId: 'b' } });
  });

  it('when cell phones conflict, then the loser moves to a free phone field as the platform does, instead of being lost', () => {
    const a = contact({ id: 'a', modifyDate: '2026-02-01T00:00:00.000Z' }, { cellPhone: { e164: '+12015550001' } });
    const b = contact({ id: 'b', modifyDate: '2026-03-01T00:00:00.000Z' }, { cellPhone: { e164: '+12015550002' } });
    const { valueOverride, fieldDecisions } = decideValues([a, b], 'recency', context);
    expect(valueOverride.cellPhone).toEqual({ e164: '+12015550002' });
    expect(valueOverride.otherPhone).toEqual({ e164: '+12015550001' });
    expect(decision(fieldDecisions, 'cellPhone')).toMatchObject({ rule: 'recency', losing: [] });
    expect(decision(fieldDecisions, 'otherPhone', 'relocated')).toEqual({
      field: 'otherPhone', chosen: { value: { e164: '+12015550001' }, sourceContactId: 'a' }, losing: [], rule: 'relocated', relocatedFrom: 'cellPhone',
    });
  });

  it('when every phone field is taken, then a conflicting number is listed as losing', () => {
    const phones = (base: number) => ({
      cellPhone: { e164: `+1201555${base}1` }, homePhone: { e164: `+1201555${base}2` },
      workPhone: { e164: `+1201555${base}3` }, otherPhone: { e164: `+1201555${base}4` },
    });
    const a = contact({ id: 'a', modifyDate: '2026-02-01T00:00:00.000Z' }, phones(100));
    const b = contact({ id: 'b', modifyDate: '2026-03-01T00:00:00.000Z' }, phones(200));
    const { fieldDecisions } = decideValues([a, b], 'recency', context);
    expect(decision(fieldDecisions, 'cellPhone')!.losing).toEqual([{ value: { e164: '+12015551001' }, sourceContactId: 'a' }]);
    expect(fieldDecisions.filter((d) => d.rule === 'relocated')).toEqual([]);
  });

  it('when an email loses, then it is relocated to the other email field', () => {
    const a = contact({ id: 'a', modifyDate: '2026-02-01T00:00:00.000Z' }, { personalEmail: 'a@example.com' });
    const b = contact({ id: 'b', modifyDate: '2026-03-01T00:00:00.000Z' }, { personalEmail: 'b@example.com' });
    const { valueOverride } = decideValues([a, b], 'recency', context);
    expect(valueOverride).toMatchObject({ personalEmail: 'b@example.com', otherEmail: 'a@example.com' });
  });

  it('when the decision is made, then valueOverride carries no null and every field any contact had is set', () => {
    const { valueOverride } = decideValues([older, newer], 'recency', context);
    expect(Object.values(valueOverride).every((v) => v !== null && v !== undefined)).toBe(true);
    expect(Object.keys(valueOverride).sort()).toEqual(['firstName', 'lastName', 'personalEmail', 'title']);
  });

  it('when the contacts come in another order, then the decision is the same', () => {
    expect(decideValues([newer, older], 'recency', context)).toEqual(decideValues([older, newer], 'recency', context));
  });
});
