import { css } from 'lit';

export const problemNoticeStyles = css`
  :host {
    display: block;
  }
  ul {
    margin: 4px 0 8px;
    padding-inline-start: 20px;
  }
  .countdown {
    font-variant-numeric: tabular-nums;
    font-weight: 600;
  }
`;
