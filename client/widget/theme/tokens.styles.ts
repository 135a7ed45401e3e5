/**
 * The Genesys Spark design tokens the widget uses, with their values bundled: Spark defines them
 * on Genesys's page, not inside our iframe, and its `gux-*` components are too heavy to load.
 *
 * Light: the Spark "flare" light semantic values (genesys-spark `packages/genesys-spark-tokens/
 * snapshot-new/css/gse-flare-light-semantic.css`). Dark: Spark's published dark snapshot still
 * carries the light values, so dark mode maps the same token names to Spark palette colours for
 * dark surfaces (the high-contrast surface `#1b2c48`, blueberry 200/300 `#ced2fc`/`#9ca6f9`,
 * and the darkest system shades), each pair checked for at least 4.5:1 text contrast.
 *
 * Applied on the widget's host element: `theme="dark"` / `theme="light"` force a scheme (the
 * `theme` URL parameter); without it, `prefers-color-scheme` decides. Custom properties inherit
 * through every nested shadow root.
 */
import { css, unsafeCSS } from 'lit';

const light = `
  --gse-semantic-background-surface-page-default: #ffffff;
  --gse-semantic-background-surface-page-tonalMedium: #f3f5fb;
  --gse-semantic-background-surface-elevated-default: #ffffff;
  --gse-semantic-background-surface-elevated-hover: #eff0fe;
  --gse-semantic-background-interactive-primary-default: #4856cb;
  --gse-semantic-background-interactive-primary-hover: #3742a2;
  --gse-semantic-background-interactive-secondary-default: #eff0fe;
  --gse-semantic-background-interactive-secondary-hover: #dee1fd;
  --gse-semantic-background-interactive-danger-default: #e22245;
  --gse-semantic-background-interactive-danger-hover: #881429;
  --gse-semantic-background-formControl-textInput-track: #ffffff;
  --gse-semantic-background-system-info: #e2dff8;
  --gse-semantic-background-system-success: #cef0e6;
  --gse-semantic-background-system-warning: #fef4d8;
  --gse-semantic-background-system-error: #f9d3da;
  --gse-semantic-background-system-progressAndLoading-default: #dee1fd;
  --gse-semantic-background-system-progressAndLoading-progressed: #4856cb;
  --gse-semantic-foreground-surface-highEmphasis: #1b2c48;
  --gse-semantic-foreground-surface-midEmphasis: #3e5374;
  --gse-semantic-foreground-surface-lowEmphasis: #626e84;
  --gse-semantic-foreground-interactive-primary-default: #ffffff;
  --gse-semantic-foreground-interactive-secondary-default: #3742a2;
  --gse-semantic-foreground-interactive-danger-default: #ffffff;
  --gse-semantic-foreground-interactive-link-default: #4856cb;
  --gse-semantic-foreground-interactive-link-hover: #3742a2;
  --gse-semantic-foreground-system-info-highEmphasis: #1b2c48;
  --gse-semantic-foreground-system-info-accent: #6e5ddb;
  --gse-semantic-foreground-system-success-highEmphasis: #1b2c48;
  --gse-semantic-foreground-system-success-accent: #09b581;
  --gse-semantic-foreground-system-warning-highEmphasis: #1b2c48;
  --gse-semantic-foreground-system-warning-accent: #f8c73e;
  --gse-semantic-foreground-system-error-highEmphasis: #1b2c48;
  --gse-semantic-foreground-system-error-accent: #e22245;
  --gse-semantic-foreground-formControl-label-default: #1b2c48;
  --gse-semantic-foreground-formControl-textInput-populated: #1b2c48;
  --gse-semantic-foreground-formControl-textInput-placeholder: #626e84;
  --gse-semantic-foreground-formControl-clickInput-selected: #4856cb;
  --gse-semantic-border-focus: #7b88f7;
  --gse-semantic-border-surface-divider: #c6c8ce;
  --gse-semantic-border-surface-edges-default: #c6c8ce;
  --gse-semantic-border-surface-edges-enabled: #4856cb;
  --gse-semantic-border-formControl-textInput-default: #a3a7b0;
  --gse-semantic-border-system-info: #c5bef1;
  --gse-semantic-border-system-success: #9de1cd;
  --gse-semantic-border-system-warning: #fce9b2;
  --gse-semantic-border-system-error: #f3a7b5;
  --gse-semantic-background-customAccents-bold-10: #3e5374;
  --gse-semantic-background-customAccents-bold-40: #0c6d7e;
  --gse-semantic-background-customAccents-bold-50: #607732;
  --gse-semantic-background-customAccents-bold-60: #5798d9;
  --gse-semantic-background-customAccents-bold-80: #89387b;
  --gse-semantic-background-customAccents-bold-100: #c44b3b;
  --gse-semantic-background-customAccents-bold-30: #3ac49a;
  color-scheme: light;
`;

const dark = `
  --gse-semantic-background-surface-page-default: #1b2c48;
  --gse-semantic-background-surface-page-tonalMedium: #23395d;
  --gse-semantic-background-surface-elevated-default: #23395d;
  --gse-semantic-background-surface-elevated-hover: #2c4570;
  --gse-semantic-background-interactive-primary-default: #9ca6f9;
  --gse-semantic-background-interactive-primary-hover: #ced2fc;
  --gse-semantic-background-interactive-secondary-default: #2c4570;
  --gse-semantic-background-interactive-secondary-hover: #3e5374;
  --gse-semantic-background-interactive-danger-default: #ee7a8f;
  --gse-semantic-background-interactive-danger-hover: #f3a7b5;
  --gse-semantic-background-formControl-textInput-track: #141c34;
  --gse-semantic-background-system-info: #141c34;
  --gse-semantic-background-system-success: #033627;
  --gse-semantic-background-system-warning: #3d300c;
  --gse-semantic-background-system-error: #440a15;
  --gse-semantic-background-system-progressAndLoading-default: #3e5374;
  --gse-semantic-background-system-progressAndLoading-progressed: #9ca6f9;
  --gse-semantic-foreground-surface-highEmphasis: #ffffff;
  --gse-semantic-foreground-surface-midEmphasis: #e8ebf7;
  --gse-semantic-foreground-surface-lowEmphasis: #c6ceec;
  --gse-semantic-foreground-interactive-primary-default: #1b2c48;
  --gse-semantic-foreground-interactive-secondary-default: #ced2fc;
  --gse-semantic-foreground-interactive-danger-default: #1b2c48;
  --gse-semantic-foreground-interactive-link-default: #ced2fc;
  --gse-semantic-foreground-interactive-link-hover: #ffffff;
  --gse-semantic-foreground-system-info-highEmphasis: #ffffff;
  --gse-semantic-foreground-system-info-accent: #c5bef1;
  --gse-semantic-foreground-system-success-highEmphasis: #ffffff;
  --gse-semantic-foreground-system-success-accent: #6bd3b3;
  --gse-semantic-foreground-system-warning-highEmphasis: #ffffff;
  --gse-semantic-foreground-system-warning-accent: #fbdd8b;
  --gse-semantic-foreground-system-error-highEmphasis: #ffffff;
  --gse-semantic-foreground-system-error-accent: #ee7a8f;
  --gse-semantic-foreground-formControl-label-default: #ffffff;
  --gse-semantic-foreground-formControl-textInput-populated: #ffffff;
  --gse-semantic-foreground-formControl-textInput-placeholder: #c6ceec;
  --gse-semantic-foreground-formControl-clickInput-selected: #9ca6f9;
  --gse-semantic-border-focus: #9ca6f9;
  --gse-semantic-border-surface-divider: #3e5374;
  --gse-semantic-border-surface-edges-default: #626e84;
  --gse-semantic-border-surface-edges-enabled: #9ca6f9;
  --gse-semantic-border-formControl-textInput-default: #a3a7b0;
  --gse-semantic-border-system-info: #6e5ddb;
  --gse-semantic-border-system-success: #09b581;
  --gse-semantic-border-system-warning: #9a7b25;
  --gse-semantic-border-system-error: #e22245;
  --gse-semantic-background-customAccents-bold-10: #c6ceec;
  --gse-semantic-background-customAccents-bold-40: #90d3dd;
  --gse-semantic-background-customAccents-bold-50: #c6dd98;
  --gse-semantic-background-customAccents-bold-60: #9ac1e8;
  --gse-semantic-background-customAccents-bold-80: #ef9ee1;
  --gse-semantic-background-customAccents-bold-100: #feb2ab;
  --gse-semantic-background-customAccents-bold-30: #9de1cd;
  color-scheme: dark;
`;

/** Token values on `:host`, light by default, dark by preference or by `theme="dark"`. */
export const tokenStyles = css`
  :host {
    ${unsafeCSS(light)}
    --gse-semantic-borderRadius-container-medium: 8px;
    --gse-semantic-borderRadius-container-small: 4px;
    --gse-semantic-borderRadius-interactive-small: 4px;
    --gse-semantic-borderRadius-formControl-input-medium: 4px;
    --gse-semantic-fontFamily-headings: Urbanist;
    --gse-semantic-body-md-regular-fontSize: 14px;
    --gse-semantic-body-md-regular-lineHeight: 20px;
    --gse-semantic-body-sm-regular-fontSize: 12px;
    --gse-semantic-body-sm-regular-lineHeight: 18px;
    --gse-semantic-opacity-disabled: 0.5;
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${unsafeCSS(dark)}
    }
  }
  :host([theme='dark']) {
    ${unsafeCSS(dark)}
  }
`;
