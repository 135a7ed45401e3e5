// The SDK exports its ApiClient class at runtime as `ApiClientClass` (one instance per org,
// never the `ApiClient.instance` singleton; DESIGN.md), but its typings only declare the
// singleton. This declares the constructor.
import 'purecloud-platform-client-v2';

declare module 'purecloud-platform-client-v2' {
  export const ApiClientClass: new () => typeof ApiClient;
}
