/** The CRM receiver page's entry (`/crm`): mounts `<im-crm-deliveries>`. */
import { css } from 'lit';
import './deliveries.js';

const pageStyles = css`
  html,
  body {
    margin: 0;
  }
`;
document.adoptedStyleSheets = [...document.adoptedStyleSheets, pageStyles.styleSheet!];

const page = document.createElement('im-crm-deliveries');
page.deps = { fetch: window.fetch.bind(window) };
document.body.append(page);
