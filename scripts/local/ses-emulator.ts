/**
 * aws-ses-v2-local, a local SES (v1 and v2 SendEmail), in this process. Its web page (`url`) shows what
 * was sent; `GET <url>/store` lists it as JSON, which the tests read. It keeps mail in memory only, in
 * one store per process, so a stack's mail lives as long as the stack.
 */
import type { Server } from 'node:http';
import sesModule from 'aws-ses-v2-local';
import type { Emulator } from './emulators.ts';
import { servedEmulator } from './served-emulator.ts';

// A CommonJS module with an `exports.default`: node's ESM loader gives the whole exports object as the
// default import, while jest's (and TypeScript's) interop gives `exports.default`.
const startSesServer = (sesModule as unknown as { default?: typeof sesModule }).default ?? sesModule;

/** Starts it on `port` (0 picks a free one; `url` says which). It listens on `host` alone, never on every interface. */
export async function startSesEmulator({ port, host = '127.0.0.1' }: { port: number; host?: string }): Promise<Emulator> {
  const server: Server = await startSesServer({ port, host });
  return servedEmulator(server, host, 'The SES emulator');
}
