import { css } from 'lit';

export const mergePreviewStyles = css`
  :host {
    display: block;
  }
  section {
    margin: 0 0 16px;
  }
  ul.problems {
    margin: 4px 0 0;
    padding-inline-start: 20px;
  }
  ul.contacts {
    margin: 0 0 8px;
    padding-inline-start: 20px;
  }
  dl.fields {
    display: grid;
    grid-template-columns: minmax(88px, max-content) 1fr;
    gap: 6px 12px;
    margin: 0;
  }
  dt {
    color: var(--gse-semantic-foreground-surface-lowEmphasis);
    font-size: 12px;
    line-height: 20px;
  }
  dd {
    margin: 0;
    min-width: 0;
  }
  .chosen {
    color: var(--gse-semantic-foreground-surface-highEmphasis);
    font-weight: 600;
  }
  .losing {
    display: block;
    color: var(--gse-semantic-foreground-surface-lowEmphasis);
    font-size: 12px;
    line-height: 18px;
  }
  .losing s {
    text-decoration-thickness: 1px;
  }
`;
