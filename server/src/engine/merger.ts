import {
  contactDisplayName, createNormalizer, extractConversationIdentifiers, maskIdentifier, type Candidate, type IdentifierType, type MergePlan,
} from '../merge/index.js';
import { DEFAULT_CONFIRM_OPTIONS } from './confirm.js';
import { discoverCandidates, searchCandidates, type DiscoveryDeps } from './discovery.js';
import { planInvalid } from './errors.js';
import { beginExecution, createRecordCache, runStep, type ExecutionDeps } from './execution.js';
import { emptyContactReads, readContacts } from './reads.js';
import { normaliseSelection, planFromReads, readLineKinds, readSelection } from './selection.js';
import type { ConversationContext, EngineDeps, EngineOptions, InteractionMerger, Selection } from './types.js';
import { DEFAULT_DISCOVERY_OPTIONS, loadConversation } from './workspace.js';

/** The defaults of every engine tunable. */
export const DEFAULT_ENGINE_OPTIONS: Readonly<EngineOptions> = Object.freeze({
  discovery: DEFAULT_DISCOVERY_OPTIONS,
  confirm: DEFAULT_CONFIRM_OPTIONS,
  maxConflictRetries: 3,
  associateConcurrency: 8,
});

/** Remembers conversation ids seen in results (bounded), so a later 404 reads as `purged`. */
function createSeenSet(max = 10_000) {
  const ids = new Set<string>();
  return {
    add(list: Iterable<string>) {
      for (const id of list) {
        ids.delete(id);
        ids.add(id);
        if (ids.size > max) ids.delete(ids.values().next().value!);
      }
    },
    has: (id: string) => ids.has(id),
  };
}

/**
 * The merge engine for one tenant over its Genesys client: discovery and scoring of related
 * interactions, search, preview with its plan hash, and the merge as resumable steps (see
 * `InteractionMerger` and `ExecutionState`). All I/O goes through `deps.genesys`; the decisions are
 * the pure functions of `server/src/merge`. Holds no module-level state: each merger keeps only a
 * bounded memory of conversation ids it has seen and the records confirmed by its executions.
 *
 * API budget of a merge of N conversations over k contacts (steps only; the preview is not part
 * of it): validate 1 batch GET + k contact GETs; merge_contacts 1 POST; associate N PUTs; confirm
 * 1 contact GET + 1 batch GET (more only while Genesys lags); reconcile and record none: N + k + 4.
 * When the session id is not the communication id, validate also reads each conversation: 2N + k + 4.
 */
export function createInteractionMerger(deps: EngineDeps): InteractionMerger {
  const options: EngineOptions = {
    discovery: { ...DEFAULT_ENGINE_OPTIONS.discovery, ...deps.options?.discovery },
    confirm: { ...DEFAULT_ENGINE_OPTIONS.confirm, ...deps.options?.confirm },
    maxConflictRetries: deps.options?.maxConflictRetries ?? DEFAULT_ENGINE_OPTIONS.maxConflictRetries,
    associateConcurrency: deps.options?.associateConcurrency ?? DEFAULT_ENGINE_OPTIONS.associateConcurrency,
  };
  const sessionIdIsCommunicationId = deps.sessionIdIsCommunicationId ?? true;
  const seen = createSeenSet();
  const lineTypes = deps.settings.lineTypeLookup ? deps.lineTypes : undefined;
  const discoveryDeps: DiscoveryDeps = {
    genesys: deps.genesys, settings: deps.settings, clock: deps.clock, options: options.discovery,
    ...(deps.mergedMarkers ? { mergedMarkers: deps.mergedMarkers } : {}),
    ...(lineTypes ? { lineTypes } : {}),
  };
  const executionDeps: ExecutionDeps = {
    genesys: deps.genesys, settings: deps.settings, clock: deps.clock, options, sessionIdIsCommunicationId,
    records: createRecordCache(), seen: (id) => seen.has(id),
    ...(lineTypes ? { lineTypes } : {}),
    ...(deps.logger ? { logger: deps.logger } : {}),
    ...(deps.mergedMarkers ? { mergedMarkers: deps.mergedMarkers } : {}),
  };
  const remember = (candidates: Candidate[]) => {
    seen.add(candidates.map((c) => c.conversationId));
    return candidates;
  };

  const merger: InteractionMerger = {
    async context(conversationId): Promise<ConversationContext> {
      const api = deps.genesys.scope();
      const [org, conversation] = await Promise.all([deps.genesys.orgSettings(), loadConversation(api, conversationId)]);
      const normalizer = createNormalizer({ defaultCountry: org.defaultCountryCode, emailRules: deps.settings.emailRules });
      const identifiers = extractConversationIdentifiers(conversation, new Map(), normalizer, { contactFields: false });
      const linked = identifiers.linkedContactIds[0] ?? null;
      const reads = emptyContactReads();
      const [, markers] = await Promise.all([
        linked ? readContacts(api, [linked], reads) : Promise.resolve([]),
        deps.mergedMarkers ? deps.mergedMarkers([conversationId]) : Promise.resolve(new Map()),
      ]);
      const contact = linked ? reads.byId.get(linked) : undefined;
      const session = identifiers.primarySession;
      const address = session?.address;
      return {
        conversation: {
          conversationId,
          mediaType: session?.mediaType ?? '',
          messageType: session?.messageType ?? null,
          channel: session?.channel ?? 'messaging',
          startTime: conversation.conversationStart ?? '',
          endTime: conversation.conversationEnd ?? null,
          maskedAddress: address ? maskIdentifier(address.type as IdentifierType, address.value) : null,
        },
        customer: {
          contactId: contact?.id ?? (linked && !reads.missing.has(linked) ? linked : null),
          displayName: contact ? contactDisplayName(contact) : null,
          contactType: contact?.type ?? null,
        },
        alreadyMerged: markers.get(conversationId) ?? null,
      };
    },

    async candidates(conversationId) {
      return remember(await discoverCandidates(discoveryDeps, conversationId));
    },

    async search(conversationId, query) {
      return remember(await searchCandidates(discoveryDeps, conversationId, query));
    },

    async preview(selection: Selection): Promise<MergePlan> {
      const { conversationIds, anchorConversationId } = normaliseSelection(selection);
      const api = deps.genesys.scope();
      const [org, reads, markers] = await Promise.all([
        deps.genesys.orgSettings(),
        readSelection(api, conversationIds, { communicationIds: !sessionIdIsCommunicationId, seen: (id) => seen.has(id) }),
        deps.mergedMarkers ? deps.mergedMarkers(conversationIds) : Promise.resolve(new Map()),
      ]);
      return planFromReads(reads, {
        lineKinds: await readLineKinds(lineTypes, reads, org, deps.settings),
        anchorConversationId, conversationIds, settings: deps.settings, org, alreadyMerged: markers,
        now: deps.clock.now(), sessionIdIsCommunicationId,
      });
    },

    beginExecution: (plan) => beginExecution(executionDeps, plan),

    runStep: (state, signal, stepOptions) => runStep(executionDeps, state, signal, stepOptions),

    async merge(selection) {
      const plan = await merger.preview(selection);
      if (!plan.valid) throw planInvalid(plan.problems);
      let state = merger.beginExecution(plan);
      for (;;) {
        const outcome = await merger.runStep(state);
        state = outcome.state;
        if (outcome.done) return state.result!;
      }
    },

    mergeInteractions: (conversationIds) => merger.merge({ conversationIds }),
  };
  return merger;
}
