/**
 * The fake backend's data: one customer seen on voice, email, web messaging and SMS, a shared
 * household line, one interaction already merged, one found only by search. Shapes follow
 * `server/src/http/contract.ts`.
 */
import type {
  Candidate, ContextResponse, Job, MergePlan, MergeResult, Timeline,
} from '../../../server/src/http/contract.js';

export const WIDGET_CLIENT_ID = 'widget-client-0001';

export const IDS = Object.freeze({
  current: 'c0000000-0000-4000-8000-000000000001',
  email: 'c0000000-0000-4000-8000-000000000002',
  webmessaging: 'c0000000-0000-4000-8000-000000000003',
  household: 'c0000000-0000-4000-8000-000000000004',
  merged: 'c0000000-0000-4000-8000-000000000005',
  searchOnly: 'c0000000-0000-4000-8000-000000000006',
  otherInteraction: 'c0000000-0000-4000-8000-000000000007',
  mergedContact: 'e0000000-0000-4000-8000-0000000000aa',
});

export function contextFor(conversationId: string, canMerge = true): ContextResponse {
  return {
    conversation: {
      conversationId,
      mediaType: 'voice',
      messageType: null,
      channel: 'voice',
      startTime: '2026-11-20T14:05:00.000Z',
      endTime: '2026-11-20T14:12:00.000Z',
      maskedAddress: '•••• 4567',
    },
    customer: { contactId: 'e0000000-0000-4000-8000-000000000001', displayName: 'Jane Doe', contactType: 'Identified' },
    alreadyMerged: null,
    permissions: canMerge
      ? { canMerge: true, missing: [] }
      : { canMerge: false, missing: ['externalContacts:identity:merge', 'externalContacts:conversation:associate'] },
  };
}

export function candidates(): Candidate[] {
  return [
    {
      conversationId: IDS.email,
      mediaType: 'email',
      messageType: null,
      channel: 'email',
      startTime: '2026-11-18T09:30:00.000Z',
      endTime: '2026-11-18T09:42:00.000Z',
      maskedAddress: 'j•••@example.com',
      score: 0.94,
      selected: true,
      alreadyMerged: null,
      reasons: [
        { code: 'email_match', identifierType: 'email', masked: 'j•••@example.com', weight: 0.6 },
        { code: 'contact_identifier_match', identifierType: 'phone', masked: '•••• 4567', weight: 0.3 },
      ],
    },
    {
      conversationId: IDS.webmessaging,
      mediaType: 'message',
      messageType: 'webmessaging',
      channel: 'webmessaging',
      startTime: '2026-11-19T16:00:00.000Z',
      endTime: '2026-11-19T16:20:00.000Z',
      maskedAddress: 'Jane D.',
      score: 0.88,
      selected: true,
      alreadyMerged: null,
      reasons: [
        { code: 'same_contact', identifierType: 'externalContactId', masked: null, weight: 0.8 },
        { code: 'time_proximity', identifierType: null, masked: null, weight: 0.05 },
      ],
    },
    {
      conversationId: IDS.household,
      mediaType: 'voice',
      messageType: null,
      channel: 'voice',
      startTime: '2026-11-10T11:00:00.000Z',
      endTime: '2026-11-10T11:04:00.000Z',
      maskedAddress: '•••• 9000',
      score: 0.35,
      selected: false,
      alreadyMerged: null,
      reasons: [{ code: 'shared_identifier', identifierType: 'phone', masked: '•••• 9000', weight: 0.2 }],
    },
    {
      conversationId: IDS.merged,
      mediaType: 'message',
      messageType: 'sms',
      channel: 'sms',
      startTime: '2026-11-01T08:00:00.000Z',
      endTime: '2026-11-01T08:10:00.000Z',
      maskedAddress: '•••• 4567',
      score: 0.9,
      selected: false,
      alreadyMerged: { mergedAt: '2026-11-02T10:00:00.000Z', mergedBy: 'Alex Agent', contactId: 'e0000000-0000-4000-8000-0000000000bb', jobId: 'job-old' },
      reasons: [{ code: 'phone_match', identifierType: 'phone', masked: '•••• 4567', weight: 0.6 }],
    },
  ];
}

export function searchResults(): Candidate[] {
  return [
    {
      conversationId: IDS.searchOnly,
      mediaType: 'message',
      messageType: 'whatsapp',
      channel: 'whatsapp',
      startTime: '2026-11-15T12:00:00.000Z',
      endTime: '2026-11-15T12:30:00.000Z',
      maskedAddress: '•••• 4567',
      score: 0.6,
      selected: false,
      alreadyMerged: null,
      reasons: [{ code: 'phone_match', identifierType: 'phone', masked: '•••• 4567', weight: 0.6 }],
    },
  ];
}

function timeline(conversationIds: string[]): Timeline {
  const events: Timeline['events'] = [
    { conversationId: IDS.email, channel: 'email', mediaType: 'email', messageType: null, segmentType: 'interact', participant: 'customer', start: '2026-11-18T09:30:00.000Z', end: '2026-11-18T09:42:00.000Z' },
    { conversationId: IDS.webmessaging, channel: 'webmessaging', mediaType: 'message', messageType: 'webmessaging', segmentType: 'interact', participant: 'customer', start: '2026-11-19T16:00:00.000Z', end: '2026-11-19T16:20:00.000Z' },
    { conversationId: IDS.current, channel: 'voice', mediaType: 'voice', messageType: null, segmentType: 'interact', participant: 'customer', start: '2026-11-20T14:05:00.000Z', end: '2026-11-20T14:12:00.000Z' },
    { conversationId: IDS.current, channel: 'voice', mediaType: 'voice', messageType: null, segmentType: 'wrapup', participant: 'agent', start: '2026-11-20T14:12:00.000Z', end: '2026-11-20T14:14:00.000Z' },
    { conversationId: IDS.searchOnly, channel: 'whatsapp', mediaType: 'message', messageType: 'whatsapp', segmentType: 'interact', participant: 'customer', start: '2026-11-15T12:00:00.000Z', end: '2026-11-15T12:30:00.000Z' },
  ].filter((event) => conversationIds.includes(event.conversationId)) as Timeline['events'];
  const sorted = [...events].sort((a, b) => a.start.localeCompare(b.start));
  return {
    sessionStart: sorted[0]?.start ?? '2026-11-20T14:05:00.000Z',
    sessionEnd: sorted.at(-1)?.end ?? '2026-11-20T14:14:00.000Z',
    channelSequence: [...new Set(sorted.map((e) => e.channel))],
    authoritativeConversationId: IDS.current,
    priorityScore: 10,
    events: sorted,
    deduplicatedCount: 1,
  };
}

/** The preview of merging `conversationIds`; `version` changes the plan hash (409 tests). */
export function planFor(conversationIds: string[], version = 1): MergePlan {
  const problems: MergePlan['problems'] = conversationIds.includes(IDS.household)
    ? [{ code: 'no_common_evidence', severity: 'error', conversationId: IDS.household, params: {} }]
    : [{ code: 'conversation_active', severity: 'warning', conversationId: IDS.current, params: {} }];
  return {
    conversationIds,
    anchorConversationId: IDS.current,
    contacts: [
      { id: 'e0000000-0000-4000-8000-000000000001', type: 'Identified', displayName: 'Jane Doe', modifyDate: '2026-11-20T14:12:00.000Z', divisionId: 'd1', mergeSetSize: 1 },
      { id: 'e0000000-0000-4000-8000-000000000002', type: 'Ephemeral', displayName: 'J. Doe', modifyDate: '2026-11-18T09:42:00.000Z', divisionId: 'd1', mergeSetSize: 1 },
    ],
    mergeRequired: true,
    valueOverride: { firstName: 'Jane' },
    fieldDecisions: [
      { field: 'firstName', chosen: { value: 'Jane', sourceContactId: 'e0000000-0000-4000-8000-000000000001' }, losing: [{ value: 'J.', sourceContactId: 'e0000000-0000-4000-8000-000000000002' }], rule: 'recency' },
      { field: 'cellPhone', chosen: { value: { display: '+1 317-555-4567', e164: '+13175554567' }, sourceContactId: 'e0000000-0000-4000-8000-000000000001' }, losing: [], rule: 'only_value' },
      { field: 'personalEmail', chosen: { value: 'jane.doe@example.com', sourceContactId: 'e0000000-0000-4000-8000-000000000002' }, losing: [], rule: 'only_value' },
    ],
    associations: [],
    timeline: timeline(conversationIds),
    problems,
    valid: !problems.some((p) => p.severity === 'error'),
    apiCalls: [],
    planHash: `plan-${version}-${conversationIds.join(',')}`,
  };
}

export function mergeResult(conversationIds: string[]): MergeResult {
  return {
    contactId: IDS.mergedContact,
    mergedFromContactIds: ['e0000000-0000-4000-8000-000000000001', 'e0000000-0000-4000-8000-000000000002'],
    conversationIds,
    channelSequence: timeline(conversationIds).channelSequence,
    timeline: timeline(conversationIds),
    metrics: { mergeLatencyMs: 420, apiCalls: 9, priorityScore: 10, retries: 0 },
  };
}

export function job(id: string, conversationIds: string[], status: Job['status'], step: Job['step']): Job {
  return {
    id,
    status,
    step,
    conversationIds,
    createdAt: '2026-11-26T10:00:00.000Z',
    updatedAt: '2026-11-26T10:00:01.000Z',
    result: status === 'succeeded' ? mergeResult(conversationIds) : null,
    error: status === 'failed' ? { code: 'merge_failed', message: 'The contacts could not be merged.', correlationId: 'corr-failed-1' } : null,
  };
}

/** The interactions the desktop harness lists. */
export function desktopInteractions() {
  return [
    { conversationId: IDS.current, mediaType: 'voice', messageType: null, startTime: '2026-11-20T14:05:00.000Z', customerLabel: 'Jane Doe' },
    { conversationId: IDS.otherInteraction, mediaType: 'message', messageType: 'webmessaging', startTime: '2026-11-21T10:00:00.000Z', customerLabel: 'Sam Smith' },
  ];
}
