import { css } from 'lit';

export const candidateListStyles = css`
  :host {
    display: block;
  }
  ul.list {
    list-style: none;
    margin: 0 0 12px;
    padding: 0;
    display: grid;
    gap: 8px;
  }
  li.item {
    border: 1px solid var(--gse-semantic-border-surface-edges-default);
    border-radius: var(--gse-semantic-borderRadius-container-medium, 8px);
    background: var(--gse-semantic-background-surface-elevated-default);
    padding: 8px 10px;
  }
  li.item.selected {
    border-color: var(--gse-semantic-border-surface-edges-enabled);
    box-shadow: inset 3px 0 0 var(--gse-semantic-border-surface-edges-enabled);
  }
  label.row,
  div.row {
    display: grid;
    grid-template-columns: auto auto 1fr auto;
    align-items: start;
    gap: 8px;
    cursor: pointer;
  }
  div.row {
    grid-template-columns: auto 1fr;
    cursor: default;
  }
  input[type='checkbox'] {
    width: 18px;
    height: 18px;
    margin: 1px 0 0;
    accent-color: var(--gse-semantic-foreground-formControl-clickInput-selected);
  }
  .channel-icon {
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
  .score {
    font-weight: 600;
    color: var(--gse-semantic-foreground-surface-highEmphasis);
    white-space: nowrap;
  }
  ul.reasons {
    margin: 6px 0 0;
    padding-inline-start: 50px;
    color: var(--gse-semantic-foreground-surface-midEmphasis);
    font-size: 12px;
    line-height: 18px;
  }
  ul.reasons li.negative {
    color: var(--gse-semantic-foreground-surface-highEmphasis);
    font-weight: 600;
  }
`;
