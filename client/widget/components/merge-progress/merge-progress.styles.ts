import { css } from 'lit';

export const mergeProgressStyles = css`
  :host {
    display: block;
  }
  progress {
    width: 100%;
    height: 8px;
    appearance: none;
    border: none;
    border-radius: 4px;
    background: var(--gse-semantic-background-system-progressAndLoading-default);
    overflow: hidden;
  }
  progress::-webkit-progress-bar {
    background: var(--gse-semantic-background-system-progressAndLoading-default);
  }
  progress::-webkit-progress-value {
    background: var(--gse-semantic-background-system-progressAndLoading-progressed);
  }
  progress::-moz-progress-bar {
    background: var(--gse-semantic-background-system-progressAndLoading-progressed);
  }
  ol {
    list-style: none;
    margin: 12px 0 0;
    padding: 0;
    display: grid;
    gap: 4px;
  }
  li {
    display: flex;
    gap: 8px;
    align-items: baseline;
  }
  li .mark {
    width: 16px;
    flex: none;
    text-align: center;
  }
  li.done {
    color: var(--gse-semantic-foreground-surface-midEmphasis);
  }
  li.current {
    color: var(--gse-semantic-foreground-surface-highEmphasis);
    font-weight: 600;
  }
  li.pending {
    color: var(--gse-semantic-foreground-surface-lowEmphasis);
  }
`;
