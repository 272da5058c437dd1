import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/** The header under which a users handler finds the address its request came from. */
const CLIENT_ADDRESS_HEADER = 'x-shop-client-address';

/**
 * Copies the address the gateway saw (`requestContext.http.sourceIp`, the socket's peer locally too)
 * into the request's headers, replacing any a client sent under that name. lib/http hands handlers the
 * headers but not the request context, and logins are throttled by address.
 */
export const clientAddress = (): MiddlewareObj<APIGatewayProxyEventV2> => ({
  before: ({ event }) => {
    event.headers = { ...event.headers, [CLIENT_ADDRESS_HEADER]: event.requestContext.http.sourceIp };
  },
});

/** The address clientAddress put in the headers. */
export function addressOf(headers: Readonly<Record<string, string | undefined>>): string {
  const address = headers[CLIENT_ADDRESS_HEADER];
  if (address === undefined) throw new Error('The handler is not wrapped in clientAddress(): no source address.');
  return address;
}
