/**
 * The official Platform SDK (`purecloud-platform-client-v2`) pointed at an emulator: one
 * `ApiClientClass` instance per call (never the singleton), gateway set to the emulator's URL.
 */
import platformClient from 'purecloud-platform-client-v2';

/** An SDK client instance (the type of `new platformClient.ApiClientClass()`). */
export type SdkClient = typeof platformClient.ApiClient;

/** The API classes the emulator serves, bound to one client. */
export interface SdkApis {
  analytics: platformClient.AnalyticsApi;
  conversations: platformClient.ConversationsApi;
  externalContacts: platformClient.ExternalContactsApi;
  journey: platformClient.JourneyApi;
  organization: platformClient.OrganizationApi;
  tokens: platformClient.TokensApi;
  users: platformClient.UsersApi;
}

/**
 * A client for the emulator at `url` (e.g. `http://127.0.0.1:40123`), with `token` as its bearer
 * token if given. `extendedResponses`: successes and rejections become `{status, headers, body, …}`.
 */
export function sdkClient(url: string, token?: string, options: { extendedResponses?: boolean } = {}): SdkClient {
  const { hostname, port, protocol } = new URL(url);
  const client = new platformClient.ApiClientClass();
  client.setGateway({ host: hostname, protocol: protocol.replace(':', ''), port: Number(port) });
  if (token !== undefined) client.setAccessToken(token);
  if (options.extendedResponses) client.setReturnExtendedResponses(true);
  return client;
}

/** Every API class the emulator implements, on `client`. */
export function sdkApis(client: SdkClient): SdkApis {
  return {
    analytics: new platformClient.AnalyticsApi(client),
    conversations: new platformClient.ConversationsApi(client),
    externalContacts: new platformClient.ExternalContactsApi(client),
    journey: new platformClient.JourneyApi(client),
    organization: new platformClient.OrganizationApi(client),
    tokens: new platformClient.TokensApi(client),
    users: new platformClient.UsersApi(client),
  };
}

/** Shorthand: the APIs of a fresh client for `url` and `token`. */
export function sdkFor(url: string, token: string, options: { extendedResponses?: boolean } = {}): SdkApis {
  return sdkApis(sdkClient(url, token, options));
}

/** Runs an SDK call expected to fail and returns what the SDK rejected with (the parsed error body by default). */
export async function sdkError<T = Record<string, unknown>>(call: Promise<unknown>): Promise<T> {
  try {
    await call;
  } catch (error) {
    return error as T;
  }
  throw new Error('expected the SDK call to fail, but it succeeded');
}
