import { css } from 'lit';

export const harnessStyles = css`
  :host {
    display: block;
    min-height: 100vh;
    font-family: 'Noto Sans', system-ui, sans-serif;
    font-size: 14px;
    color: #1b2c48;
    background: #f3f5fb;
  }
  header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 8px;
    padding: 8px 16px;
    background: #1b2c48;
    color: #ffffff;
  }
  h1 {
    font-size: 16px;
    margin: 0;
  }
  header .muted {
    color: #c6ceec;
  }
  .settings {
    display: flex;
    flex-wrap: wrap;
    gap: 12px;
    align-items: center;
  }
  .settings label {
    display: flex;
    gap: 4px;
    align-items: center;
  }
  .layout {
    display: grid;
    grid-template-columns: minmax(200px, 260px) auto minmax(220px, 1fr);
    gap: 12px;
    padding: 12px;
    align-items: start;
  }
  ul.interactions {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 6px;
  }
  ul.interactions button {
    width: 100%;
    display: flex;
    flex-direction: column;
    gap: 2px;
    text-align: start;
    padding: 8px;
    border: 1px solid #c6c8ce;
    border-radius: 6px;
    background: #ffffff;
    color: #1b2c48;
    cursor: pointer;
    font: inherit;
  }
  ul.interactions button.active {
    border-color: #4856cb;
    box-shadow: inset 3px 0 0 #4856cb;
  }
  .muted {
    color: #3e5374;
    font-size: 12px;
  }
  .workspace-head {
    display: flex;
    justify-content: space-between;
    align-items: center;
    gap: 8px;
  }
  h2 {
    font-size: 14px;
    margin: 0 0 8px;
  }
  .panel iframe {
    display: block;
    height: calc(100vh - 140px);
    min-height: 480px;
    border: 1px solid #c6c8ce;
    border-radius: 6px;
    background: #ffffff;
  }
  .panel iframe.hidden {
    display: none;
  }
  ul.toasts {
    list-style: none;
    margin: 0 0 12px;
    padding: 0;
    display: grid;
    gap: 6px;
  }
  .toast {
    padding: 8px;
    border-radius: 6px;
    border: 1px solid #9ca6f9;
    background: #e2dff8;
  }
  .toast.success {
    background: #cef0e6;
    border-color: #9de1cd;
  }
  .toast.error {
    background: #f9d3da;
    border-color: #f3a7b5;
  }
  ol.log {
    margin: 0;
    padding-inline-start: 18px;
    font-size: 12px;
    max-height: 50vh;
    overflow: auto;
    overflow-wrap: anywhere;
  }
  :focus-visible {
    outline: 2px solid #7b88f7;
    outline-offset: 2px;
  }
  .error {
    padding: 16px;
  }
`;
