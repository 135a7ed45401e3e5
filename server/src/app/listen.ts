import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

/** An app listening on a port. */
export interface Listening {
  server: Server;
  port: number;
  /** `http://<host>:<port>` (loopback hosts as given; `0.0.0.0` shown as `localhost`). */
  url: string;
  /**
   * Stops accepting connections, closes idle keep-alive ones at once and lets requests in flight
   * finish; after `graceMs` the remaining ones (event streams) are cut.
   */
  close(graceMs?: number): Promise<void>;
}

/** Listens on `host:port` (port 0: any free port). */
export async function listen(app: Express, options: { host: string; port: number }): Promise<Listening> {
  const server = createServer(app);
  // Event streams are long-lived; only the idle time between requests is bounded.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shown = options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    server,
    port,
    url: `http://${shown}:${port}`,
    close: (graceMs = 5_000) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => server.closeAllConnections(), graceMs);
        timer.unref();
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
