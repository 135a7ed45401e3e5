import { createHash } from 'node:crypto';
import type { Request } from 'express';
import type { AnalyticsConversation, EntityRef, ExternalContact } from '../dataset/index.js';
import { contactSelfUri } from '../state/index.js';
import type { ApiDeps } from './deps.js';

/** The analytics record at `index` as served at `now`: times rebased, contact links as analytics sees them. */
export function renderAnalyticsConversation(deps: ApiDeps, index: number, now: number): AnalyticsConversation {
  const record = deps.conversations.at(index);
  const { serve } = deps.time;
  const rendered: AnalyticsConversation = {
    ...record,
    conversationStart: serve(record.conversationStart),
    participants: record.participants.map((participant) => {
      const { externalContactId: _stored, ...rest } = participant;
      const contactId = deps.conversations.contactOf(index, participant, 'analytics', now);
      return {
        ...rest,
        ...(contactId === undefined ? {} : { externalContactId: contactId }),
        sessions: participant.sessions.map((session) => ({
          ...session,
          segments: session.segments.map((segment) => ({
            ...segment,
            segmentStart: serve(segment.segmentStart),
            ...(segment.segmentEnd === undefined ? {} : { segmentEnd: serve(segment.segmentEnd) }),
          })),
        })),
      };
    }),
  };
  if (record.conversationEnd !== undefined) rendered.conversationEnd = serve(record.conversationEnd);
  return rendered;
}

/** `expand` query values, comma-joined or repeated (reference §3.2 [PROBE]: the SDK comma-joins). */
export function parseExpand(query: Request['query']): Set<string> {
  const raw = query.expand;
  const values = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return new Set(values.flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter(Boolean));
}

function withSelfUri(ref: EntityRef): EntityRef {
  return { ...ref, selfUri: ref.selfUri ?? contactSelfUri(ref.id) };
}

/**
 * A contact as served: dates rebased, merge references with `selfUri`, `identifiers` only with
 * `expand=identifiers`, the division's name only with `expand=division` (reference §3.2).
 */
export function renderContact(deps: ApiDeps, contact: ExternalContact, expand: ReadonlySet<string>): ExternalContact & { selfUri: string } {
  const { serve } = deps.time;
  const { identifiers, ...rest } = contact;
  const divisionName = deps.org.division(contact.division.id)?.name;
  const rendered: ExternalContact & { selfUri: string } = {
    ...rest,
    division: {
      id: contact.division.id,
      ...(expand.has('division') && divisionName !== undefined ? { name: divisionName } : {}),
      selfUri: `/api/v2/authorization/divisions/${contact.division.id}`,
    },
    createDate: serve(contact.createDate),
    modifyDate: serve(contact.modifyDate),
    selfUri: contactSelfUri(contact.id),
  };
  if (expand.has('identifiers')) {
    rendered.identifiers = (identifiers ?? []).map((identifier) =>
      identifier.dateCreated === undefined ? identifier : { ...identifier, dateCreated: serve(identifier.dateCreated) },
    );
  }
  if (contact.canonicalContact) rendered.canonicalContact = withSelfUri(contact.canonicalContact);
  if (contact.mergedTo) rendered.mergedTo = withSelfUri(contact.mergedTo);
  if (contact.mergeSet) rendered.mergeSet = contact.mergeSet.map(withSelfUri);
  if (contact.mergedFrom) rendered.mergedFrom = contact.mergedFrom.map(withSelfUri);
  return rendered;
}

/**
 * The media `id` (communicationId) of an analytics session. With `sessionIdIsCommunicationId`
 * (reference §3.6, UNCONFIRMED) it is the session id; otherwise a stable id derived from it, so
 * callers must read `GET /conversations/{id}` to learn it.
 */
export function communicationIdFor(sessionId: string, sessionIdIsCommunicationId: boolean): string {
  if (sessionIdIsCommunicationId) return sessionId;
  const hex = createHash('sha1').update(`communication:${sessionId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
