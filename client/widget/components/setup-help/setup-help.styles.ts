import { css } from 'lit';

export const setupHelpStyles = css`
  :host {
    display: block;
  }
  ul {
    margin: 4px 0 12px;
    padding-inline-start: 20px;
  }
  .url {
    display: block;
    padding: 8px;
    margin: 4px 0 8px;
    border: 1px solid var(--gse-semantic-border-surface-edges-default);
    border-radius: var(--gse-semantic-borderRadius-container-small, 4px);
    background: var(--gse-semantic-background-surface-page-tonalMedium);
    color: var(--gse-semantic-foreground-surface-highEmphasis);
    user-select: all;
  }
`;
