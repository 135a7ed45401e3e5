/**
 * Accuracy of the engine's auto-selection: the real `candidates()` path (HTTP, official SDK,
 * emulator) on four generated orgs (the fourth never tuned on), per channel pair, pairwise and B-cubed, beside the
 * exact-identifier baseline on the same anchors, with the misses and false positives broken down
 * by reason code.
 */
import { createManualClock } from '../../server/src/clock/index.js';
import { startEmulator, DEMO_IDS, type Dataset } from '../../emulator/src/index.js';
import { generateDataset, resolveGeneratorParams, type GeneratorParams } from '../../emulator/src/generator/index.js';
import { createGenesysClient } from '../../server/src/genesys/index.js';
import { createTwilioLineTypeLookup } from '../../server/src/lookup/index.js';
import { createInteractionMerger, type Candidate } from '../../server/src/engine/index.js';
import { DEFAULT_TENANT_SETTINGS } from '../../server/src/tenants/index.js';
import type { BenchOutput, BenchSection, BenchTable } from '../lib/types.js';
import {
  createEligibility, createExactIdentifierBaseline, measure, sampleAnchors, selectAll, type AccuracyReport, type Eligibility,
} from '../yardstick/index.js';

/** The tenant's look-back (the default settings' 30 days): the universe is ±30 days around each anchor. */
const LOOK_BACK_DAYS = DEFAULT_TENANT_SETTINGS.lookBackDays;
/** Requests per minute the emulator and the client allow here (the platform default is 300 per token). */
const RAISED_RATE_LIMIT = 1_000_000;
const PRECISION_BUDGET = 0.995;
const RECALL_BUDGET = 0.97;
/** Anchors whose candidates are requested at once. */
const ANCHOR_CONCURRENCY = 4;

export interface Variant {
  name: string;
  params: Partial<GeneratorParams>;
}

/**
 * The three orgs (the same as the baseline's section: default, more ambiguity, another country),
 * then a fourth the matcher was never tuned on (set once, before its first run): another seed and
 * country, and more of every kind of noise.
 */
export const VARIANTS: Variant[] = [
  { name: 'default (seed 1, US)', params: {} },
  {
    name: 'seed 2, US, high ambiguity',
    params: { seed: 2, householdRate: 0.2, switchboardRate: 0.12, sharedLineUseRate: 0.5, sameNameRate: 0.1, typoRate: 0.08 },
  },
  { name: 'seed 3, GB, low ambiguity', params: { seed: 3, country: 'GB', householdRate: 0.04, switchboardRate: 0.02, typoRate: 0.01 } },
  {
    name: 'unseen: seed 4, AU, noisy',
    params: {
      seed: 'unseen-4', country: 'AU', householdRate: 0.12, switchboardRate: 0.08, sharedLineUseRate: 0.45, sameNameRate: 0.06,
      typoRate: 0.05, plusTagRate: 0.15, phoneE164MissingRate: 0.35, emailCaseVariantRate: 0.25, secondEmailRate: 0.3,
    },
  },
];

export interface EngineRun {
  /** Anchor → the candidates the engine returned (selected or not). */
  candidates: Map<string, Candidate[]>;
  selections: Map<string, string[]>;
  /** Genesys calls made, and per anchor. */
  apiCalls: number;
  /** Requests to the carrier line-type lookup (cached answers not counted). */
  lineLookups: number;
  /** Numbers the engine asked the lookup about (cached answers counted). */
  lineNumbersAsked: number;
  wallMs: number;
}

/**
 * Runs `candidates()` for every anchor against an emulator holding the dataset (clock at its
 * reference time), with the emulator's stand-in for the carrier line-type lookup unless
 * `lineTypes` is false.
 */
export async function runEngine(
  dataset: Dataset,
  anchors: readonly string[],
  progress: (message: string) => void = () => {},
  options: { lineTypes?: boolean } = {},
): Promise<EngineRun> {
  const clock = createManualClock(Date.parse(dataset.referenceTime ?? new Date().toISOString()));
  const running = await startEmulator({ dataset, clock, limits: { rateLimitPerWindow: RAISED_RATE_LIMIT } });
  try {
    // Generated orgs carry the demo backend client (DEMO_IDS), as the demo dataset does.
    const credentials = { clientId: DEMO_IDS.clients.backend.id, clientSecret: DEMO_IDS.clients.backend.secret };
    const genesys = createGenesysClient({
      target: { baseUrl: running.url }, credentials, clock, random: () => 0,
      rateLimit: { perWindow: RAISED_RATE_LIMIT, windowMs: 60_000 }, concurrency: 16,
    });
    let lineLookups = 0;
    const countingFetch: typeof fetch = (input, init) => {
      lineLookups++;
      return fetch(input, init);
    };
    const lookup = createTwilioLineTypeLookup({ baseUrl: `${running.url}/twilio-lookups`, ...DEMO_IDS.lineTypeLookup, clock, fetch: countingFetch });
    let lineNumbersAsked = 0;
    const lineTypes = options.lineTypes === false ? null : {
      lineKinds(numbers: readonly string[]) {
        lineNumbersAsked += numbers.length;
        return lookup.lineKinds(numbers);
      },
    };
    const merger = createInteractionMerger({ genesys, settings: DEFAULT_TENANT_SETTINGS, clock, ...(lineTypes ? { lineTypes } : {}) });
    const candidates = new Map<string, Candidate[]>();
    const started = performance.now();
    let next = 0;
    const worker = async () => {
      while (next < anchors.length) {
        const anchor = anchors[next++]!;
        candidates.set(anchor, await merger.candidates(anchor));
        if (candidates.size % 100 === 0) progress(`${candidates.size}/${anchors.length} anchors`);
      }
    };
    await Promise.all(Array.from({ length: ANCHOR_CONCURRENCY }, worker));
    const selections = new Map(anchors.map((a) => [a, candidates.get(a)!.filter((c) => c.selected).map((c) => c.conversationId)]));
    return { candidates, selections, apiCalls: genesys.counter.total(), lineLookups, lineNumbersAsked, wallMs: performance.now() - started };
  } finally {
    await running.close();
  }
}

const PHONE_FIELDS = ['cellPhone', 'homePhone', 'workPhone', 'otherPhone'] as const;
const PLUS_TAGGED = /^[^@\s]+\+[^@\s]*@/;

/**
 * The likely cause of a true match discovery never found, from the generation facts: the match's
 * only address is a plus-tagged email (the details query matches addresses exactly, so the tag
 * cannot be guessed), or the evidence chain runs through a phone an agent typed on a contact
 * without E.164 (identifier lookups match E.164 only), or something else.
 */
function notFoundCause(groupMembers: readonly string[], other: string, byId: Map<string, Dataset['conversations'][number]>, contacts: Map<string, Dataset['externalContacts'][number]>): string {
  const customer = (id: string) => byId.get(id)!.participants.filter((p) => p.purpose === 'customer' || p.purpose === 'external');
  const linkedContacts = (id: string) => customer(id).map((p) => p.externalContactId).filter((c): c is string => !!c).map((c) => contacts.get(c)).filter((c) => !!c);
  const addresses = customer(other).flatMap((p) => p.sessions.flatMap((s) => [s.addressFrom, s.addressTo]));
  const contactEmails = linkedContacts(other).flatMap((c) => [c!.personalEmail, c!.workEmail, c!.otherEmail, ...(c!.identifiers ?? []).filter((i) => i.type === 'Email').map((i) => i.value)]);
  if ([...addresses, ...contactEmails].some((a) => a && PLUS_TAGGED.test(a))) return 'not found: plus-tagged address';
  const noE164 = groupMembers.some((id) => linkedContacts(id).some((c) => PHONE_FIELDS.some((f) => c![f] && !c![f]!.e164)));
  return noE164 ? 'not found: a contact phone without E.164 on the way' : 'not found: other';
}

/** Why each false positive was selected and each true match missed, as reason-code signatures. */
export function errorBreakdown(dataset: Dataset, run: EngineRun, eligible: Eligibility): { falsePositives: Map<string, number>; misses: Map<string, number> } {
  const truth = dataset.truth;
  const evidence = dataset.evidence ?? null;
  const groupOf = (id: string) => (evidence ? (evidence[id] === null || evidence[id] === undefined ? null : `${truth[id]}|${evidence[id]}`) : truth[id] ?? null);
  const byGroup = new Map<string, string[]>();
  for (const c of dataset.conversations) {
    const group = groupOf(c.conversationId);
    if (group) byGroup.set(group, [...(byGroup.get(group) ?? []), c.conversationId]);
  }
  const falsePositives = new Map<string, number>();
  const misses = new Map<string, number>();
  const conversations = new Map(dataset.conversations.map((c) => [c.conversationId, c]));
  const contacts = new Map(dataset.externalContacts.map((c) => [c.id, c]));
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  const signature = (c: Candidate) => c.reasons.map((r) => r.code).filter((code) => code !== 'time_proximity').sort().join('+') || 'none';
  for (const [anchor, candidates] of run.candidates) {
    const byId = new Map(candidates.map((c) => [c.conversationId, c]));
    for (const c of candidates) {
      if (c.selected && eligible(anchor, c.conversationId) && truth[c.conversationId] !== truth[anchor]) bump(falsePositives, signature(c));
    }
    const group = groupOf(anchor);
    if (!group) continue;
    for (const other of byGroup.get(group) ?? []) {
      if (other === anchor || !eligible(anchor, other)) continue;
      const found = byId.get(other);
      if (!found) bump(misses, notFoundCause(byGroup.get(group)!, other, conversations, contacts));
      else if (!found.selected) bump(misses, `not selected: ${signature(found)}${found.alreadyMerged ? ' (already merged)' : ''}`);
    }
  }
  return { falsePositives, misses };
}

const f3 = (value: number | null) => (value === null ? '–' : value.toFixed(3));

function budgetsOf(name: string, report: AccuracyReport): NonNullable<BenchOutput['budgets']> {
  const out: NonNullable<BenchOutput['budgets']> = [];
  for (const [pair, { pairwise }] of Object.entries(report.byChannelPair)) {
    if (pairwise.precision !== null) {
      out.push({ name: `${name}: precision ${pair}`, measured: f3(pairwise.precision), budget: `≥ ${PRECISION_BUDGET}`, ok: pairwise.precision >= PRECISION_BUDGET });
    }
    if (pairwise.recall !== null) {
      out.push({ name: `${name}: recall ${pair}`, measured: f3(pairwise.recall), budget: `≥ ${RECALL_BUDGET}`, ok: pairwise.recall >= RECALL_BUDGET });
    }
  }
  return out;
}

const top = (map: Map<string, number>, n: number) => [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, n);

export const section: BenchSection = {
  name: 'accuracy',
  title: 'Accuracy of auto-selection: the engine against the emulator, beside the exact-identifier baseline',
  order: 85,
  async run(ctx) {
    const customers = 2000;
    const anchorCount = ctx.quick ? 150 : 1000;
    const tables: BenchTable[] = [];
    const overall: Array<Array<string | number>> = [];
    const budgets: NonNullable<BenchOutput['budgets']> = [];
    const withoutLookup: Array<Array<string | number>> = [];
    const lookupUse: Array<Array<string | number>> = [];
    const figures: Record<string, unknown> = { customers, anchors: anchorCount, lookBackDays: LOOK_BACK_DAYS, rateLimitPerMinute: RAISED_RATE_LIMIT };
    for (const variant of VARIANTS) {
      ctx.progress(`generating ${variant.name}`);
      const params = resolveGeneratorParams({ customers, ...variant.params });
      const dataset = generateDataset(params);
      const eligible = createEligibility(dataset, { lookBackDays: LOOK_BACK_DAYS });
      const anchors = sampleAnchors(dataset, { count: anchorCount, seed: `engine-anchors-${String(params.seed)}` });
      ctx.progress(`${anchors.length} anchors on ${dataset.conversations.length} conversations`);
      const run = await runEngine(dataset, anchors, ctx.progress);
      const engine = measure({ dataset, selections: run.selections, eligible });
      const baseline = measure({ dataset, selections: selectAll(createExactIdentifierBaseline(dataset, eligible), anchors), eligible });
      const { falsePositives, misses } = errorBreakdown(dataset, run, eligible);
      for (const [who, report] of [['engine', engine], ['baseline', baseline]] as const) {
        overall.push([
          variant.name, who, report.pairwise.tp, report.pairwise.fp, report.pairwise.fn, f3(report.pairwise.precision), f3(report.pairwise.recall),
          f3(report.pairwise.f1), f3(report.bcubed.precision), f3(report.bcubed.recall), f3(report.bcubed.f1),
        ]);
      }
      const pairs = [...new Set([...Object.keys(engine.byChannelPair), ...Object.keys(baseline.byChannelPair)])].sort();
      tables.push({
        title: `By channel pair: ${variant.name} (engine | baseline)`,
        columns: ['pair', 'TP', 'FP', 'FN', 'P', 'R', 'F1', 'B³ F1', 'base P', 'base R', 'base F1'],
        rows: pairs.map((pair) => {
          const e = engine.byChannelPair[pair];
          const b = baseline.byChannelPair[pair];
          return [
            pair, e?.pairwise.tp ?? 0, e?.pairwise.fp ?? 0, e?.pairwise.fn ?? 0, f3(e?.pairwise.precision ?? null), f3(e?.pairwise.recall ?? null),
            f3(e?.pairwise.f1 ?? null), f3(e?.bcubed.f1 ?? null), f3(b?.pairwise.precision ?? null), f3(b?.pairwise.recall ?? null), f3(b?.pairwise.f1 ?? null),
          ];
        }),
      });
      tables.push({
        title: `Errors by reason: ${variant.name}`,
        columns: ['kind', 'reasons', 'count'],
        rows: [
          ...top(falsePositives, 8).map(([key, n]) => ['false positive', key, n]),
          ...top(misses, 8).map(([key, n]) => ['miss', key, n]),
        ],
        notes: falsePositives.size + misses.size === 0 ? ['none'] : [],
      });
      budgets.push(...budgetsOf(variant.name, engine));
      lookupUse.push([variant.name, (run.lineNumbersAsked / anchors.length).toFixed(2), run.lineLookups]);
      // Where the numbering plan cannot tell a landline from a mobile (the NANP), the same anchors
      // without the carrier lookup: listed numbers of unknown kind are then never auto-selected.
      let withoutLineTypeLookup: AccuracyReport | null = null;
      if (params.country === 'US') {
        ctx.progress(`${variant.name}: again without the line-type lookup`);
        const bare = measure({ dataset, selections: (await runEngine(dataset, anchors, ctx.progress, { lineTypes: false })).selections, eligible });
        const voice = bare.byChannelPair['voice↔voice']?.pairwise;
        withoutLookup.push([
          variant.name, f3(bare.pairwise.precision), f3(bare.pairwise.recall), f3(voice?.precision ?? null), f3(voice?.recall ?? null),
          f3(engine.byChannelPair['voice↔voice']?.pairwise.recall ?? null),
        ]);
        withoutLineTypeLookup = bare;
      }
      figures[variant.name] = {
        params: variant.params, conversations: dataset.conversations.length, anchors: anchors.length, apiCalls: run.apiCalls,
        callsPerAnchor: run.apiCalls / anchors.length, lineLookups: run.lineLookups, lineNumbersAskedPerAnchor: run.lineNumbersAsked / anchors.length, wallMs: run.wallMs, engine, baseline,
        falsePositives: Object.fromEntries(falsePositives), misses: Object.fromEntries(misses),
        ...(withoutLineTypeLookup ? { withoutLineTypeLookup } : {}),
      };
    }
    return {
      tables: [
        {
          title: 'Auto-selection overall (pairwise and B-cubed)',
          columns: ['dataset', 'matcher', 'TP', 'FP', 'FN', 'P', 'R', 'F1', 'B³ P', 'B³ R', 'B³ F1'],
          rows: overall,
          notes: [
            `${customers.toLocaleString('en')} customers per org; ${anchorCount} anchors per org, a seeded random sample of the ended, not purged conversations (yardstick sampleAnchors).`,
            `Universe: others within ±${LOOK_BACK_DAYS} days of the anchor (the tenant look-back), inside analytics retention, not purged.`,
            `Engine: createInteractionMerger(...).candidates(anchor) over HTTP against the emulator (official SDK), default tenant settings; rate limit raised to ${RAISED_RATE_LIMIT.toLocaleString('en')}/min in the emulator and the client.`,
            'With the carrier line-type lookup (Twilio Lookup v2, the emulator standing in and answering from the generator\'s line types); numbers asked per candidates request and requests made (30-day cache) per org in results.json (lineNumbersAskedPerAnchor, lineLookups).',
            'Baseline: conversations sharing a raw ani / addressFrom / externalContactId string (bench/yardstick).',
          ],
        },
        ...tables,
        {
          title: 'Carrier line-type lookup use',
          columns: ['dataset', 'numbers asked per candidates request', `lookup requests (${anchorCount} anchors, 30-day cache)`],
          rows: lookupUse,
          notes: ['Only numbers whose kind decides a suggestion are asked: listed under a person\'s name, of unknown kind by the numbering plan (the NANP), claimed by no named contact.'],
        },
        {
          title: 'US orgs without the carrier line-type lookup (same anchors)',
          columns: ['dataset', 'P', 'R', 'voice↔voice P', 'voice↔voice R', 'voice↔voice R with lookup'],
          rows: withoutLookup,
          notes: ['A number listed under a person\'s name (its caller name) that no named contact claims may be a household\'s landline: without a lookup it is shown, never auto-selected. Not budgeted: the budgets above hold with the lookup.'],
        },
      ],
      figures,
      budgets,
    };
  },
};
