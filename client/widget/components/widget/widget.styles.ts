import { css } from 'lit';

export const widgetStyles = css`
  :host {
    display: block;
    min-height: 100vh;
    padding: 12px;
    background: var(--gse-semantic-background-surface-page-default);
    color: var(--gse-semantic-foreground-surface-midEmphasis);
  }
  .sign-in code {
    display: block;
  }
`;
