/**
 * Styles every widget component shares: type, buttons, form controls, notices, visible focus.
 * Colours come only from the `--gse-*` tokens (see `tokens.styles.ts`).
 */
import { css } from 'lit';

export const sharedStyles = css`
  :host {
    font-family: 'Noto Sans', system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
    font-size: var(--gse-semantic-body-md-regular-fontSize, 14px);
    line-height: var(--gse-semantic-body-md-regular-lineHeight, 20px);
    color: var(--gse-semantic-foreground-surface-midEmphasis);
    overflow-wrap: anywhere;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  h2,
  h3 {
    font-family: var(--gse-semantic-fontFamily-headings), 'Noto Sans', system-ui, sans-serif;
    color: var(--gse-semantic-foreground-surface-highEmphasis);
    margin: 0 0 8px;
    line-height: 24px;
  }
  h2 {
    font-size: 16px;
  }
  h3 {
    font-size: 14px;
  }
  p {
    margin: 0 0 8px;
  }
  .muted {
    color: var(--gse-semantic-foreground-surface-lowEmphasis);
    font-size: var(--gse-semantic-body-sm-regular-fontSize, 12px);
    line-height: var(--gse-semantic-body-sm-regular-lineHeight, 18px);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  button,
  input {
    font: inherit;
  }
  .btn {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 6px;
    min-height: 32px;
    padding: 6px 14px;
    border: 1px solid transparent;
    border-radius: var(--gse-semantic-borderRadius-interactive-small, 4px);
    cursor: pointer;
    font-weight: 600;
    text-align: center;
  }
  .btn-primary {
    background: var(--gse-semantic-background-interactive-primary-default);
    color: var(--gse-semantic-foreground-interactive-primary-default);
  }
  .btn-primary:hover:not(:disabled) {
    background: var(--gse-semantic-background-interactive-primary-hover);
  }
  .btn-secondary {
    background: var(--gse-semantic-background-interactive-secondary-default);
    color: var(--gse-semantic-foreground-interactive-secondary-default);
  }
  .btn-secondary:hover:not(:disabled) {
    background: var(--gse-semantic-background-interactive-secondary-hover);
  }
  .btn-danger {
    background: var(--gse-semantic-background-interactive-danger-default);
    color: var(--gse-semantic-foreground-interactive-danger-default);
  }
  .btn-danger:hover:not(:disabled) {
    background: var(--gse-semantic-background-interactive-danger-hover);
  }
  .btn-link {
    background: none;
    border: none;
    padding: 0;
    min-height: 0;
    color: var(--gse-semantic-foreground-interactive-link-default);
    text-decoration: underline;
    cursor: pointer;
    font-weight: 600;
    text-align: start;
  }
  .btn-link:hover {
    color: var(--gse-semantic-foreground-interactive-link-hover);
  }
  button:disabled {
    cursor: not-allowed;
    opacity: var(--gse-semantic-opacity-disabled, 0.5);
  }
  :focus-visible {
    outline: 2px solid var(--gse-semantic-border-focus);
    outline-offset: 2px;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    margin-top: 12px;
  }
  .notice {
    border: 1px solid;
    border-radius: var(--gse-semantic-borderRadius-container-small, 4px);
    padding: 10px 12px;
    margin: 0 0 12px;
  }
  .notice > :last-child {
    margin-bottom: 0;
  }
  .notice.info {
    background: var(--gse-semantic-background-system-info);
    border-color: var(--gse-semantic-border-system-info);
    color: var(--gse-semantic-foreground-system-info-highEmphasis);
  }
  .notice.success {
    background: var(--gse-semantic-background-system-success);
    border-color: var(--gse-semantic-border-system-success);
    color: var(--gse-semantic-foreground-system-success-highEmphasis);
  }
  .notice.warning {
    background: var(--gse-semantic-background-system-warning);
    border-color: var(--gse-semantic-border-system-warning);
    color: var(--gse-semantic-foreground-system-warning-highEmphasis);
  }
  .notice.error {
    background: var(--gse-semantic-background-system-error);
    border-color: var(--gse-semantic-border-system-error);
    color: var(--gse-semantic-foreground-system-error-highEmphasis);
  }
  .notice .btn-link {
    color: inherit;
  }
  code {
    font-family: 'Noto Sans Mono', ui-monospace, SFMono-Regular, Menlo, monospace;
    font-size: 12px;
    word-break: break-all;
  }
`;
