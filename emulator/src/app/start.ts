import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EmulatorOptions } from '../config/index.js';
import { createEmulator, type Emulator } from './create-emulator.js';

/** An emulator listening on a port. */
export interface RunningEmulator {
  /** e.g. `http://127.0.0.1:40123` (no trailing slash). */
  url: string;
  port: number;
  emulator: Emulator;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

/** Creates an emulator and listens on `host` (default 127.0.0.1) and `port` (default 0: a free port). */
export async function startEmulator(options: EmulatorOptions & { port?: number; host?: string }): Promise<RunningEmulator> {
  const emulator = createEmulator(options);
  const host = options.host ?? '127.0.0.1';
  const server = createServer(emulator.app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    emulator,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
