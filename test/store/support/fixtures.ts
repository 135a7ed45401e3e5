import type { MergePlan, MergeResult } from '../../../server/src/merge/types.js';
import type { TenantRecord } from '../../../server/src/store/index.js';

/** Customer identifiers the fixtures carry, so tests can look for them after removal. */
export const CUSTOMER = Object.freeze({
  phone: '+15551234567',
  email: 'jordan.rivers@example.com',
  name: 'Jordan Rivers',
});

/** A plausible plan over `conversationIds`, carrying the customer's identifiers in field decisions. */
export function samplePlan(conversationIds: string[], planHash = 'plan-hash-1'): MergePlan {
  return {
    conversationIds,
    anchorConversationId: conversationIds[0] ?? 'c-1',
    contacts: [
      { id: 'contact-a', type: 'Ephemeral', displayName: CUSTOMER.name, modifyDate: '2026-01-10T10:00:00Z', divisionId: 'd', mergeSetSize: 1 },
      { id: 'contact-b', type: 'Identified', displayName: CUSTOMER.name, modifyDate: '2026-01-11T10:00:00Z', divisionId: 'd', mergeSetSize: 1 },
    ],
    mergeRequired: true,
    valueOverride: { workEmail: CUSTOMER.email, cellPhone: { e164: CUSTOMER.phone } },
    fieldDecisions: [
      {
        field: 'workEmail',
        chosen: { value: CUSTOMER.email, sourceContactId: 'contact-b' },
        losing: [],
        rule: 'only_value',
      },
    ],
    associations: conversationIds.map((conversationId) => ({
      conversationId,
      communicationId: conversationId,
      mediaType: 'CALL' as const,
      currentContactId: 'contact-a',
    })),
    timeline: null,
    problems: [],
    valid: true,
    apiCalls: [],
    planHash,
  };
}

/** A result of merging `conversationIds` into `contactId`. */
export function sampleResult(conversationIds: string[], contactId = 'contact-canonical'): MergeResult {
  return {
    contactId,
    mergedFromContactIds: ['contact-a', 'contact-b'],
    conversationIds,
    channelSequence: ['voice', 'email'],
    timeline: {
      sessionStart: '2026-01-10T10:00:00Z',
      sessionEnd: '2026-01-10T11:00:00Z',
      channelSequence: ['voice', 'email'],
      authoritativeConversationId: conversationIds[0] ?? 'c-1',
      priorityScore: 10,
      events: [],
      deduplicatedCount: 0,
    },
    metrics: { mergeLatencyMs: 420, apiCalls: 9, priorityScore: 10, retries: 0 },
  };
}

/** A tenant row with placeholder ciphertexts. */
export function sampleTenantRecord(id: string, now: number, overrides: Partial<TenantRecord> = {}): TenantRecord {
  return {
    id,
    name: `Org ${id}`,
    region: 'us_east_1',
    apiBaseUrl: null,
    loginBaseUrl: null,
    backendClientId: `backend-${id}`,
    backendClientSecretCiphertext: `ciphertext-backend-${id}`,
    widgetClientId: `widget-${id}`,
    crmWebhook: { url: `https://crm.example.com/${id}`, secretCiphertext: `ciphertext-crm-${id}`, enabled: true, disabledReason: null },
    settings: '{}',
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}
