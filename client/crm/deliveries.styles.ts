import { css } from 'lit';

export const deliveriesStyles = css`
  :host {
    display: block;
    min-height: 100vh;
    font-family: 'Noto Sans', system-ui, sans-serif;
    font-size: 14px;
    color: #1b2c48;
    background: #f3f5fb;
  }
  header {
    padding: 8px 16px;
    background: #1b2c48;
    color: #ffffff;
  }
  h1 {
    margin: 0;
    font-size: 16px;
  }
  .sub {
    color: #c6ceec;
    font-weight: 400;
  }
  main {
    padding: 12px 16px;
    max-width: 960px;
  }
  ol.deliveries {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 8px;
  }
  .delivery details {
    background: #ffffff;
    border: 1px solid #c6c8ce;
    border-radius: 6px;
    padding: 8px 12px;
  }
  summary {
    display: flex;
    flex-wrap: wrap;
    gap: 8px 12px;
    align-items: baseline;
    cursor: pointer;
  }
  .type {
    font-weight: 600;
  }
  .badge {
    padding: 1px 8px;
    border-radius: 10px;
    font-size: 12px;
    font-weight: 600;
  }
  .badge.ok {
    background: #cef0e6;
    color: #1b2c48;
  }
  .badge.bad {
    background: #f9d3da;
    color: #1b2c48;
  }
  .meta {
    color: #3e5374;
    font-size: 12px;
    overflow-wrap: anywhere;
  }
  pre {
    overflow: auto;
    max-height: 400px;
    font-size: 12px;
    background: #f3f5fb;
    padding: 8px;
    border-radius: 4px;
  }
  .notice {
    padding: 8px 12px;
    background: #f9d3da;
    border-radius: 4px;
  }
  :focus-visible {
    outline: 2px solid #7b88f7;
    outline-offset: 2px;
  }
`;
