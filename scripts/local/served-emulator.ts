import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Emulator } from './emulators.ts';

/** An in-process HTTP server already listening on `host` (port 0 picked one: `url` says which), as an Emulator. */
export function servedEmulator(server: Server, host: string, name: string): Emulator {
  const exited = new Promise<string>((resolve) => server.once('close', () => resolve(`${name} stopped.`)));
  // Listening on a TCP port (not a pipe), its address is an AddressInfo.
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    exited,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // A browser left open on its pages holds keep-alive connections that would keep close() waiting.
        server.closeAllConnections();
      }),
  };
}
