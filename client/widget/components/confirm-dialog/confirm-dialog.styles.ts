import { css } from 'lit';

export const confirmDialogStyles = css`
  dialog {
    width: min(420px, calc(100vw - 24px));
    max-width: calc(100vw - 24px);
    padding: 16px;
    border: 1px solid var(--gse-semantic-border-surface-edges-default);
    border-radius: var(--gse-semantic-borderRadius-container-medium, 8px);
    background: var(--gse-semantic-background-surface-elevated-default);
    color: var(--gse-semantic-foreground-surface-midEmphasis);
  }
  dialog::backdrop {
    background: rgb(24.3% 32.5% 45.5% / 0.8);
  }
`;
