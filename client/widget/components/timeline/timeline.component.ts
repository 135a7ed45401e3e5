import { LitElement, html, nothing, svg } from 'lit';
import { property } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import type { Channel, Timeline } from '../../../../server/src/http/contract.js';
import { channelLabel, formatDateTime, formatDuration, formatList, formatShortDateTime, formatTime } from '../../i18n/index.js';
import { sharedStyles } from '../../theme/index.js';
import { timelineStyles } from './timeline.styles.js';

/**
 * The reconciled session timeline drawn as one lane per channel over time: customer segments at
 * full height, agent and system segments thinner. A sentence above it says the same in words.
 * Lanes are SVG with presentation attributes, not inline styles, so a strict CSP holds.
 *
 * @cssproperty --lane-color - a lane's segment colour (set per channel from Spark accents)
 */
@localized()
export class ImTimeline extends LitElement {
  static override styles = [sharedStyles, timelineStyles];

  /** The reconciled timeline from the merge preview. */
  @property({ attribute: false }) timeline: Timeline | null = null;

  override render() {
    const timeline = this.timeline;
    if (!timeline || timeline.events.length === 0) {
      return html`<p class="muted">${msg('No timeline for these interactions yet.', { id: 'timeline.empty' })}</p>`;
    }
    const start = Date.parse(timeline.sessionStart);
    const end = Math.max(Date.parse(timeline.sessionEnd), start + 60_000);
    const span = end - start;
    const channels: Channel[] = [...new Set([...timeline.channelSequence, ...timeline.events.map((e) => e.channel)])];
    const authoritative = timeline.events.find((e) => e.conversationId === timeline.authoritativeConversationId);
    const from = formatDateTime(timeline.sessionStart);
    const duration = formatDuration(end - start);
    const across = formatList(channels.map(channelLabel));
    const summary = msg(str`From ${from}, ${duration}, across ${across}.`, { id: 'timeline.summary' });
    const source = authoritative ? channelLabel(authoritative.channel) : null;
    const percent = (value: number) => `${Math.min(100, Math.max(0, value)).toFixed(3)}%`;
    const sameDay = new Date(start).toDateString() === new Date(end).toDateString();
    const axisLabel = sameDay ? formatTime : formatShortDateTime;
    return html`
      <p class="summary">${summary}
        ${source ? msg(str`Session start and end come from the ${source} interaction.`, { id: 'timeline.authoritative' }) : nothing}
        ${timeline.deduplicatedCount > 0
          ? msg(str`${timeline.deduplicatedCount} duplicate events were removed.`, { id: 'timeline.deduplicated' })
          : nothing}
      </p>
      <div class="lanes" role="img" aria-label=${summary}>
        ${channels.map(
          (channel) => html`
            <span class="lane-label" aria-hidden="true">${channelLabel(channel)}</span>
            <svg class="lane ${channel}" data-channel=${channel} width="100%" height="16" aria-hidden="true" focusable="false">
              ${timeline.events
                .filter((event) => event.channel === channel)
                .map((event) => {
                  const left = ((Date.parse(event.start) - start) / span) * 100;
                  const width = Math.max(1.5, ((Date.parse(event.end) - Date.parse(event.start)) / span) * 100);
                  const thin = event.participant !== 'customer';
                  return svg`<rect class="event ${event.participant}" x=${percent(left)} width=${percent(width)}
                    y=${thin ? 4 : 0} height=${thin ? 8 : 16} rx="2"><title>${channelLabel(channel)} · ${formatTime(event.start)}–${formatTime(event.end)}</title></rect>`;
                })}
            </svg>
          `,
        )}
        <span aria-hidden="true"></span>
        <span class="axis muted" aria-hidden="true">
          <span>${axisLabel(timeline.sessionStart)}</span><span>${axisLabel(timeline.sessionEnd)}</span>
        </span>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'im-timeline': ImTimeline;
  }
}
