import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from '../zod.ts';
import { UnauthorizedError } from '../errors.ts';
import { once } from '../once.ts';

/**
 * Who is calling, as the gateway's authorizer vouched (functions/users/handlers/authorize.ts): the
 * context it returns and what every service's handler reads. Handlers never look at tokens.
 */
// Built on first use, not at load: every route's bundle holds it, few routes have a caller.
const callerContext = /* @__PURE__ */ once(() =>
  z.object({
    userId: z.string().check(z.minLength(1)),
    role: z.enum(['customer', 'admin']),
    sessionId: z.string().check(z.minLength(1)),
  }),
);
export type Caller = z.infer<ReturnType<typeof callerContext>>;

/** The caller the authorizer put in the event (API Gateway HTTP API: requestContext.authorizer.lambda). */
export function callerOf(event: APIGatewayProxyEventV2): Caller {
  const { authorizer } = event.requestContext as { authorizer?: { lambda?: unknown } };
  const caller = callerContext().safeParse(authorizer?.lambda);
  // Only a route deployed without its authorizer gets here; it must not act for nobody.
  if (!caller.success) throw new UnauthorizedError('This route needs a signed-in caller.');
  return caller.data;
}
