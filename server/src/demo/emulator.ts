import type { Logger } from 'pino';
import {
  demoDatasetPath, loadDataset, startEmulator, type AnalyticsConversation, type Dataset, type Emulator, type RunningEmulator,
} from '../../../emulator/src/index.js';

/** `GET /desktop/api/interactions` item (client/desktop/host-protocol.ts). */
export interface DesktopInteraction {
  conversationId: string;
  mediaType: string;
  messageType: string | null;
  startTime: string;
  customerLabel: string;
}

/** The embedded Genesys Cloud org of demo mode. */
export interface DemoEmulator {
  /** `http://127.0.0.1:<port>`: the demo org's API and login base URL. */
  url: string;
  dataset: Dataset;
  /** The org's interactions as the desktop harness lists them: in progress first, then newest. */
  interactions(limit?: number): DesktopInteraction[];
  close(): Promise<void>;
}

function customerSession(conversation: AnalyticsConversation) {
  const customer = conversation.participants?.find((p) => p.purpose === 'customer' || p.purpose === 'external');
  const session = customer?.sessions?.[0] ?? conversation.participants?.[0]?.sessions?.[0];
  return { customer, session };
}

/**
 * Starts the emulator on a free loopback port with the demo dataset (or `datasetFile`), its times
 * rebased so the dataset's reference time is now. Only demo mode (and tests) start it.
 */
export async function startDemoEmulator(input: { datasetFile: string | null; logger: Logger }): Promise<DemoEmulator> {
  const dataset = await loadDataset(input.datasetFile ?? demoDatasetPath);
  const running: RunningEmulator = await startEmulator({
    dataset,
    host: '127.0.0.1',
    port: 0,
    logger: input.logger.child({ component: 'emulator' }),
  });
  return {
    url: running.url,
    dataset,
    interactions: (limit) => listInteractions(running.emulator, dataset, limit),
    close: () => running.close(),
  };
}

/**
 * The org's interactions as the desktop harness lists them (as served now: rebased times), the
 * ones in progress first, then the newest; purged ones left out. The customer is named as the
 * agent desktop would: the linked contact's name, else the address.
 */
export function listInteractions(emulator: Emulator, dataset: Dataset, limit = 50): DesktopInteraction[] {
  const purged = new Set(dataset.purged ?? []);
  const items: Array<DesktopInteraction & { active: boolean }> = [];
  for (const stored of dataset.conversations) {
    if (purged.has(stored.conversationId)) continue;
    const conversation = emulator.conversation(stored.conversationId);
    if (!conversation) continue;
    const { customer, session } = customerSession(conversation);
    const contact = customer?.externalContactId ? emulator.contact(customer.externalContactId) : undefined;
    const name = [contact?.firstName, contact?.lastName].filter(Boolean).join(' ');
    const address = session?.ani ?? session?.addressFrom ?? null;
    items.push({
      conversationId: conversation.conversationId,
      mediaType: session?.mediaType ?? 'voice',
      messageType: session?.messageType ?? null,
      startTime: conversation.conversationStart,
      customerLabel: name || (address ? address.replace(/^tel:/, '') : 'Unknown customer'),
      active: !conversation.conversationEnd,
    });
  }
  items.sort((a, b) => Number(b.active) - Number(a.active) || b.startTime.localeCompare(a.startTime));
  return items.slice(0, limit).map(({ active: _active, ...item }) => item);
}
