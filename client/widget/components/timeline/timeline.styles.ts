import { css } from 'lit';

export const timelineStyles = css`
  :host {
    display: block;
  }
  .lanes {
    display: grid;
    grid-template-columns: minmax(64px, max-content) 1fr;
    gap: 6px 8px;
    align-items: center;
    margin: 8px 0 4px;
  }
  .lane-label {
    font-size: 12px;
    line-height: 18px;
    color: var(--gse-semantic-foreground-surface-highEmphasis);
    white-space: nowrap;
  }
  .lane {
    display: block;
    width: 100%;
    height: 16px;
    border-radius: 2px;
    background: var(--gse-semantic-background-surface-page-tonalMedium);
  }
  .event {
    fill: var(--lane-color);
  }
  .voice { --lane-color: var(--gse-semantic-background-interactive-primary-default); }
  .chat { --lane-color: var(--gse-semantic-background-customAccents-bold-40); }
  .webmessaging { --lane-color: var(--gse-semantic-background-customAccents-bold-50); }
  .email { --lane-color: var(--gse-semantic-background-customAccents-bold-80); }
  .sms { --lane-color: var(--gse-semantic-background-customAccents-bold-100); }
  .whatsapp { --lane-color: var(--gse-semantic-background-customAccents-bold-30); }
  .messaging { --lane-color: var(--gse-semantic-background-customAccents-bold-10); }
  .axis {
    display: flex;
    justify-content: space-between;
    gap: 8px;
  }
`;
