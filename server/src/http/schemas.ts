/**
 * The zod schemas of the HTTP API: every input is parsed with them, and the OpenAPI document at
 * `/api/docs` is generated from the same objects (`openapi.ts`). Response schemas mirror the wire
 * types of `contract.ts`; the type assertions at the end keep them in step.
 */
import { z } from 'zod';
import type {
  AuthConfigResponse, CandidatesResponse, ContextResponse, ErrorBody, Job, JobProgressEvent, MergePlan,
} from './contract.js';

/** A Genesys id (conversation, contact, user): UUID-like, letters, digits and dashes. */
export const genesysId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/, 'must be a Genesys id (letters, digits and dashes)');

const isoInstant = z.string().meta({ format: 'date-time' });

/** The most conversations one merge may name (Genesys: a merge set holds at most 52 contacts). */
export const MAX_MERGE_CONVERSATIONS = 52;

const conversationIds = (min: number) =>
  z
    .array(genesysId)
    .min(min, `must name at least ${min} conversation${min > 1 ? 's' : ''}`)
    .max(MAX_MERGE_CONVERSATIONS, `must name at most ${MAX_MERGE_CONVERSATIONS} conversations`)
    .refine((ids) => new Set(ids).size === ids.length, 'must not repeat a conversation');

// ---- inputs -------------------------------------------------------------------------------

/** `?conversationId=` of context and candidates. */
export const conversationQuery = z.object({ conversationId: genesysId }).strict().meta({ id: 'ConversationQuery' });

/** `?conversationId=&q=` of the candidate search. */
export const searchQuery = z
  .object({
    conversationId: genesysId,
    q: z.string().trim().min(2, 'must be at least 2 characters').max(200, 'must be at most 200 characters'),
  })
  .strict()
  .meta({ id: 'SearchQuery' });

/** `POST /api/v1/merges/preview` body. */
export const previewRequest = z
  .object({ conversationIds: conversationIds(1) })
  .strict()
  .meta({ id: 'PreviewRequest', description: 'The conversations to merge, the current one included (first).' });

/** `POST /api/v1/merges` body: the previewed ids and the preview's `planHash`. */
export const mergeRequest = z
  .object({
    conversationIds: conversationIds(2),
    planHash: z.string().regex(/^[A-Za-z0-9:_-]{8,128}$/, 'must be the planHash of a preview'),
  })
  .strict()
  .meta({ id: 'MergeRequest' });

/** `Idempotency-Key`: 1–255 visible ASCII characters (a UUID is a good choice). */
export const idempotencyKey = z
  .string({ error: 'is required' })
  .regex(/^[\x21-\x7e]{1,255}$/, 'must be 1 to 255 visible ASCII characters');

/** `{id}` of the job routes. */
export const jobParams = z.object({ id: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'must be a job id') }).strict();

/** `GET /api/v1/admin/audit` query (newest first). */
export const auditQuery = z
  .object({
    action: z.string().regex(/^[a-z][a-z0-9_.]{0,80}$/, 'must be an action code like merge.requested').optional(),
    from: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 instant' }).optional(),
    to: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 instant' }).optional(),
    beforeSeq: z.coerce.number().int().positive().optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict()
  .meta({ id: 'AuditQuery' });

/** `GET /api/v1/admin/webhooks/deliveries` query (newest first). */
export const deliveriesQuery = z
  .object({
    status: z.enum(['pending', 'delivered', 'dead', 'disabled']).optional(),
    before: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 instant' }).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
  })
  .strict()
  .meta({ id: 'DeliveriesQuery' });

/** `{eventId}` of a webhook event (the Standard Webhooks `webhook-id`). */
export const eventParams = z.object({ eventId: z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'must be an event id') }).strict();

/** `POST /api/v1/admin/webhooks/replay` body. */
export const replayRequest = z
  .object({
    eventIds: z
      .array(z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'must be an event id'))
      .min(1)
      .max(500)
      .optional()
      .describe('Only these events; omitted: every dead or disabled event of the tenant.'),
  })
  .strict()
  .meta({ id: 'ReplayRequest' });

// ---- outputs ------------------------------------------------------------------------------

/** `Channel` of `merge/types.ts`. */
export const channel = z.enum(['voice', 'chat', 'webmessaging', 'email', 'sms', 'whatsapp', 'messaging']).meta({ id: 'Channel' });

/** Every error answer: `{error: {code, message, details, correlationId}}`. */
export const errorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.unknown().optional(),
      correlationId: z.string().optional(),
    }),
  })
  .meta({ id: 'Error' });

/** `AuthConfigResponse`. */
export const authConfigResponse = z
  .object({ loginBaseUrl: z.string().nullable(), apiBaseUrl: z.string().nullable() })
  .meta({ id: 'AuthConfig' });

/** `AlreadyMerged`: when, by whom, into which contact, by which job. */
export const alreadyMerged = z
  .object({ mergedAt: isoInstant, mergedBy: z.string(), contactId: z.string(), jobId: z.string() })
  .meta({ id: 'AlreadyMerged' });

const identifierType = z.enum(['phone', 'email', 'messagingId', 'externalContactId', 'name']);

/** `Reason`: why a candidate scored as it did (a code the widget localises). */
export const reason = z
  .object({
    code: z.enum([
      'same_contact', 'phone_match', 'email_match', 'email_variant_match', 'messaging_id_match',
      'contact_identifier_match', 'shared_identifier', 'name_match', 'time_proximity', 'conflicting_identifier',
    ]),
    identifierType: identifierType.nullable(),
    masked: z.string().nullable(),
    weight: z.number(),
  })
  .meta({ id: 'Reason' });

/** `Candidate`. */
export const candidate = z
  .object({
    conversationId: z.string(),
    mediaType: z.string(),
    messageType: z.string().nullable(),
    channel,
    startTime: isoInstant,
    endTime: isoInstant.nullable(),
    maskedAddress: z.string().nullable(),
    score: z.number().min(0).max(1),
    selected: z.boolean(),
    alreadyMerged: alreadyMerged.nullable(),
    reasons: z.array(reason),
  })
  .meta({ id: 'Candidate' });

/** `CandidatesResponse`. */
export const candidatesResponse = z.object({ candidates: z.array(candidate) }).meta({ id: 'Candidates' });

/** `ContextResponse`. */
export const contextResponse = z
  .object({
    conversation: z.object({
      conversationId: z.string(),
      mediaType: z.string(),
      messageType: z.string().nullable(),
      channel,
      startTime: isoInstant,
      endTime: isoInstant.nullable(),
      maskedAddress: z.string().nullable(),
    }),
    customer: z.object({ contactId: z.string().nullable(), displayName: z.string().nullable(), contactType: z.string().nullable() }),
    alreadyMerged: alreadyMerged.nullable(),
    permissions: z.object({ canMerge: z.boolean(), missing: z.array(z.string()) }),
  })
  .meta({ id: 'Context' });

const timelineEvent = z.object({
  conversationId: z.string(),
  channel,
  mediaType: z.string(),
  messageType: z.string().nullable(),
  segmentType: z.string(),
  participant: z.enum(['customer', 'agent', 'system']),
  start: isoInstant,
  end: isoInstant,
});

/** `Timeline`: the reconciled session. */
export const timeline = z
  .object({
    sessionStart: isoInstant,
    sessionEnd: isoInstant,
    channelSequence: z.array(channel),
    authoritativeConversationId: z.string(),
    priorityScore: z.number(),
    events: z.array(timelineEvent),
    deduplicatedCount: z.number().int(),
  })
  .meta({ id: 'Timeline' });

const contactType = z.enum(['Ephemeral', 'Identified', 'Curated']);
const sourcedValue = z.object({ value: z.unknown(), sourceContactId: z.string() });

/** `MergePlan` (`PreviewResponse`). */
export const mergePlan = z
  .object({
    conversationIds: z.array(z.string()),
    anchorConversationId: z.string(),
    contacts: z.array(
      z.object({
        id: z.string(),
        type: contactType,
        displayName: z.string().nullable(),
        modifyDate: isoInstant,
        divisionId: z.string(),
        mergeSetSize: z.number().int(),
        mergeSetIds: z.array(z.string()).optional(),
      }),
    ),
    mergeRequired: z.boolean(),
    valueOverride: z.record(z.string(), z.unknown()),
    fieldDecisions: z.array(
      z.object({
        field: z.string(),
        chosen: sourcedValue,
        losing: z.array(sourcedValue),
        rule: z.enum(['recency', 'channel_priority', 'source', 'only_value', 'relocated']),
        relocatedFrom: z.string().optional(),
      }),
    ),
    associations: z.array(
      z.object({
        conversationId: z.string(),
        communicationId: z.string(),
        mediaType: z.enum([
          'CALL', 'CALLBACK', 'CHAT', 'COBROWSE', 'EMAIL', 'MESSAGE', 'INTERNAL_MESSAGE',
          'SCREEN_MONITORING', 'SOCIAL_EXPRESSION', 'VIDEO', 'SCREENSHARE',
        ]),
        currentContactId: z.string().nullable(),
      }),
    ),
    timeline: timeline.nullable(),
    problems: z.array(
      z.object({
        code: z.enum([
          'retention_expired', 'purged', 'not_found', 'continuity_conflict', 'no_common_evidence',
          'too_few_contacts', 'too_many_contacts', 'merge_set_too_large', 'division_not_allowed',
          'conversation_active', 'already_merged', 'no_customer',
        ]),
        severity: z.enum(['error', 'warning']),
        conversationId: z.string().nullable(),
        params: z.record(z.string(), z.union([z.string(), z.number()])),
      }),
    ),
    valid: z.boolean(),
    apiCalls: z.array(
      z.object({ method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']), path: z.string(), purpose: z.string() }),
    ),
    planHash: z.string(),
  })
  .meta({ id: 'MergePlan' });

/** `MergeResult`. */
export const mergeResult = z
  .object({
    contactId: z.string(),
    mergedFromContactIds: z.array(z.string()),
    conversationIds: z.array(z.string()),
    channelSequence: z.array(channel),
    timeline,
    metrics: z.object({ mergeLatencyMs: z.number(), apiCalls: z.number(), priorityScore: z.number(), retries: z.number() }),
  })
  .meta({ id: 'MergeResult' });

const mergeStep = z.enum(['validate', 'merge_contacts', 'associate', 'confirm', 'reconcile', 'record']);
const jobStatus = z.enum(['queued', 'running', 'succeeded', 'failed']);

/** `Job`. */
export const job = z
  .object({
    id: z.string(),
    status: jobStatus,
    step: mergeStep.nullable(),
    conversationIds: z.array(z.string()),
    createdAt: isoInstant,
    updatedAt: isoInstant,
    result: mergeResult.nullable(),
    error: errorBody.shape.error.nullable(),
  })
  .meta({ id: 'Job' });

/** `JobProgressEvent` (server-sent `progress`). */
export const jobProgressEvent = z
  .object({
    jobId: z.string(),
    status: jobStatus,
    step: mergeStep.nullable(),
    completedSteps: z.number().int(),
    totalSteps: z.number().int(),
  })
  .meta({ id: 'JobProgressEvent' });

// The schemas describe exactly the wire types (a mismatch fails the type check here).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const agree = <T extends true>(value: T) => value;
agree<Same<z.output<typeof authConfigResponse>, AuthConfigResponse>>(true);
agree<Same<z.output<typeof candidatesResponse>, CandidatesResponse>>(true);
agree<Same<z.output<typeof contextResponse>, ContextResponse>>(true);
agree<Same<z.output<typeof jobProgressEvent>, JobProgressEvent>>(true);
agree<Same<z.output<typeof job>['status'], Job['status']>>(true);
agree<Same<z.output<typeof mergePlan>['problems'], MergePlan['problems']>>(true);
agree<Same<z.output<typeof errorBody>['error']['code'], ErrorBody['error']['code']>>(true);
