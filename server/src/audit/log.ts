import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock/index.js';
import { AppError } from '../errors/index.js';
import type { AuditChainRecord, AuditEntryRecord, Repositories, Store } from '../store/index.js';
import { GENESIS_HASH } from './canonical.js';
import {
  validateAuditInput,
  type AuditActor,
  type AuditDetailValue,
  type AuditEntry,
  type AuditInput,
  type AuditOutcome,
  type PseudonymisedIdentifier,
} from './entry.js';
import { deriveAuditKeys, type IdentifierKind } from './keys.js';
import { canonicalEntry, createChainVerifier, entryHash, type ChainVerification } from './verify.js';

/** The verdict on the audit log (every chain, or one tenant's). */
export interface AuditVerification {
  ok: boolean;
  /** ISO 8601. */
  checkedAt: string;
  chains: ChainVerification[];
}

/** What a retention purge removed from one chain. */
export interface PurgeResult {
  tenantId: string;
  purged: number;
  /** The last purged entry: the anchor the remaining chain now starts from. */
  anchorSeq: number;
}

/** Filters of the admin audit query (newest first). */
export interface AuditQuery {
  tenantId: string;
  action?: string;
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
  /** Page back from this seq (exclusive). */
  beforeSeq?: number;
  limit: number;
}

/**
 * The append-only, hash-chained, pseudonymised audit log. One chain per tenant:
 * `hash = SHA-256(prevHash ‖ canonical entry)`; each hash, the chain's head and its retention
 * anchor are also sealed with an HMAC under the audit key, so rewriting a chain without that
 * key is detected too.
 */
export interface AuditLog {
  /**
   * Appends an entry (validated: ids and codes only in free fields; identifiers become keyed
   * pseudonyms). Pass `tx` to append inside a store transaction (e.g. the one completing a job).
   * AppError 400 `audit_entry_invalid` names the offending field.
   */
  record(input: AuditInput, tx?: Repositories): Promise<AuditEntry>;
  /** The keyed pseudonym of an identifier, e.g. to find the entries about one phone number. */
  pseudonymise(kind: IdentifierKind, value: string): string;
  /** Entries for the admin view, newest first. */
  query(query: AuditQuery): Promise<AuditEntry[]>;
  /** Verifies one tenant's chain, or all chains; reports edited, deleted and reordered entries. */
  verify(tenantId?: string): Promise<AuditVerification>;
  /**
   * Deletes entries older than `before` (epoch ms) from the start of each chain (or one tenant's),
   * after verifying it (AppError 409 `audit_chain_invalid` otherwise, so evidence of tampering
   * is never purged), and anchors the remaining chain on the last purged hash.
   */
  purge(input: { before: number; tenantId?: string }): Promise<PurgeResult[]>;
}

const BATCH = 1000;

function toEntry(record: AuditEntryRecord): AuditEntry {
  return {
    tenantId: record.tenantId,
    seq: record.seq,
    id: record.id,
    at: new Date(record.at).toISOString(),
    actor: { type: record.actorType as AuditActor['type'], id: record.actorId },
    action: record.action,
    outcome: record.outcome as AuditOutcome,
    correlationId: record.correlationId,
    ids: JSON.parse(record.ids) as Record<string, string | string[]>,
    identifiers: JSON.parse(record.identifiers) as PseudonymisedIdentifier[],
    details: JSON.parse(record.details) as Record<string, AuditDetailValue>,
    prevHash: record.prevHash,
    hash: record.hash,
  };
}

/** Builds the audit log over the store, with the audit HMAC key (from the key ring). */
export function createAuditLog(deps: { store: Store; auditKey: Buffer; clock: Clock }): AuditLog {
  const { store, clock } = deps;
  const keys = deriveAuditKeys(deps.auditKey);

  const initialChain = (tenantId: string, now: number): AuditChainRecord => ({
    tenantId,
    headSeq: 0,
    headHash: GENESIS_HASH,
    headMac: keys.seal('head', tenantId, 0, GENESIS_HASH),
    anchorSeq: 0,
    anchorHash: GENESIS_HASH,
    anchorMac: keys.seal('anchor', tenantId, 0, GENESIS_HASH),
    purgedCount: 0,
    updatedAt: now,
  });

  async function append(input: AuditInput, tx: Repositories): Promise<AuditEntry> {
    const now = clock.now();
    const chain = await tx.audit.lockChain(initialChain(input.tenantId, now));
    const seq = chain.headSeq + 1;
    const identifiers: PseudonymisedIdentifier[] = (input.identifiers ?? []).map((identifier) => ({
      kind: identifier.kind,
      role: identifier.role ?? null,
      pseudonym: keys.pseudonym(identifier.kind, identifier.value),
    }));
    const body = {
      tenantId: input.tenantId,
      id: randomUUID(),
      at: input.at ?? now,
      actorType: input.actor.type,
      actorId: input.actor.id,
      action: input.action,
      outcome: input.outcome,
      correlationId: input.correlationId ?? null,
      ids: JSON.stringify(input.ids ?? {}),
      identifiers: JSON.stringify(identifiers),
      details: JSON.stringify(input.details ?? {}),
    };
    const hash = entryHash(chain.headHash, canonicalEntry(body));
    const record: AuditEntryRecord = { ...body, seq, prevHash: chain.headHash, hash, mac: keys.seal('entry', input.tenantId, seq, hash) };
    await tx.audit.insertEntry(record);
    await tx.audit.setHead({ tenantId: input.tenantId, seq, hash, mac: keys.seal('head', input.tenantId, seq, hash), now });
    return toEntry(record);
  }

  async function* entriesOf(tenantId: string): AsyncGenerator<AuditEntryRecord> {
    let afterSeq: number | undefined;
    for (;;) {
      const batch = await store.audit.entries({ tenantId, ...(afterSeq !== undefined ? { afterSeq } : {}), limit: BATCH });
      yield* batch;
      if (batch.length < BATCH) return;
      afterSeq = batch.at(-1)!.seq;
    }
  }

  async function verifyTenant(tenantId: string): Promise<ChainVerification> {
    const allHashes = new Map<string, number>();
    for await (const entry of entriesOf(tenantId)) allHashes.set(entry.hash, entry.seq);
    const verifier = createChainVerifier({ tenantId, chain: await store.audit.getChain(tenantId), allHashes, keys });
    for await (const entry of entriesOf(tenantId)) verifier.add(entry);
    return verifier.finish();
  }

  return {
    async record(input, tx) {
      const valid = validateAuditInput(input);
      return tx ? append(valid, tx) : store.transaction((inner) => append(valid, inner));
    },
    pseudonymise: (kind, value) => keys.pseudonym(kind, value),
    async query(query) {
      const records = await store.audit.query(query);
      return records.map(toEntry);
    },
    async verify(tenantId) {
      const tenants = tenantId !== undefined ? [tenantId] : await store.audit.listTenantIds();
      const chains: ChainVerification[] = [];
      for (const id of tenants) chains.push(await verifyTenant(id));
      return { ok: chains.every((chain) => chain.ok), checkedAt: new Date(clock.now()).toISOString(), chains };
    },
    async purge({ before, tenantId }) {
      const tenants = tenantId !== undefined ? [tenantId] : await store.audit.listTenantIds();
      const results: PurgeResult[] = [];
      for (const id of tenants) {
        const cutoff = await store.audit.lastSeqBefore(id, before);
        if (cutoff === null) continue;
        const verdict = await verifyTenant(id);
        if (!verdict.ok) {
          throw new AppError('audit_chain_invalid', 409, `The audit chain of ${id} fails verification; nothing was purged`, {
            details: { tenantId: id, problems: verdict.problems.slice(0, 10) },
          });
        }
        const result = await store.transaction(async (tx) => {
          const chain = await tx.audit.lockChain(initialChain(id, clock.now()));
          const [last] = await tx.audit.entries({ tenantId: id, afterSeq: cutoff - 1, limit: 1 });
          if (!last || last.seq !== cutoff || cutoff <= chain.anchorSeq) return null;
          const purged = await tx.audit.purgeThrough({
            tenantId: id,
            seq: cutoff,
            anchorHash: last.hash,
            anchorMac: keys.seal('anchor', id, cutoff, last.hash),
            now: clock.now(),
          });
          return { tenantId: id, purged, anchorSeq: cutoff };
        });
        if (result) results.push(result);
      }
      return results;
    },
  };
}
