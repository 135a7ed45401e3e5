import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IDS } from '../../emulator/src/index.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { sdkFor } from '../support/sdk.js';

describe('§1.3 PKCE with oauth4webapi, as the widget signs in (DESIGN.md "Widget sign-in")', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator();
  });
  afterAll(() => emu.close());

  it('when the widget runs the code flow with oauth4webapi, then the response validates and the token acts as the agent', async () => {
    const as: oauth.AuthorizationServer = {
      issuer: emu.url,
      authorization_endpoint: `${emu.url}/oauth/authorize`,
      token_endpoint: `${emu.url}/oauth/token`,
    };
    const client: oauth.Client = { client_id: DEMO_IDS.clients.widget.id };
    const redirectUri = 'http://localhost:5173/widget';
    const verifier = oauth.generateRandomCodeVerifier();
    const state = JSON.stringify({ conversationId: DEMO_IDS.conversations.janeActiveCall });
    const authorize = new URL(as.authorization_endpoint!);
    for (const [key, value] of Object.entries({
      client_id: client.client_id, redirect_uri: redirectUri, response_type: 'code', state,
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
      login_hint: 'alex.agent@demo-contact-centre.example',
    })) authorize.searchParams.set(key, value);

    const redirect = await fetch(authorize, { redirect: 'manual' });
    const callback = oauth.validateAuthResponse(as, client, new URL(redirect.headers.get('location')!), state);
    const response = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), callback, redirectUri, verifier, { [oauth.allowInsecureRequests]: true });
    const tokens = await oauth.processAuthorizationCodeResponse(as, client, response);
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.expires_in).toBe(86400);
    expect((await sdkFor(emu.url, tokens.access_token).users.getUsersMe()).id).toBe(DEMO_IDS.users.mergeAgent);
  });
});
