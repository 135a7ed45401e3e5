import { describe, expect, it } from 'vitest';
import { resolveLoginBaseUrl } from './login-host.js';

describe('resolveLoginBaseUrl', () => {
  it('when the host is apps.<domain> of a known environment, then the login host is login.<domain>', () => {
    expect(resolveLoginBaseUrl({ hostOrigin: 'https://apps.mypurecloud.de', targetEnv: 'prod-euc1' }, null)).toEqual({
      ok: true,
      loginBaseUrl: 'https://login.mypurecloud.de',
    });
    expect(resolveLoginBaseUrl({ hostOrigin: 'https://apps.usw2.pure.cloud', targetEnv: 'prod-usw2' }, { loginBaseUrl: null })).toEqual({
      ok: true,
      loginBaseUrl: 'https://login.usw2.pure.cloud',
    });
  });

  it('when the backend names a login host (the emulator), then that one is used, without a trailing slash', () => {
    expect(resolveLoginBaseUrl({ hostOrigin: 'http://localhost:3000', targetEnv: 'prod' }, { loginBaseUrl: 'http://127.0.0.1:8089/' })).toEqual({
      ok: true,
      loginBaseUrl: 'http://127.0.0.1:8089',
    });
  });

  it('when the host is not a Genesys domain, then it is refused rather than trusted', () => {
    expect(resolveLoginBaseUrl({ hostOrigin: 'https://apps.evil.example', targetEnv: 'prod' }, null)).toEqual({ ok: false, reason: 'unknown_host' });
    expect(resolveLoginBaseUrl({ hostOrigin: 'https://mypurecloud.com', targetEnv: 'prod' }, null)).toEqual({ ok: false, reason: 'unknown_host' });
  });

  it('when gcTargetEnv names another region than gcHostOrigin, then it is a mismatch', () => {
    expect(resolveLoginBaseUrl({ hostOrigin: 'https://apps.mypurecloud.com', targetEnv: 'prod-euw1' }, null)).toEqual({ ok: false, reason: 'env_mismatch' });
  });

  it('when the host is local and the backend names no login host, then there is none', () => {
    expect(resolveLoginBaseUrl({ hostOrigin: 'http://localhost:3000', targetEnv: 'prod' }, { loginBaseUrl: null })).toEqual({ ok: false, reason: 'no_login_host' });
  });
});
