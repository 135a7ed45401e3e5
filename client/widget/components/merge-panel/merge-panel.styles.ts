import { css } from 'lit';

export const mergePanelStyles = css`
  :host {
    display: block;
  }
  .current {
    margin: 0 0 16px;
  }
  .current-row {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 8px;
    align-items: start;
    padding: 8px 10px;
    border-radius: var(--gse-semantic-borderRadius-container-medium, 8px);
    background: var(--gse-semantic-background-surface-page-tonalMedium);
  }
  .current-row .channel-icon {
    margin-top: 2px;
    color: var(--gse-semantic-foreground-surface-midEmphasis);
  }
  .main {
    display: flex;
    flex-direction: column;
    min-width: 0;
  }
  .title {
    color: var(--gse-semantic-foreground-surface-highEmphasis);
    font-weight: 600;
  }
  .merged-banner {
    margin-top: 8px;
  }
  .actions.sticky {
    position: sticky;
    bottom: 0;
    padding: 8px 0;
    margin-top: 8px;
    background: var(--gse-semantic-background-surface-page-default);
    border-top: 1px solid var(--gse-semantic-border-surface-divider);
  }
  ul.missing {
    margin: 4px 0 0;
    padding-inline-start: 20px;
  }
  .success .actions {
    flex-direction: column;
    align-items: flex-start;
  }
`;
