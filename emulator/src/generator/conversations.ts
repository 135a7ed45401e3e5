import type {
  AnalyticsConversation, AnalyticsMediaType, AnalyticsParticipant, AnalyticsSegment, AnalyticsSession,
  MessageType, SegmentType,
} from '../dataset/types.js';
import type { Agent, Queue } from './org.js';
import type { GeneratedChannel } from './params.js';
import type { Random } from './random.js';

/** The addresses of a conversation, oriented as the channel writes them for this direction. */
export interface Addresses {
  ani?: string;
  dnis?: string;
  addressFrom?: string;
  addressTo?: string;
}

/** What the record builder needs to know about one interaction after identity resolution. */
export interface ConversationSpec {
  id: string;
  start: number;
  channel: GeneratedChannel;
  direction: 'inbound' | 'outbound';
  /** Cut the record at `cutoff`: open segments, no `conversationEnd`. */
  active: boolean;
  cutoff: number;
  divisionId: string;
  addresses: Addresses;
  customerName?: string;
  externalContactId?: string;
  /** Handling agents in order (two after a transfer); empty when abandoned before an answer. */
  agents: Agent[];
  /** The queue of each agent leg (or the one queue of an abandoned interaction). */
  queues: Queue[];
  hold: boolean;
  subject?: string;
  wrapUpCode: string;
  flowName: string;
  /** The org's address used for an email reply's `addressFrom`. */
  orgEmail: string;
}

const SECOND = 1000;
const iso = (ms: number) => new Date(ms).toISOString();

interface Timeline {
  at: number;
}

const seg = (type: SegmentType, start: number, end: number, extra: Partial<AnalyticsSegment> = {}): AnalyticsSegment => ({
  segmentStart: iso(start), segmentEnd: iso(end), segmentType: type, ...extra,
});

function mediaOf(channel: GeneratedChannel): { mediaType: AnalyticsMediaType; messageType?: MessageType; provider: string } {
  if (channel === 'voice') return { mediaType: 'voice', provider: 'Edge' };
  if (channel === 'email') return { mediaType: 'email', provider: 'PureCloud Email' };
  return { mediaType: 'message', messageType: channel, provider: 'PureCloud Messaging' };
}

/** Splits [start, end) into `parts` contiguous pieces of random length (many short messaging segments). */
function pieces(random: Random, start: number, end: number, parts: number): Array<[number, number]> {
  const cuts = Array.from({ length: parts - 1 }, () => start + Math.floor(random.next() * (end - start))).sort((a, b) => a - b);
  const bounds = [start, ...cuts, end];
  const out: Array<[number, number]> = [];
  for (let i = 0; i + 1 < bounds.length; i++) if (bounds[i + 1]! > bounds[i]!) out.push([bounds[i]!, bounds[i + 1]!]);
  return out.length > 0 ? out : [[start, end]];
}

/** Drops what happens after `cutoff` and opens the segments still running then. */
function cut(participants: AnalyticsParticipant[], cutoff: number): AnalyticsParticipant[] {
  const kept: AnalyticsParticipant[] = [];
  for (const participant of participants) {
    const sessions: AnalyticsSession[] = [];
    for (const session of participant.sessions) {
      const segments: AnalyticsSegment[] = [];
      for (const segment of session.segments) {
        if (Date.parse(segment.segmentStart) >= cutoff) continue;
        if (segment.segmentEnd && Date.parse(segment.segmentEnd) > cutoff) {
          delete segment.segmentEnd;
          delete segment.disconnectType;
          delete segment.wrapUpCode;
        }
        segments.push(segment);
      }
      if (segments.length > 0) sessions.push({ ...session, segments });
    }
    if (sessions.length > 0) kept.push({ ...participant, sessions });
  }
  return kept;
}

/**
 * Builds the analytics conversation detail record of one interaction: the customer (or, for an
 * outbound interaction, the external party), the flow (IVR for calls, an inbound message flow for
 * messaging), the ACD queue legs and the agents, with per-channel segments and durations: calls
 * with ivr / interact / alert / hold / wrapup; emails waiting hours in queue, with the agent's
 * outbound reply as its own session; messaging with many short segments.
 */
export function buildConversation(random: Random, spec: ConversationSpec): AnalyticsConversation {
  const { mediaType, messageType, provider } = mediaOf(spec.channel);
  const session = (direction: 'inbound' | 'outbound', addresses: Addresses, segments: AnalyticsSegment[]): AnalyticsSession => ({
    sessionId: random.uuid(),
    mediaType,
    ...(messageType ? { messageType } : {}),
    direction,
    ...addresses,
    provider,
    segments,
  });
  const participant = (fields: Omit<AnalyticsParticipant, 'participantId'>): AnalyticsParticipant => ({
    participantId: random.uuid(),
    ...fields,
  });
  const live = spec.channel !== 'email';
  const talkScale = spec.active ? 20 : 1;
  const clock: Timeline = { at: spec.start };
  const participants: AnalyticsParticipant[] = [];
  const customerSegments: AnalyticsSegment[] = [];
  const customer = participant({
    ...(spec.customerName ? { participantName: spec.customerName } : {}),
    purpose: spec.direction === 'outbound' ? 'external' : 'customer',
    ...(spec.externalContactId ? { externalContactId: spec.externalContactId } : {}),
    sessions: [session(spec.direction, spec.addresses, customerSegments)],
  });
  participants.push(customer);
  const addresses = spec.addresses;

  if (spec.direction === 'inbound' && spec.channel !== 'email') {
    const flowEnd = clock.at + Math.round(spec.channel === 'voice' ? random.logNormal(45, 0.4) * SECOND : random.int(2, 20) * SECOND);
    participants.push(participant({
      participantName: spec.flowName,
      purpose: spec.channel === 'voice' ? 'ivr' : 'workflow',
      sessions: [session('inbound', addresses, [seg(spec.channel === 'voice' ? 'ivr' : 'interact', clock.at, flowEnd, { disconnectType: 'transfer' })])],
    }));
    clock.at = flowEnd;
  }

  let customerEnd = clock.at;
  if (spec.direction === 'outbound') {
    const agent = spec.agents[0]!;
    const queueId = spec.queues[0]!.id;
    const agentSegments: AnalyticsSegment[] = [];
    if (spec.channel === 'voice') {
      const connected = clock.at + random.int(6, 30) * SECOND;
      const talkEnd = connected + Math.round(Math.min(3600, random.logNormal(240, 0.6)) * SECOND * talkScale);
      agentSegments.push(seg('dialing', clock.at, clock.at + 2 * SECOND, { queueId }), seg('contacting', clock.at + 2 * SECOND, connected, { queueId }),
        seg('interact', connected, talkEnd, { queueId, disconnectType: random.chance(0.5) ? 'client' : 'peer' }));
      customerSegments.push(seg('interact', connected, talkEnd, { disconnectType: 'peer' }));
      clock.at = talkEnd;
    } else {
      const sent = clock.at + Math.round(random.logNormal(300, 0.6) * SECOND * talkScale);
      agentSegments.push(seg('interact', clock.at, sent, { queueId, ...(spec.subject ? { subject: spec.subject } : {}) }));
      customerSegments.push(seg('interact', sent, sent + SECOND, { ...(spec.subject ? { subject: spec.subject } : {}) }));
      clock.at = sent + SECOND;
    }
    customerEnd = clock.at;
    const wrapEnd = clock.at + Math.round(random.logNormal(30, 0.6) * SECOND);
    agentSegments.push(seg('wrapup', clock.at, wrapEnd, { queueId, wrapUpCode: spec.wrapUpCode }));
    participants.push(participant({ participantName: agent.name, purpose: 'agent', userId: agent.id, sessions: [session('outbound', addresses, agentSegments)] }));
    clock.at = wrapEnd;
  } else {
    const subject = spec.subject ? { subject: spec.subject } : {};
    const legs = Math.max(1, spec.agents.length);
    for (let leg = 0; leg < legs; leg++) {
      const queue = spec.queues[leg] ?? spec.queues[0]!;
      const waitSeconds = spec.channel === 'email'
        ? Math.min(30 * 3600, random.logNormal(2.5 * 3600, 0.9))
        : Math.min(spec.channel === 'voice' ? 1200 : 3600, random.logNormal(spec.channel === 'voice' ? 50 : 90, 1));
      const answered = clock.at + Math.round(waitSeconds * SECOND);
      const agent = spec.agents[leg];
      if (!agent) {
        participants.push(participant({ participantName: queue.name, purpose: 'acd', sessions: [session('inbound', addresses, [seg('interact', clock.at, answered, { queueId: queue.id, disconnectType: 'peer', ...subject })])] }));
        clock.at = answered;
        customerEnd = answered;
        break;
      }
      const alertEnd = answered + random.int(2, live ? 15 : 60) * SECOND;
      participants.push(participant({ participantName: queue.name, purpose: 'acd', sessions: [session('inbound', addresses, [seg('interact', clock.at, alertEnd, { queueId: queue.id, disconnectType: 'transfer', ...subject })])] }));
      const handleSeconds = spec.channel === 'voice' ? Math.min(3600, random.logNormal(leg === 0 && legs > 1 ? 150 : 330, 0.6))
        : spec.channel === 'email' ? random.logNormal(360, 0.6) : Math.min(5400, random.logNormal(600, 0.7));
      const handledEnd = alertEnd + Math.round(handleSeconds * SECOND * talkScale);
      const agentSegments: AnalyticsSegment[] = [seg('alert', answered, alertEnd, { queueId: queue.id, ...subject })];
      const last = leg === legs - 1;
      const endReason = last ? (random.chance(0.5) ? 'client' : 'peer') : 'transfer';
      if (spec.channel === 'voice' && spec.hold && leg === 0) {
        const holdStart = alertEnd + Math.floor((handledEnd - alertEnd) * (0.2 + 0.5 * random.next()));
        const holdEnd = Math.min(handledEnd - SECOND, holdStart + Math.round(random.logNormal(60, 0.6) * SECOND));
        agentSegments.push(seg('interact', alertEnd, holdStart, { queueId: queue.id }), seg('hold', holdStart, holdEnd, { queueId: queue.id }),
          seg('interact', holdEnd, handledEnd, { queueId: queue.id, disconnectType: endReason }));
      } else if (live && spec.channel !== 'voice') {
        const parts = pieces(random, alertEnd, handledEnd, random.int(3, 10));
        parts.forEach(([from, to], i) => agentSegments.push(seg('interact', from, to, { queueId: queue.id, ...(i === parts.length - 1 ? { disconnectType: endReason } : {}) })));
      } else {
        agentSegments.push(seg('interact', alertEnd, handledEnd, { queueId: queue.id, disconnectType: endReason, ...subject }));
      }
      const wrapEnd = handledEnd + Math.round(Math.min(600, random.logNormal(40, 0.6)) * SECOND);
      agentSegments.push(seg('wrapup', handledEnd, wrapEnd, { queueId: queue.id, wrapUpCode: spec.wrapUpCode }));
      const sessions = [session('inbound', addresses, agentSegments)];
      if (spec.channel === 'email') {
        const reply: Addresses = { addressFrom: spec.orgEmail, ...(addresses.addressFrom ? { addressTo: addresses.addressFrom } : {}) };
        sessions.push(session('outbound', reply, [seg('interact', handledEnd - SECOND, handledEnd, { queueId: queue.id, ...(spec.subject ? { subject: `Re: ${spec.subject}` } : {}) })]));
      }
      participants.push(participant({ participantName: agent.name, purpose: 'agent', userId: agent.id, sessions }));
      customerEnd = handledEnd;
      clock.at = last ? wrapEnd : handledEnd;
    }
  }

  const start = spec.start;
  if (spec.channel === 'voice' || spec.channel === 'email' || spec.direction === 'outbound') {
    if (customerSegments.length === 0) customerSegments.push(seg('interact', start, customerEnd, { disconnectType: spec.agents.length ? 'peer' : 'client', ...(spec.subject ? { subject: spec.subject } : {}) }));
  } else {
    const parts = pieces(random, start, customerEnd, random.int(2, 8));
    parts.forEach(([from, to], i) => customerSegments.push(seg('interact', from, to, i === parts.length - 1 ? { disconnectType: spec.agents.length ? 'peer' : 'client' } : {})));
  }

  const end = Math.max(clock.at, customerEnd);
  const record: AnalyticsConversation = {
    conversationId: spec.id,
    conversationStart: iso(start),
    ...(spec.active ? {} : { conversationEnd: iso(end) }),
    originatingDirection: spec.direction,
    divisionIds: [spec.divisionId],
    participants: spec.active ? cut(participants, spec.cutoff) : participants,
  };
  return record;
}
