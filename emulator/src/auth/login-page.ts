import type { DatasetUser } from '../state/index.js';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** What the login page shows and posts back. */
export interface LoginPageInput {
  orgName: string;
  clientName: string;
  users: readonly DatasetUser[];
  /** The authorize request's parameters, carried through the form as hidden fields. */
  params: Record<string, string>;
  notice?: string;
}

/**
 * The emulator's sign-in page: one button per dataset user, posting to `/oauth/authorize` with the
 * original parameters. Self-contained (inline styles, no scripts or external assets), so it renders
 * inside a sandboxed iframe or a popup. Buttons carry `data-user-id` and `data-user-email` for tests.
 */
export function renderLoginPage(input: LoginPageInput): string {
  const hidden = Object.entries(input.params)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n      ');
  const buttons = input.users
    .map(
      (user) =>
        `<li><button type="submit" name="user" value="${escapeHtml(user.id)}" data-user-id="${escapeHtml(user.id)}" data-user-email="${escapeHtml(user.email)}">` +
        `<strong>${escapeHtml(user.name)}</strong><span>${escapeHtml(user.email)}</span></button></li>`,
    )
    .join('\n        ');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Sign in · ${escapeHtml(input.orgName)} (Genesys Cloud emulator)</title>
  <style>
    body { font-family: system-ui, sans-serif; background: #f4f5f7; color: #1f2937; margin: 0; padding: 2rem 1rem; }
    main { max-width: 26rem; margin: 0 auto; background: #fff; border-radius: 8px; padding: 1.5rem; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
    h1 { font-size: 1.25rem; margin: 0 0 .25rem; }
    p { margin: .25rem 0 1rem; color: #4b5563; }
    ul { list-style: none; padding: 0; margin: 0; }
    li + li { margin-top: .5rem; }
    button { width: 100%; text-align: left; padding: .75rem 1rem; border: 1px solid #d1d5db; border-radius: 6px; background: #fff; cursor: pointer; font: inherit; }
    button:hover, button:focus { border-color: #2563eb; outline: none; box-shadow: 0 0 0 2px #bfdbfe; }
    button span { display: block; color: #6b7280; font-size: .875rem; }
    .notice { background: #fef3c7; padding: .5rem .75rem; border-radius: 4px; }
  </style>
</head>
<body>
  <main>
    <h1>Sign in to ${escapeHtml(input.orgName)}</h1>
    <p>${escapeHtml(input.clientName)} asks to act as you. Choose a user (Genesys Cloud emulator: no passwords).</p>
    ${input.notice ? `<p class="notice" role="status">${escapeHtml(input.notice)}</p>` : ''}
    <form method="post" action="/oauth/authorize">
      ${hidden}
      <ul>
        ${buttons}
      </ul>
    </form>
  </main>
</body>
</html>
`;
}

/**
 * A plain page with a title and a message: authorize errors that cannot be redirected (unknown
 * client or redirect URI, RFC 6749 §4.1.2.1) and the logout confirmation.
 */
export function renderMessagePage(title: string, message: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} (Genesys Cloud emulator)</title></head>
<body style="font-family: system-ui, sans-serif; padding: 2rem;"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></body></html>
`;
}
