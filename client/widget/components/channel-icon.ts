/**
 * Small channel glyphs (16 px, `currentColor`), decorative: the channel's name is always written
 * next to them for screen readers.
 */
import { html, svg, type SVGTemplateResult, type TemplateResult } from 'lit';
import type { Channel } from '../../../server/src/http/contract.js';

const paths: Record<Channel, SVGTemplateResult> = {
  voice: svg`<path d="M4.5 1.5 6.5 4 5.3 5.6a8 8 0 0 0 5.1 5.1L12 9.5l2.5 2-1.3 2.6C7 13.8 2.2 9 1.9 2.8z"/>`,
  chat: svg`<path d="M2 2.5h12v8.5H6l-3.5 3V11H2z"/>`,
  webmessaging: svg`<path d="M2 2.5h12v8.5H6l-3.5 3V11H2z"/><circle cx="5.5" cy="6.8" r="1" fill="var(--im-icon-cut, #fff)"/><circle cx="8" cy="6.8" r="1" fill="var(--im-icon-cut, #fff)"/><circle cx="10.5" cy="6.8" r="1" fill="var(--im-icon-cut, #fff)"/>`,
  email: svg`<path d="M1.5 3.5h13v9h-13z"/><path d="m1.8 3.8 6.2 5 6.2-5" fill="none" stroke="var(--im-icon-cut, #fff)" stroke-width="1.2"/>`,
  sms: svg`<path d="M4 1.5h8v13H4z"/><path d="M6 11.5h4" stroke="var(--im-icon-cut, #fff)" stroke-width="1.2"/>`,
  whatsapp: svg`<circle cx="8" cy="7.5" r="6"/><path d="M2.5 14.5l1.2-3.5 2.2 2.2z"/>`,
  messaging: svg`<path d="M1.5 3h9v6H5l-2.5 2.5V9h-1z"/><path d="M11.5 6h3v6h-1v2l-2-2h-4v-2h4z"/>`,
};

/** The glyph for a channel, hidden from assistive technology. */
export function channelIcon(channel: Channel): TemplateResult {
  return html`<svg class="channel-icon" viewBox="0 0 16 16" width="16" height="16" fill="currentColor" aria-hidden="true" focusable="false">${paths[channel] ?? paths.messaging}</svg>`;
}
