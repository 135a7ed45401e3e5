import type { EmulatorBehaviour, EmulatorClock, EmulatorLimits } from '../config/index.js';
import type { Dataset } from '../dataset/index.js';
import type { FaultInjector } from '../http/index.js';
import type { ContactStore, ConversationStore, OrgDirectory, TimeFrame } from '../state/index.js';

/** Everything the Platform API handlers read or change; one per emulator. */
export interface ApiDeps {
  dataset: Dataset;
  org: OrgDirectory;
  conversations: ConversationStore;
  contacts: ContactStore;
  time: TimeFrame;
  clock: EmulatorClock;
  limits: EmulatorLimits;
  behaviour: EmulatorBehaviour;
  faults: FaultInjector;
  /** Contact ids inside a merge that has not finished (reference §5.3: overlapping merges → 409). */
  mergesInFlight: Set<string>;
  /** New entity ids (contacts created by merges). */
  newId(): string;
}
