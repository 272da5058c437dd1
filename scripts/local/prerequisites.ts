import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';

/** A reason `npm start` cannot go on, said so the user knows what to do. */
export class StartError extends Error {}

export function requireNode(major: number): void {
  const running = Number(process.versions.node.split('.')[0]);
  if (running < major) {
    throw new StartError(
      `Node ${major} or newer is needed (this is ${process.version}). Run the scripts through npm ("npm start"), ` +
        `which uses the node@${major} installed by "npm install", or install Node ${major}.`,
    );
  }
}

/** DynamoDB Local is a Java program; it needs Java 17 or newer on the PATH. */
export function requireJava(): void {
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  const version = /version "(\d+)/.exec(java.stderr ?? '')?.[1];
  if (java.error !== undefined || version === undefined) {
    throw new StartError(
      'Java is needed for DynamoDB Local and was not found on the PATH. Install Java 17 or newer ' +
        '(Debian/Ubuntu: "sudo apt-get install openjdk-17-jre-headless"; macOS: "brew install openjdk@17"), ' +
        'or point AWS_ENDPOINT_URL_DYNAMODB at a DynamoDB you already run.',
    );
  }
  if (Number(version) < 17) throw new StartError(`DynamoDB Local needs Java 17 or newer; "java" is Java ${version}.`);
}

/** Fails with the port and what wanted it if something already listens there. */
export async function requireFreePort(port: number, wantedBy: string, host = '127.0.0.1'): Promise<void> {
  const free = await new Promise<boolean>((resolve) => {
    const server = createServer()
      .once('error', () => resolve(false))
      .once('listening', () => server.close(() => resolve(true)))
      .listen(port, host);
  });
  if (!free) {
    throw new StartError(
      `Port ${port} is taken, and ${wantedBy} wants it. Stop what listens there (see "ss -ltnp 'sport = :${port}'") ` +
        `or give ${wantedBy} another port (see "npm start -- --help").`,
    );
  }
}

/** A port nobody listens on now (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
      .once('error', reject)
      .listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
  });
}
