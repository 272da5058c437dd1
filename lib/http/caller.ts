import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from '../zod.ts';
import { UnauthorizedError } from '../errors.ts';
import { ROLES } from '../roles.ts';

/**
 * Who is calling, as the gateway's authorizer vouched (functions/gateway/handlers/authorize.ts): the
 * context it returns and what every service's handler reads. Handlers never look at tokens.
 */
const callerContext = z.object({
  userId: z.string().check(z.minLength(1)),
  /** The user's address when the token was signed: what an order's notifications are sent to. */
  email: z.email(),
  role: z.enum(ROLES),
  sessionId: z.string().check(z.minLength(1)),
});
export type Caller = z.infer<typeof callerContext>;

/** The caller the authorizer put in the event (API Gateway HTTP API: requestContext.authorizer.lambda). */
export function callerOf(event: APIGatewayProxyEventV2): Caller {
  const { authorizer } = event.requestContext as { authorizer?: { lambda?: unknown } };
  const caller = callerContext.safeParse(authorizer?.lambda);
  // Only a route deployed without its authorizer gets here; it must not act for nobody.
  if (!caller.success) throw new UnauthorizedError('This route needs a signed-in caller.');
  return caller.data;
}
