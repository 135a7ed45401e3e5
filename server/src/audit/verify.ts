import type { AuditChainRecord, AuditEntryRecord } from '../store/index.js';
import { GENESIS_HASH, canonicalJson, sha256Hex } from './canonical.js';
import type { AuditKeys } from './keys.js';

/** What is wrong at one place of a chain. */
export interface AuditProblem {
  /**
   * edited: an entry's content no longer matches its hash, or its hash is not sealed by the
   * audit key. deleted: an entry the chain expects is missing (before `seq`, or at the tail).
   * reordered: an entry is not where the chain puts it. anchor_invalid / head_invalid: the
   * chain's retention anchor or head record was altered. chain_missing: entries without their
   * chain record.
   */
  kind: 'edited' | 'deleted' | 'reordered' | 'anchor_invalid' | 'head_invalid' | 'chain_missing';
  /** Where the problem shows (the entry's seq), or null for the chain as a whole. */
  seq: number | null;
  entryId: string | null;
  message: string;
}

/** The verdict on one tenant's chain. */
export interface ChainVerification {
  tenantId: string;
  ok: boolean;
  entries: number;
  firstSeq: number | null;
  lastSeq: number | null;
  headSeq: number | null;
  anchorSeq: number;
  purgedCount: number;
  problems: AuditProblem[];
}

/** Reports at most this many problems per chain; one edit can otherwise cascade into many lines. */
export const MAX_PROBLEMS = 100;

/** The canonical text an entry's hash covers: everything but its seq, hash and seal. */
export function canonicalEntry(entry: Omit<AuditEntryRecord, 'seq' | 'hash' | 'mac' | 'prevHash'>): string {
  return canonicalJson({
    v: 1,
    id: entry.id,
    tenantId: entry.tenantId,
    at: entry.at,
    actor: { type: entry.actorType, id: entry.actorId },
    action: entry.action,
    outcome: entry.outcome,
    correlationId: entry.correlationId,
    ids: JSON.parse(entry.ids) as unknown,
    identifiers: JSON.parse(entry.identifiers) as unknown,
    details: JSON.parse(entry.details) as unknown,
  });
}

/** `SHA-256(prevHash ‖ canonical entry)`, hex. */
export function entryHash(prevHash: string, canonical: string): string {
  return sha256Hex(prevHash, canonical);
}

function contentHash(entry: AuditEntryRecord): string | null {
  try {
    return entryHash(entry.prevHash, canonicalEntry(entry));
  } catch {
    return null; // unparseable JSON columns: edited
  }
}

/** Checks one chain entry by entry (ascending seq), so long chains are streamed, not loaded. */
export interface ChainVerifier {
  add(entry: AuditEntryRecord): void;
  finish(): ChainVerification;
}

/**
 * Starts checking one chain. `allHashes` maps every entry hash of the chain to its seq (a
 * first pass), so a broken link can be told apart: its predecessor exists elsewhere
 * (reordered) or nowhere (deleted).
 */
export function createChainVerifier(input: {
  tenantId: string;
  chain: AuditChainRecord | null;
  allHashes: ReadonlyMap<string, number>;
  keys: AuditKeys;
}): ChainVerifier {
  const { tenantId, chain, allHashes, keys } = input;
  const problems: AuditProblem[] = [];
  const report = (problem: AuditProblem) => {
    if (problems.length < MAX_PROBLEMS) problems.push(problem);
  };

  let anchorSeq = 0;
  let expectedPrev = GENESIS_HASH;
  if (!chain) {
    report({ kind: 'chain_missing', seq: null, entryId: null, message: 'entries exist but the chain record is missing' });
  } else {
    anchorSeq = chain.anchorSeq;
    expectedPrev = chain.anchorHash;
    if (keys.seal('anchor', tenantId, chain.anchorSeq, chain.anchorHash) !== chain.anchorMac) {
      report({ kind: 'anchor_invalid', seq: chain.anchorSeq, entryId: null, message: 'the retention anchor is not sealed by the audit key' });
    }
    if (keys.seal('head', tenantId, chain.headSeq, chain.headHash) !== chain.headMac) {
      report({ kind: 'head_invalid', seq: chain.headSeq, entryId: null, message: 'the chain head is not sealed by the audit key' });
    }
  }

  let count = 0;
  let firstSeq: number | null = null;
  let last: AuditEntryRecord | null = null;
  // After an edited entry, the next link is expected to break too: it is not reported again.
  let previousBroken = false;

  return {
    add(entry) {
      count += 1;
      firstSeq ??= entry.seq;
      const contentOk = contentHash(entry) === entry.hash;
      const sealOk = keys.seal('entry', tenantId, entry.seq, entry.hash) === entry.mac;
      if (!contentOk) {
        report({ kind: 'edited', seq: entry.seq, entryId: entry.id, message: `entry ${entry.seq} does not match its hash` });
      } else if (!sealOk) {
        report({ kind: 'edited', seq: entry.seq, entryId: entry.id, message: `entry ${entry.seq} was re-hashed without the audit key` });
      }
      if (entry.prevHash !== expectedPrev && !previousBroken) {
        const predecessor = allHashes.get(entry.prevHash);
        if (predecessor === undefined) {
          const where = last ? `between ${last.seq} and ${entry.seq}` : `before ${entry.seq}`;
          report({ kind: 'deleted', seq: entry.seq, entryId: entry.id, message: `an entry is missing ${where}` });
        } else {
          report({
            kind: 'reordered',
            seq: entry.seq,
            entryId: entry.id,
            message: `entry ${entry.seq} belongs after entry ${predecessor}, not after ${last ? last.seq : 'the chain start'}`,
          });
        }
      }
      previousBroken = !contentOk || !sealOk;
      expectedPrev = entry.hash;
      last = entry;
    },
    finish() {
      if (chain) {
        const tailHash = last ? last.hash : chain.anchorHash;
        const tailSeq = last ? last.seq : chain.anchorSeq;
        if (chain.headHash !== tailHash || chain.headSeq !== tailSeq) {
          report({
            kind: 'deleted',
            seq: chain.headSeq,
            entryId: null,
            message: `the chain ends at ${tailSeq} but its head records entry ${chain.headSeq}: entries are missing at the end`,
          });
        }
      }
      return {
        tenantId,
        ok: problems.length === 0,
        entries: count,
        firstSeq,
        lastSeq: last?.seq ?? null,
        headSeq: chain?.headSeq ?? null,
        anchorSeq,
        purgedCount: chain?.purgedCount ?? 0,
        problems: [...problems],
      };
    },
  };
}
