import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IDS } from '../../emulator/src/index.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { sdkError, sdkFor } from '../support/sdk.js';

describe('identity calls (reference §1.4)', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator();
  });
  afterAll(() => emu.close());

  it('§1.4 tokens/me: when a user token asks, then the org and the OAuth client (capital "OAuthClient") come back', async () => {
    const info = await sdkFor(emu.url, emu.userToken('mergeAgent')).tokens.getTokensMe();
    expect(info.organization).toEqual({ id: DEMO_IDS.orgId, name: DEMO_IDS.orgName });
    expect(info.homeOrganization?.id).toBe(DEMO_IDS.orgId);
    expect(info.OAuthClient).toMatchObject({ id: DEMO_IDS.clients.widget.id, authorizedGrantType: 'CODE', organization: { id: DEMO_IDS.orgId } });
  });

  it('§1.4 tokens/me: when a client-credentials token asks, then its own client is named', async () => {
    const info = await sdkFor(emu.url, await emu.clientToken()).tokens.getTokensMe();
    expect(info.OAuthClient?.id).toBe(DEMO_IDS.clients.backend.id);
  });

  it('§1.4 users/me?expand=authorization: when the merge agent asks, then the roles and their permissions are listed', async () => {
    const me = await sdkFor(emu.url, emu.userToken('mergeAgent')).users.getUsersMe({ expand: ['authorization', 'organization'] });
    expect(me).toMatchObject({ id: DEMO_IDS.users.mergeAgent, name: 'Alex Agent', division: { id: DEMO_IDS.divisions.home } });
    expect(me.authorization?.roles?.map((r) => r.id)).toEqual([DEMO_IDS.roles.mergeAgent]);
    expect(me.authorization?.permissions).toEqual(expect.arrayContaining([DEMO_IDS.permissions.view, 'externalContacts:identity:merge']));
    expect(me.organization?.defaultCountryCode).toBe('US');
  });

  it('§1.4 users/me: when the admin (two roles) asks, then the permissions are the union of both roles', async () => {
    const me = await sdkFor(emu.url, emu.userToken('admin')).users.getUsersMe({ expand: ['authorization'] });
    expect(me.authorization?.permissions).toEqual(expect.arrayContaining([DEMO_IDS.permissions.admin, 'externalContacts:identity:merge']));
  });

  it('§1.4 users/me: when no expand is given, then no authorization block is sent', async () => {
    const me = await sdkFor(emu.url, emu.userToken('plainAgent')).users.getUsersMe();
    expect(me.id).toBe(DEMO_IDS.users.plainAgent);
    expect(me.authorization).toBeUndefined();
  });

  it('§1.4 users/me: when a client-credentials token asks, then it is refused (no user context)', async () => {
    const error = await sdkError(sdkFor(emu.url, await emu.clientToken()).users.getUsersMe());
    expect(error).toMatchObject({ status: 400, code: 'bad.request', message: expect.stringContaining('user context') });
  });

  it('§1.4 organizations/me: when asked, then defaultCountryCode is the dataset org\'s defaultCountry', async () => {
    const org = await sdkFor(emu.url, await emu.clientToken()).organization.getOrganizationsMe();
    expect(org).toMatchObject({ id: DEMO_IDS.orgId, name: DEMO_IDS.orgName, defaultCountryCode: 'US' });
  });
});
