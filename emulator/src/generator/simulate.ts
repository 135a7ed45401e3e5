import type { CountryCode } from 'libphonenumber-js';
import type { AnalyticsConversation, ExternalContact } from '../dataset/types.js';
import { channelIdentity, type ChannelIdentity, type UsedIdentifier } from './channels.js';
import { createContactDirectory, identifier, typeContactFields, type SimContact } from './contacts.js';
import { buildConversation } from './conversations.js';
import { EMAIL_SUBJECTS } from './locales.js';
import type { Agent, OrgSetup, Queue } from './org.js';
import type { GeneratorParams } from './params.js';
import type { IdentifierRegistry, Person } from './people.js';
import type { Random } from './random.js';
import type { PlannedInteraction } from './schedule.js';

/** Everything the simulation produced: the records, and the generation facts behind evidence. */
export interface SimulationResult {
  conversations: AnalyticsConversation[];
  contacts: ExternalContact[];
  truth: Record<string, string>;
  /**
   * conversationId → identifier nodes the customer's channel presented *visibly*: those written in
   * the session (ANI, DNIS, addressFrom, addressTo), and, for web messaging (whose session shows
   * no customer address), those recorded on the contact the conversation ends up linked to.
   */
  conversationNodes: Map<string, string[]>;
  /** contactId → identifier nodes recorded on the contact. */
  contactNodes: Map<string, string[]>;
  /** [conversationId, contactId] pairs an agent associated after verifying who the customer was. */
  associations: Array<[string, string]>;
}

interface SimulationInput {
  random: Random;
  params: GeneratorParams;
  org: OrgSetup;
  registry: IdentifierRegistry;
  planned: readonly PlannedInteraction[];
  referenceMs: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** A node is evidence of one person when exactly one person holds it and it is not a one-off. */
function isPersonal(registry: IdentifierRegistry, node: string): boolean {
  const facts = registry.get(node);
  return !!facts && !facts.anonymous && facts.holders.size === 1;
}

/**
 * Replays every planned interaction in time order through Genesys identity resolution (anchors
 * §1.6) and the agents' habits:
 * - resolution tries the channel's identifiers in order; exactly one contact holding one links
 *   the conversation (an Ephemeral contact becomes Identified), several holding it link nothing,
 *   none creates an Ephemeral contact with the channel's identifiers; identifiers the channel
 *   presented but the linked contact lacked are recorded on it (a web messaging cookie on the
 *   contact found by the form's email);
 * - in a handled interaction, when the conversation is not linked to the customer's own contact,
 *   the agent may associate it with that contact; when the customer has no curated contact, the
 *   agent may record one: promoting the linked auto-created contact, or creating a new Curated
 *   contact (leaving the auto-created one in place, which later makes the identifier ambiguous).
 */
export function simulate(input: SimulationInput): SimulationResult {
  const { random, params, org, registry } = input;
  const directory = createContactDirectory();
  const owned = new Map<string, SimContact[]>();
  const curated = new Set<string>();
  const callerNames = new Map<string, string>();
  let typoCount = 0;
  const typoNode = () => `typo:${++typoCount}`;
  const orgCountry = params.country as CountryCode;
  const result: SimulationResult = {
    conversations: [], contacts: [], truth: {}, conversationNodes: new Map(), contactNodes: new Map(), associations: [],
  };

  const divisionOf = (person: Person) => (person.division === 0 ? org.divisions[0]!.id : org.divisions[1]!.id);
  const own = (person: Person, sim: SimContact) => {
    const list = owned.get(person.key);
    if (list) list.push(sim);
    else owned.set(person.key, [sim]);
  };
  const pickAgent = (person: Person, plan: PlannedInteraction, exclude?: Agent): Agent => {
    if (person.division === 0 && (plan.active || random.chance(0.03))) return org.demoAgent;
    const pool = org.agents[person.division].filter((a) => a !== exclude);
    return random.pick(pool.length > 0 ? pool : org.agents[0]);
  };

  function resolve(identity: ChannelIdentity, person: Person, at: string): SimContact | null {
    let linked: SimContact | null = null;
    for (const used of identity.used) {
      const holders = directory.lookup(used.key);
      if (holders.length > 1) return null;
      if (holders.length === 1) {
        linked = holders[0]!;
        break;
      }
    }
    if (linked) {
      if (linked.contact.type === 'Ephemeral') linked.contact.type = 'Identified';
      for (const used of identity.used) {
        if (directory.lookup(used.key).length > 0) continue;
        (linked.contact.identifiers ??= []).push(identifier(used.type, used.value, at));
        directory.index(linked, used.key);
        linked.nodes.add(used.node);
        linked.contact.modifyDate = at;
      }
      return linked;
    }
    if (identity.used.length === 0) return null;
    const sim: SimContact = {
      contact: {
        id: random.uuid(),
        type: 'Ephemeral',
        division: { id: divisionOf(person) },
        ...identity.ephemeralFields,
        identifiers: identity.used.map((used) => identifier(used.type, used.value, at)),
        createDate: at,
        modifyDate: at,
      },
      owner: identity.used.some((used) => isPersonal(registry, used.node)) ? person.key : null,
      nodes: new Set(identity.used.map((used) => used.node)),
    };
    directory.add(sim, identity.used.map((used) => used.key));
    if (sim.owner) own(person, sim);
    return sim;
  }

  function agentActs(person: Person, identity: ChannelIdentity, linked: SimContact | null, at: string, conversationId: string): SimContact | null {
    const mine = owned.get(person.key) ?? [];
    const best = mine.find((sim) => sim.contact.type === 'Curated') ?? mine[mine.length - 1];
    const linkedIsOwn = !!linked && linked.owner === person.key;
    if (!linkedIsOwn && best && random.chance(params.agentAssociateRate)) {
      result.associations.push([conversationId, best.contact.id]);
      return best;
    }
    if (curated.has(person.key) || !random.chance(params.curatedContactRate)) return linked;
    const typed = typeContactFields({
      random, orgCountry, registry, typoRate: params.typoRate, phoneE164MissingRate: params.phoneE164MissingRate, typoNode,
    }, person, identity.senderAddress);
    curated.add(person.key);
    if (linkedIsOwn && linked && random.chance(params.promoteRate)) {
      Object.assign(linked.contact, typed.fields, { type: 'Curated', modifyDate: at });
      for (const key of typed.keys) directory.index(linked, key);
      for (const node of typed.nodes) linked.nodes.add(node);
      return linked;
    }
    const sim: SimContact = {
      contact: { id: random.uuid(), type: 'Curated', division: { id: divisionOf(person) }, ...typed.fields, createDate: at, modifyDate: at },
      owner: person.key,
      nodes: new Set(typed.nodes),
    };
    directory.add(sim, typed.keys);
    own(person, sim);
    result.associations.push([conversationId, sim.contact.id]);
    return sim;
  }

  const pendingWeb: Array<{ conversationId: string; used: UsedIdentifier[]; contact: SimContact | null }> = [];
  for (const plan of input.planned) {
    const person = plan.person;
    const conversationId = random.uuid();
    const startIso = iso(plan.start);
    const identity = channelIdentity({ random, params, org, registry, typoNode, callerNames }, plan);
    let linked = resolve(identity, person, startIso);

    const live = plan.channel !== 'email';
    const abandoned = !plan.active && plan.direction === 'inbound' && live && random.chance(params.abandonRate);
    const queues = org.queues[person.division];
    const firstQueue: Queue = plan.channel === 'voice'
      ? (identity.addresses.dnis === `tel:${org.salesLine.e164}` || identity.addresses.ani === `tel:${org.salesLine.e164}` ? queues.sales : queues.voice)
      : plan.channel === 'email' ? queues.email : queues.messaging;
    const agents: Agent[] = [];
    const legQueues: Queue[] = [firstQueue];
    if (!abandoned) {
      agents.push(pickAgent(person, plan));
      if (!plan.active && plan.direction === 'inbound' && random.chance(params.transferRate)) {
        agents.push(pickAgent(person, plan, agents[0]));
        legQueues.push(queues.escalation);
      }
      if (!plan.active) linked = agentActs(person, identity, linked, iso(plan.start + 120_000), conversationId);
    }

    const subject = plan.channel === 'email'
      ? random.pick(EMAIL_SUBJECTS).replace('{n}', String(random.int(10_000, 999_999)))
      : undefined;
    result.conversations.push(buildConversation(random, {
      id: conversationId,
      start: plan.start,
      channel: plan.channel,
      direction: plan.direction,
      active: plan.active,
      cutoff: input.referenceMs,
      divisionId: divisionOf(person),
      addresses: identity.addresses,
      ...(identity.customerName ? { customerName: identity.customerName } : {}),
      ...(linked ? { externalContactId: linked.contact.id } : {}),
      agents,
      queues: legQueues,
      hold: plan.channel === 'voice' && random.chance(params.holdRate),
      ...(subject ? { subject } : {}),
      wrapUpCode: random.pick(org.wrapUpCodes),
      flowName: plan.channel === 'voice' ? org.ivrFlowName : org.messageFlowName,
      orgEmail: org.supportEmail,
    }));
    result.truth[conversationId] = person.key;
    if (plan.channel === 'webmessaging') pendingWeb.push({ conversationId, used: identity.used, contact: linked });
    else result.conversationNodes.set(conversationId, identity.used.map((used) => used.node));
  }

  // A web messaging identifier (cookie, pre-chat form email) is only visible through the contact
  // the conversation is linked to, as that contact stands at the end.
  for (const { conversationId, used, contact } of pendingWeb) {
    const recorded = new Set((contact?.contact.identifiers ?? []).map((i) => `${i.type}\u0000${i.value}`));
    result.conversationNodes.set(conversationId, used.filter((u) => recorded.has(`${u.type}\u0000${u.value}`)).map((u) => u.node));
  }

  for (const sim of directory.all) {
    result.contacts.push(sim.contact);
    result.contactNodes.set(sim.contact.id, [...sim.nodes]);
  }
  return result;
}
