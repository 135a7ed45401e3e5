/**
 * Builders of Genesys-shaped test data for the pure merge logic: analytics conversations and
 * external contacts, with only what each test cares about spelled out.
 */
import type { AnalyticsConversation, AnalyticsSession, ExternalContact } from '../../emulator/src/dataset/types.js';
import type { TenantSettings } from '../../server/src/merge/index.js';
import { DEFAULT_CHANNEL_WEIGHTS } from '../../server/src/merge/index.js';

export type TestChannel = 'voice' | 'sms' | 'whatsapp' | 'email' | 'webmessaging' | 'facebook';

export interface ConversationSpec {
  id: string;
  channel: TestChannel;
  /** The customer's address as the channel stores it. */
  address?: string;
  start?: string;
  /** null = active (no end). */
  end?: string | null;
  contactId?: string;
  direction?: 'inbound' | 'outbound';
  participantName?: string;
  divisionIds?: string[];
  /** Adds an agent with an interact segment (default true). */
  agent?: boolean;
  sessionId?: string;
}

const ORG_NUMBER = 'tel:+18005550100';
const ORG_EMAIL = 'support@acme.example';

/** One analytics conversation: a customer participant (one session) and, by default, an agent. */
export function conversation(spec: ConversationSpec): AnalyticsConversation {
  const start = spec.start ?? '2026-11-20T10:00:00.000Z';
  const end = spec.end === undefined ? new Date(Date.parse(start) + 10 * 60_000).toISOString() : spec.end;
  const direction = spec.direction ?? 'inbound';
  const mediaType = spec.channel === 'voice' ? 'voice' : spec.channel === 'email' ? 'email' : 'message';
  const session: AnalyticsSession = {
    sessionId: spec.sessionId ?? `${spec.id}-s1`,
    mediaType,
    direction,
    segments: [{ segmentStart: start, ...(end ? { segmentEnd: end } : {}), segmentType: 'interact' }],
  };
  if (mediaType === 'message') session.messageType = spec.channel as AnalyticsSession['messageType'];
  if (spec.address !== undefined) {
    const ours = spec.channel === 'voice' ? ORG_NUMBER : spec.channel === 'email' ? ORG_EMAIL : 'org-address';
    const [from, to] = direction === 'inbound' ? [spec.address, ours] : [ours, spec.address];
    if (spec.channel === 'voice') Object.assign(session, { ani: from, dnis: to });
    else Object.assign(session, { addressFrom: from, addressTo: to });
  }
  const participants: AnalyticsConversation['participants'] = [
    {
      participantId: `${spec.id}-p1`,
      purpose: 'customer',
      ...(spec.participantName ? { participantName: spec.participantName } : {}),
      ...(spec.contactId ? { externalContactId: spec.contactId } : {}),
      sessions: [session],
    },
  ];
  if (spec.agent !== false) {
    const agentEnd = end ?? undefined;
    participants.push({
      participantId: `${spec.id}-p2`,
      purpose: 'agent',
      userId: 'agent-1',
      sessions: [{
        sessionId: `${spec.id}-s2`, mediaType, direction,
        ...(mediaType === 'message' ? { messageType: spec.channel as AnalyticsSession['messageType'] } : {}),
        segments: [{ segmentStart: new Date(Date.parse(start) + 30_000).toISOString(), ...(agentEnd ? { segmentEnd: agentEnd } : {}), segmentType: 'interact' }],
      }],
    });
  }
  return {
    conversationId: spec.id,
    conversationStart: start,
    ...(end ? { conversationEnd: end } : {}),
    originatingDirection: direction,
    divisionIds: spec.divisionIds ?? ['div-home'],
    participants,
  };
}

export interface ContactSpec {
  id: string;
  type?: ExternalContact['type'];
  first?: string;
  last?: string;
  modifyDate?: string;
  division?: string;
}

/** An external contact; add phones, emails and ids with `extra`. */
export function contact(spec: ContactSpec, extra: Partial<ExternalContact> = {}): ExternalContact {
  return {
    id: spec.id,
    type: spec.type ?? 'Curated',
    division: { id: spec.division ?? 'div-home' },
    ...(spec.first ? { firstName: spec.first } : {}),
    ...(spec.last ? { lastName: spec.last } : {}),
    createDate: '2026-01-01T00:00:00.000Z',
    modifyDate: spec.modifyDate ?? '2026-06-01T00:00:00.000Z',
    ...extra,
  };
}

/** A map by id, as the engine hands contacts and conversations over. */
export function byId<T extends { id?: string; conversationId?: string }>(items: T[]): Map<string, T> {
  return new Map(items.map((item) => [item.id ?? item.conversationId ?? '', item]));
}

/** Tenant settings with DESIGN.md's defaults and a 0.7 threshold. */
export function settings(overrides: Partial<TenantSettings> = {}): TenantSettings {
  return {
    threshold: 0.7,
    channelWeights: { ...DEFAULT_CHANNEL_WEIGHTS },
    conflictPolicy: 'recency',
    sourcePriority: ['Curated', 'Identified', 'Ephemeral'],
    lookBackDays: 30,
    allowActiveConversations: false,
    clockSkewToleranceMs: 2000,
    emailRules: { stripPlusTags: true, ignoreDotsDomains: ['gmail.com', 'googlemail.com'] },
    lineTypeLookup: true,
    ...overrides,
  };
}
