import type { GeneratedChannel, GeneratorParams } from './params.js';
import type { Person } from './people.js';
import type { Random } from './random.js';

/** One interaction a person will have, before Genesys and the agents have touched it. */
export interface PlannedInteraction {
  person: Person;
  /** Start, epoch ms. */
  start: number;
  channel: GeneratedChannel;
  direction: 'inbound' | 'outbound';
  /** Still in progress at the reference time. */
  active: boolean;
  /** Tie-breaker for equal starts: the planning order. */
  seq: number;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;

/** Relative arrivals by local weekday, Sunday first. */
const WEEKDAY_WEIGHTS: readonly number[] = [0.25, 1.15, 1.05, 1, 1, 0.9, 0.45];
/** Relative arrivals by local hour for live channels (calls, messaging): business hours, two peaks. */
const LIVE_HOURS: readonly number[] = [0, 0, 0, 0, 0, 0, 0.1, 0.4, 1.2, 2, 2.4, 2.2, 1.6, 1.9, 2.1, 1.9, 1.5, 1, 0.6, 0.4, 0.3, 0.2, 0.1, 0];
/** Email is written whenever people have time: a wider spread, evenings included. */
const EMAIL_HOURS: readonly number[] = [0.1, 0.05, 0.05, 0.05, 0.05, 0.1, 0.3, 0.7, 1.2, 1.5, 1.5, 1.3, 1.2, 1.3, 1.3, 1.2, 1.1, 1, 1, 1.1, 1.2, 1, 0.6, 0.3];

const weightedIndex = (random: Random, weights: readonly number[]): number =>
  random.weighted(weights.map((w, i) => [i, w] as const));

/**
 * Returns a sampler of arrival instants in the history window that follow weekday and
 * business-hour patterns of the org's local time.
 */
function arrivalSampler(random: Random, referenceMs: number, historyDays: number, utcOffsetHours: number) {
  const offset = utcOffsetHours * HOUR;
  const todayLocalStart = Math.floor((referenceMs + offset) / DAY) * DAY;
  const dayWeights = Array.from({ length: historyDays + 1 }, (_, d) =>
    [d, WEEKDAY_WEIGHTS[new Date(todayLocalStart - d * DAY).getUTCDay()]!] as const);
  return (channel: GeneratedChannel): number => {
    for (let attempt = 0; attempt < 50; attempt++) {
      const d = random.weighted(dayWeights);
      const hour = weightedIndex(random, channel === 'email' ? EMAIL_HOURS : LIVE_HOURS);
      const localMs = todayLocalStart - d * DAY + hour * HOUR + random.int(0, 59) * MINUTE + random.int(0, 59) * 1000;
      const utc = localMs - offset;
      if (utc < referenceMs - 30 * MINUTE && utc >= referenceMs - historyDays * DAY) return utc;
    }
    return referenceMs - random.int(1, historyDays * 24) * HOUR;
  };
}

/** Moves a live-channel follow-up that falls outside 08:00–20:00 local to the next opening. */
function alignToOpenHours(random: Random, ms: number, channel: GeneratedChannel, utcOffsetHours: number): number {
  if (channel === 'email') return ms;
  const offset = utcOffsetHours * HOUR;
  const local = ms + offset;
  const dayStart = Math.floor(local / DAY) * DAY;
  const hour = (local - dayStart) / HOUR;
  if (hour >= 8 && hour < 20) return ms;
  const opening = (hour < 8 ? dayStart : dayStart + DAY) + 8 * HOUR + random.int(0, 180) * MINUTE;
  return opening - offset;
}

function drawChannel(random: Random, person: Person): GeneratedChannel {
  return random.weighted(Object.entries(person.channelWeights) as Array<[GeneratedChannel, number]>);
}

function drawDirection(random: Random, params: GeneratorParams, channel: GeneratedChannel): 'inbound' | 'outbound' {
  return (channel === 'voice' || channel === 'email') && random.chance(params.outboundRate) ? 'outbound' : 'inbound';
}

/**
 * Plans every interaction: each person has `1 + Poisson` interactions (5 % are heavy contacters
 * with three times as many), grouped in episodes (an issue followed up within hours or days,
 * often on another channel), arriving on business days and hours of the org's country. Then a
 * few conversations still in progress at the reference time. Sorted by start.
 */
export function planInteractions(
  random: Random,
  params: GeneratorParams,
  people: readonly Person[],
  referenceMs: number,
  utcOffsetHours: number,
): PlannedInteraction[] {
  const planned: PlannedInteraction[] = [];
  const extra = Math.max(0, params.interactionsPerCustomer - 1) / 1.1;
  const earliest = referenceMs - params.historyDays * DAY;
  const drawArrival = arrivalSampler(random, referenceMs, params.historyDays, utcOffsetHours);
  for (const person of people) {
    const count = 1 + random.poisson(random.chance(0.05) ? extra * 3 : extra);
    let previous: PlannedInteraction | null = null;
    for (let i = 0; i < count; i++) {
      let channel = drawChannel(random, person);
      let start: number;
      const followUp = previous !== null && random.chance(0.6);
      if (followUp && previous) {
        if (random.chance(0.5)) channel = previous.channel;
        start = alignToOpenHours(random, previous.start + Math.max(5 * MINUTE, random.exponential(10 * HOUR)), channel, utcOffsetHours);
        if (start >= referenceMs - 30 * MINUTE) start = drawArrival(channel);
      } else {
        start = drawArrival(channel);
      }
      start = Math.max(earliest, start);
      const interaction: PlannedInteraction = {
        person, start, channel, direction: drawDirection(random, params, channel), active: false, seq: planned.length,
      };
      planned.push(interaction);
      previous = interaction;
    }
  }
  const activeCount = Math.round(params.activeRate * planned.length);
  for (let i = 0; i < activeCount; i++) {
    const person = random.pick(people);
    planned.push({
      person,
      start: referenceMs - random.int(60, 25 * 60) * 1000,
      channel: drawChannel(random, person),
      direction: 'inbound',
      active: true,
      seq: planned.length,
    });
  }
  return planned.sort((a, b) => a.start - b.start || a.seq - b.seq);
}
