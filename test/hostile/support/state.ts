/**
 * Everything a request could change, as one comparable value: every row of every store table,
 * and the emulator's contacts and conversations as it serves them now (merges and associations
 * show there), plus the emulator's count of mutating calls.
 */
import { STORE_TABLES, type Store } from '../../../server/src/store/index.js';
import type { TestEmulator } from '../../support/emulator.js';

export interface StateSnapshot {
  store: Record<string, string[]>;
  contacts: Record<string, string>;
  conversations: Record<string, string>;
  mutations: number;
}

const MUTATING = new Set(['PUT', 'PATCH', 'DELETE']);

/** Reads the whole state (rows sorted, so order of storage does not matter). */
export async function snapshotState(store: Store, emulator: TestEmulator): Promise<StateSnapshot> {
  const tables: Record<string, string[]> = {};
  for (const table of STORE_TABLES) {
    const rows = await store.db.selectFrom(table).selectAll().execute();
    tables[table] = rows.map((row) => JSON.stringify(row, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('base64') : v))).sort();
  }
  const contacts: Record<string, string> = {};
  for (const { id } of emulator.dataset.externalContacts) contacts[id] = JSON.stringify(emulator.emulator.contact(id) ?? null);
  const conversations: Record<string, string> = {};
  for (const { conversationId } of emulator.dataset.conversations) {
    conversations[conversationId] = JSON.stringify([
      emulator.emulator.conversation(conversationId) ?? null,
      emulator.emulator.liveConversation(conversationId) ?? null,
    ]);
  }
  const mutations = emulator.emulator
    .requestCounts()
    .entries.filter((e) => MUTATING.has(e.method) || (e.method === 'POST' && e.path.startsWith('/api/v2/externalcontacts')))
    .reduce((sum, e) => sum + e.count, 0);
  return { store: tables, contacts, conversations, mutations };
}

/** The parts of `after` that differ from `before` (empty when nothing changed), for a readable failure. */
export function stateChanges(before: StateSnapshot, after: StateSnapshot): string[] {
  const changes: string[] = [];
  for (const table of Object.keys(after.store)) {
    const was = new Set(before.store[table]);
    const now = new Set(after.store[table]);
    for (const row of now) if (!was.has(row)) changes.push(`store ${table} +${row.slice(0, 300)}`);
    for (const row of was) if (!now.has(row)) changes.push(`store ${table} -${row.slice(0, 300)}`);
  }
  for (const id of Object.keys(after.contacts)) if (after.contacts[id] !== before.contacts[id]) changes.push(`emulator contact ${id}`);
  for (const id of Object.keys(after.conversations)) {
    if (after.conversations[id] !== before.conversations[id]) changes.push(`emulator conversation ${id}`);
  }
  if (after.mutations !== before.mutations) changes.push(`emulator mutating calls ${before.mutations} → ${after.mutations}`);
  return changes;
}
