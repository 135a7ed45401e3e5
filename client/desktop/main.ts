/** The desktop harness page's entry (`/desktop`): mounts `<im-desktop-harness>`. */
import { css } from 'lit';
import './harness.js';

const pageStyles = css`
  html,
  body {
    margin: 0;
  }
`;
document.adoptedStyleSheets = [...document.adoptedStyleSheets, pageStyles.styleSheet!];

const harness = document.createElement('im-desktop-harness');
harness.deps = { fetch: window.fetch.bind(window), window };
document.body.append(harness);
