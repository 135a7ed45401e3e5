import { describe, expect, it } from 'vitest';
import { createIdentityIndex, createNormalizer, type IdentifierOwnership } from '../../server/src/merge/index.js';
import { byId, contact } from './builders.js';

const LINE = '+12156380022';
const KEY = `phone:${LINE}`;
const normalizer = createNormalizer({ defaultCountry: 'US', emailRules: { stripPlusTags: true, ignoreDotsDomains: [] } });
const auto = contact({ id: 'auto', type: 'Identified' }, { otherPhone: { e164: LINE } });

/** The index over the nameless contact of the line, and these facts about the line. */
function index(fact: Partial<IdentifierOwnership>, contacts = [auto]) {
  const ownership = new Map([[KEY, { contactIds: ['auto'], names: [], callerNames: ['KING JOHN'], ...fact }]]);
  return createIdentityIndex({ contacts: byId(contacts), ownership, normalizer });
}

describe('unverified listed lines: the numbers sent to the carrier lookup', () => {
  it('when a US number carries a person\'s caller name and only a nameless contact, then its kind decides: it is asked, and shared until answered', () => {
    expect(index({}).isUnverifiedLine(KEY)).toBe(true);
    expect(index({}).isShared(KEY)).toBe(true);
  });

  it('when the lookup answered or the number texted, then it is not asked again, and a mobile is personal', () => {
    expect(index({ lineKind: 'mobile' }).isUnverifiedLine(KEY)).toBe(false);
    expect(index({ lineKind: 'mobile' }).isShared(KEY)).toBe(false);
    expect(index({ lineKind: 'fixed' }).isShared(KEY)).toBe(true);
    expect(index({ texted: true }).isShared(KEY)).toBe(false);
  });

  it('when the number is shared whatever its kind (a home phone on a contact, two people\'s names), then it is not sent', () => {
    const mary = contact({ id: 'mary', first: 'Mary', last: 'King' }, { homePhone: { e164: LINE } });
    expect(index({}, [auto, mary]).isUnverifiedLine(KEY)).toBe(false);
    expect(index({ names: ['KING JOHN', 'Mary King'] }).isUnverifiedLine(KEY)).toBe(false);
  });

  it('when a named contact claims it as their cell phone, or its caller name names no one, then it is not a listed line', () => {
    const john = contact({ id: 'john', first: 'John', last: 'King' }, { cellPhone: { e164: LINE } });
    expect(index({}, [auto, john]).isUnverifiedLine(KEY)).toBe(false);
    expect(index({ callerNames: ['WIRELESS CALLER'] }).isUnverifiedLine(KEY)).toBe(false);
    expect(index({ callerNames: ['WIRELESS CALLER'] }).isShared(KEY)).toBe(false);
  });

  it('when the numbering plan tells the kind (a GB number), then it is never asked', () => {
    const gb = createIdentityIndex({
      contacts: new Map(), normalizer,
      ownership: new Map([['phone:+442079460000', { contactIds: [], names: [], callerNames: ['SMITH JOHN'] }]]),
    });
    expect(gb.isUnverifiedLine('phone:+442079460000')).toBe(false);
  });
});
