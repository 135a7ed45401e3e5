import { css } from 'lit';

export const candidateSearchStyles = css`
  :host {
    display: block;
    margin: 12px 0;
  }
  form {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    align-items: flex-end;
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: 4px;
    flex: 1 1 180px;
    min-width: 0;
  }
  label {
    color: var(--gse-semantic-foreground-formControl-label-default);
    font-weight: 600;
  }
  input[type='search'] {
    width: 100%;
    min-height: 32px;
    padding: 5px 8px;
    border: 1px solid var(--gse-semantic-border-formControl-textInput-default);
    border-radius: var(--gse-semantic-borderRadius-formControl-input-medium, 4px);
    background: var(--gse-semantic-background-formControl-textInput-track);
    color: var(--gse-semantic-foreground-formControl-textInput-populated);
  }
  input::placeholder {
    color: var(--gse-semantic-foreground-formControl-textInput-placeholder);
    opacity: 1;
  }
  ul.results {
    list-style: none;
    margin: 8px 0 0;
    padding: 0;
    display: grid;
    gap: 6px;
  }
  ul.results li {
    display: grid;
    grid-template-columns: auto 1fr auto;
    gap: 8px;
    align-items: center;
    padding: 6px 8px;
    border: 1px solid var(--gse-semantic-border-surface-edges-default);
    border-radius: var(--gse-semantic-borderRadius-container-small, 4px);
    background: var(--gse-semantic-background-surface-elevated-default);
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
  .hint {
    margin-top: 4px;
  }
`;
