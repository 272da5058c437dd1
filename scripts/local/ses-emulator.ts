/**
 * The local SES: aws-ses-v2-local (v1 and v2 SendEmail), in this process. Its web page (`url`) shows
 * what was sent; `GET <url>/store` lists it as JSON, which the tests read. It keeps mail in memory only,
 * in one store per process, so a stack's mail lives as long as the stack.
 *
 * aws-ses-v2-local has no GetEmailIdentity, which the notifications service's readiness asks; this
 * answers it, and hands every other request to the emulator. It sends from any address, so it answers
 * every identity as verified, except those its control names:
 *
 *   GET /control, PUT /control   {"notVerified": [identity, ...], "unknown": [identity, ...]}: what
 *                                GetEmailIdentity answers (each PUT replaces all; {} is every identity
 *                                verified). It changes no send: the emulator still sends from them.
 */
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { text } from 'node:stream/consumers';
import sesModule from 'aws-ses-v2-local';
import * as z from '../../lib/zod.ts';
import type { Emulator } from './emulators.ts';

// A CommonJS module with an `exports.default`: node's ESM loader gives the whole exports object as the
// default import, while jest's (and TypeScript's) interop gives `exports.default`.
const startSesServer = (sesModule as unknown as { default?: typeof sesModule }).default ?? sesModule;

const identityControl = z.strictObject({
  notVerified: z._default(z.array(z.string().check(z.minLength(1))), []),
  unknown: z._default(z.array(z.string().check(z.minLength(1))), []),
});
type IdentityControl = z.infer<typeof identityControl>;

/** Starts it on `port` (0 picks a free one; `url` says which). It listens on `host` alone, never on every interface. */
export async function startSesEmulator({ port, host = '127.0.0.1' }: { port: number; host?: string }): Promise<Emulator> {
  const server: Server = await startSesServer({ port, host });
  answerIdentities(server);
  const exited = new Promise<string>((resolve) => server.once('close', () => resolve('The SES emulator stopped.')));
  const address = server.address();
  const boundPort = typeof address === 'object' && address !== null ? address.port : port;
  return {
    url: `http://${host}:${boundPort}`,
    exited,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // A browser left on the web page holds a keep-alive connection that would keep close() waiting.
        server.closeAllConnections();
      }),
  };
}

/** Puts GetEmailIdentity and its control in front of the emulator's own request handler (its express app). */
function answerIdentities(server: Server): void {
  const emulator = server.listeners('request')[0] as RequestListener | undefined;
  if (emulator === undefined) throw new Error('aws-ses-v2-local started a server without a request handler.');
  let control: IdentityControl = identityControl.parse({});
  server.removeAllListeners('request');
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://local').pathname;
    const identity = /^\/v2\/email\/identities\/([^/]+)$/.exec(path)?.[1];
    if (path === '/control' && request.method === 'GET') return reply(response, 200, control);
    if (path === '/control' && request.method === 'PUT') {
      return void text(request).then(
        (body) => {
          const parsed = identityControl.safeParse(parseJson(body || '{}'));
          if (!parsed.success) return reply(response, 400, { message: z.prettifyError(parsed.error) });
          control = parsed.data;
          return reply(response, 200, control);
        },
        () => response.destroy(),
      );
    }
    if (identity !== undefined && request.method === 'GET') return emailIdentity(response, decodeURIComponent(identity), control);
    return void emulator(request, response);
  });
}

/** As SES v2 answers GetEmailIdentity (the fields the shop reads, and their neighbours). */
function emailIdentity(response: ServerResponse, identity: string, { notVerified, unknown }: IdentityControl): void {
  const named = (list: string[]) => list.some((entry) => entry.toLowerCase() === identity.toLowerCase());
  if (named(unknown)) {
    response.setHeader('x-amzn-errortype', 'NotFoundException');
    return reply(response, 404, { message: `Email identity ${identity} does not exist.` });
  }
  const verified = !named(notVerified);
  reply(response, 200, {
    IdentityType: identity.includes('@') ? 'EMAIL_ADDRESS' : 'DOMAIN',
    FeedbackForwardingStatus: true,
    VerifiedForSendingStatus: verified,
    VerificationStatus: verified ? 'SUCCESS' : 'PENDING',
    Policies: {},
    Tags: [],
  });
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
}
