/**
 * The widget page's entry: defines the elements, builds the browser dependencies and mounts
 * `<im-widget>`. The only module that touches the real `window`.
 */
import { css } from 'lit';
import './components/register.js';
import { createHostBridge, SdkClientApp } from './host/index.js';
import { createLocalization } from './i18n/index.js';
import type { WidgetDeps } from './runtime.js';

const pageStyles = css`
  html,
  body {
    margin: 0;
  }
`;
document.adoptedStyleSheets = [...document.adoptedStyleSheets, pageStyles.styleSheet!];

/** sessionStorage, or a per-page stand-in when the browser blocks storage in third-party frames. */
function tabStorage(): Storage {
  try {
    const storage = window.sessionStorage;
    storage.getItem('interaction-merger.probe');
    return storage;
  } catch {
    const values = new Map<string, string>();
    return {
      get length() {
        return values.size;
      },
      clear: () => values.clear(),
      getItem: (key) => values.get(key) ?? null,
      key: (index) => [...values.keys()][index] ?? null,
      removeItem: (key) => void values.delete(key),
      setItem: (key, value) => void values.set(key, String(value)),
    };
  }
}

const deps: WidgetDeps = {
  window,
  storage: tabStorage(),
  fetch: window.fetch.bind(window),
  now: () => Date.now(),
  localization: createLocalization(),
  createHost: () => createHostBridge(SdkClientApp),
  newId: () => crypto.randomUUID(),
};

const widget = document.createElement('im-widget');
widget.deps = deps;
document.body.append(widget);
