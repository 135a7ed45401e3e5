import { describe, expect, it } from 'vitest';
import { localeForLangTag } from './locale.js';
import { channelLabel, problemText, reasonText, stepLabel } from './messages.js';

describe('widget wording (source locale)', () => {
  it('when a Genesys language tag is given, then its primary language picks the locale, English otherwise', () => {
    expect(localeForLangTag('fr-ca')).toBe('fr');
    expect(localeForLangTag('ES_es')).toBe('es');
    expect(localeForLangTag('de')).toBe('de');
    expect(localeForLangTag('pt-br')).toBe('en');
    expect(localeForLangTag(null)).toBe('en');
  });

  it('when a reason carries a masked identifier, then the sentence names it', () => {
    expect(reasonText({ code: 'phone_match', identifierType: 'phone', masked: '•••• 4567', weight: 0.6 })).toBe('Same phone number •••• 4567');
    expect(reasonText({ code: 'shared_identifier', identifierType: 'email', masked: 'j•••@x.com', weight: 0.1 }))
      .toBe('Shared email address j•••@x.com: used by several customers, not enough on its own');
  });

  it('when a reason is about the linked contact itself (nothing masked to show), then the sentence names no identifier', () => {
    const about = (code: 'contact_identifier_match' | 'shared_identifier' | 'conflicting_identifier') =>
      reasonText({ code, identifierType: 'externalContactId', masked: null, weight: 0.5 });
    expect(about('contact_identifier_match')).toBe('Linked to another contact of this customer');
    expect(about('shared_identifier')).toBe('Linked to a contact several customers share: not enough on its own');
    expect(about('conflicting_identifier')).toBe("Linked to another person's contact");
  });

  it('when a problem is about one interaction and has parameters, then both appear in the sentence', () => {
    expect(problemText({ code: 'retention_expired', severity: 'error', conversationId: 'c', params: { retentionDays: 90 } }, 'Email · 1 Jan'))
      .toBe('Email · 1 Jan: Older than the analytics retention of 90 days, so it can no longer be merged.');
    expect(problemText({ code: 'too_many_contacts', severity: 'error', conversationId: null, params: { count: 30, max: 25 } }, null))
      .toBe('30 contacts selected; Genesys Cloud merges at most 25 at a time.');
  });

  it('when only weak evidence links an interaction, then the wording warns instead of telling the agent to remove it', () => {
    const problem = (evidence: string) => ({ code: 'no_common_evidence' as const, severity: 'warning' as const, conversationId: 'c', params: { evidence } });
    expect(problemText(problem('weak'), null)).toBe(
      'Only a shared phone line or a name links it to this customer. Merge it only if you know it is the same person.',
    );
    expect(problemText({ ...problem('none'), severity: 'error' }, null)).toBe(
      'Nothing links it to this customer. Remove it, or add an interaction that connects them.',
    );
  });

  it('when a parameter is missing, then the sentence still reads with a placeholder rather than "undefined"', () => {
    expect(problemText({ code: 'too_few_contacts', severity: 'error', conversationId: null, params: {} }, null)).not.toContain('undefined');
  });

  it('when a channel or step is named, then it has a label', () => {
    expect(channelLabel('webmessaging')).toBe('Web messaging');
    expect(stepLabel('merge_contacts')).toBe('Merging the contacts');
    expect(stepLabel(null)).toBe('Waiting to start');
  });
});
