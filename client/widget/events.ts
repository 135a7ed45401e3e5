/**
 * The events widget components send, typed in the global event map. All bubble and cross shadow
 * roots (`composed`), so the merge panel hears what its children say.
 */
import type { Candidate } from '../../server/src/http/contract.js';

export interface WidgetEventMap {
  /** The agent ticked or unticked a candidate. */
  'im-selection-change': { conversationId: string; selected: boolean };
  /** The agent added an interaction found by search. */
  'im-candidate-add': { candidate: Candidate };
  /** The agent (or a finished countdown) asks to retry the failed call. */
  'im-retry': undefined;
  /** The agent asks to sign in again (a user gesture, so a popup may open). */
  'im-sign-in-request': undefined;
  /** The agent confirmed the irreversible merge. */
  'im-merge-confirm': undefined;
  /** The agent dismissed the confirmation. */
  'im-merge-cancel': undefined;
  /** The panel has shown its first candidates (or failed to): the widget is ready. */
  'im-panel-ready': undefined;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'im-selection-change': CustomEvent<WidgetEventMap['im-selection-change']>;
    'im-candidate-add': CustomEvent<WidgetEventMap['im-candidate-add']>;
    'im-retry': CustomEvent<undefined>;
    'im-sign-in-request': CustomEvent<undefined>;
    'im-merge-confirm': CustomEvent<undefined>;
    'im-merge-cancel': CustomEvent<undefined>;
    'im-panel-ready': CustomEvent<undefined>;
  }
}

/** Dispatches a widget event from `target` (bubbles, composed). Returns false if cancelled. */
export function emit<K extends keyof WidgetEventMap>(
  target: EventTarget,
  name: K,
  ...[detail]: WidgetEventMap[K] extends undefined ? [] : [WidgetEventMap[K]]
): boolean {
  return target.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable: true }));
}
