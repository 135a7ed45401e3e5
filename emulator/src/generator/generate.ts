import type { Dataset, LineType } from '../dataset/types.js';
import { computeEvidence } from './evidence.js';
import { localeOf } from './locales.js';
import { buildOrg } from './org.js';
import { validateGeneratorParams, type GeneratorParams } from './params.js';
import { drawPeople, type IdentifierRegistry } from './people.js';
import type { DrawnPhones } from './phones.js';
import { createRandom } from './random.js';
import { planInteractions } from './schedule.js';
import { simulate } from './simulate.js';

/** The default reference date: a Wednesday; the time is 15:30 in the org's country. */
const REFERENCE_DATE = Date.UTC(2026, 10, 25, 15, 30);

/** The reference instant for `params`: `referenceTime` if given, else 15:30 local on 2026-11-25. */
export function referenceInstant(params: GeneratorParams): number {
  if (params.referenceTime) return Date.parse(params.referenceTime);
  return REFERENCE_DATE - localeOf(params.country).utcOffsetHours * 3_600_000;
}

/**
 * Generates a realistic org (DESIGN.md "Emulator"; issue 3): the demo org's identities, roles and
 * OAuth clients; agents and queues; `customers` people with 90 days (`historyDays`) of voice,
 * email, web messaging, SMS and WhatsApp interactions before `referenceTime`, replayed through
 * Genesys identity resolution and agents' habits (simulate.ts); purged conversations; `truth`
 * (conversation → customer key), `evidence` (evidence.ts) and `lineTypes` (every number drawn, as
 * a mobile or a landline: people's mobiles and second phones, household landlines, switchboards
 * and the org's own lines).
 *
 * Pure and deterministic: the same parameters give an equal dataset (and, through
 * `serializeDataset`, the same bytes). Throws `GeneratorParamsError` for invalid parameters.
 */
export function generateDataset(params: GeneratorParams): Dataset {
  const valid = validateGeneratorParams(params);
  const root = createRandom(valid.seed);
  const referenceMs = referenceInstant(valid);
  const usedPhones: DrawnPhones = new Map();
  const registry: IdentifierRegistry = new Map();

  const org = buildOrg(root.fork('org'), valid, usedPhones);
  const people = drawPeople(root.fork('people'), valid, registry, usedPhones);
  const planned = planInteractions(root.fork('schedule'), valid, people, referenceMs, localeOf(valid.country).utcOffsetHours);
  const simulation = simulate({ random: root.fork('simulation'), params: valid, org, registry, planned, referenceMs });

  const purgeRandom = root.fork('purge');
  const purged = simulation.conversations
    .filter((conversation) => conversation.conversationEnd !== undefined && purgeRandom.chance(valid.purgedRate))
    .map((conversation) => conversation.conversationId);

  const evidence = computeEvidence({
    conversationIds: simulation.conversations.map((c) => c.conversationId),
    conversationNodes: simulation.conversationNodes,
    contactNodes: simulation.contactNodes,
    associations: simulation.associations,
    registry,
  });

  return {
    referenceTime: new Date(referenceMs).toISOString(),
    org: org.org,
    divisions: org.divisions,
    roles: org.roles,
    users: org.users,
    oauthClients: org.oauthClients,
    externalContacts: simulation.contacts,
    conversations: simulation.conversations,
    purged,
    truth: simulation.truth,
    evidence,
    lineTypes: lineTypesOf(usedPhones),
  };
}

/** Every number drawn, by its kind, in E.164 order (as the serialised file lists them). */
function lineTypesOf(usedPhones: DrawnPhones): Record<string, LineType> {
  return Object.fromEntries([...usedPhones].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
