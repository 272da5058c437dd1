/**
 * Representative events for the users service's functions (see events.ts for what a scenario is): its
 * two Lambda authorizers, its public routes, and the routes behind the signedIn authorizer, each
 * acting for a user seed-users.ts made, so every answer is the real one and not a 401 or a 404.
 */
import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { at, httpApiEvent, httpScenario, JSON_CONTENT, type Caller, type Scenario } from './events.ts';
import { freshEmail, type SignedIn, type UsersSeed } from './seed-users.ts';
import type { Endpoints } from './stack.ts';

/** `signingKeyId` is the kid of the key the bench gave the stack and the cold runs. */
export function usersScenarios(users: UsersSeed, signingKeyId: string, stack: Endpoints): Record<string, Scenario> {
  const { customer, password } = users;
  const tokens = (body: unknown) => {
    const { accessToken, refreshToken } = body as { accessToken?: string; refreshToken?: string };
    return accessToken !== undefined && refreshToken !== undefined ? undefined : `no token pair: ${JSON.stringify(body).slice(0, 200)}`;
  };
  const isCustomer = (body: unknown) => ((body as { id?: string }).id === customer.caller.userId ? undefined : 'another user came back');

  return {
    // The guarded routes named only describe the request; the authorizers do not look at them.
    authorize: authorizerScenario('GET /users/me, customer token', 'GET /users/me', customer, stack),
    authorizeAdmin: authorizerScenario('POST /products, admin token', 'POST /products', users.admin, stack),
    usersHealth: httpScenario('GET /users/health', () => ({}), 200, (body) =>
      (body as { ready?: boolean }).ready === true ? undefined : `not ready: ${JSON.stringify(body)}`,
    ),
    // Issue 3's floors, in its words. "Passwords hashed with scrypt"; "email unique ... (a conditional
    // write, not a read-then-write)": the email's claim and the account, written together.
    register: {
      ...httpScenario('POST a fresh email', () => ({ headers: JSON_CONTENT, body: { email: freshEmail(), password, name: 'Bench newcomer' } }), 201),
      floorSteps: [['hash-password'], ['transact-2']],
    },
    // "5 failed logins for one email within 15 minutes → 429" ("a counter with TTL in the users table"):
    // each attempt counted (one update) while the account is read by its email (one read); the password
    // checked; then the session stored with its refresh token ("stored only as hashes"; one write), the
    // failures forgotten (one delete) and the access token signed.
    logIn: {
      ...httpScenario('POST a seeded user', () => ({ headers: JSON_CONTENT, body: { email: customer.email, password } }), 200, tokens),
      floorSteps: [['update', 'read'], ['hash-password'], ['write', 'delete', 'sign-token']],
    },
    // "Rotates: returns a new pair and invalidates the old refresh token": the token found by its hash
    // (one read); the old one spent (an update) and the new one stored, together (a crash between would
    // leave two live tokens, or none); the access token signed.
    refresh: {
      ...httpScenario('POST a fresh refresh token', (n) => ({ headers: JSON_CONTENT, body: { refreshToken: at(users.refreshTokens, n) } }), 200, tokens),
      floorSteps: [['read'], ['transact-update-put'], ['sign-token']],
    },
    // "POST /auth/logout revokes": one change of the session in place.
    logOut: { ...httpScenario('POST, a live session', (n) => ({ caller: at(users.sessionsToEnd, n) }), 204), floorSteps: [['update']] },
    jwks: httpScenario('GET /.well-known/jwks.json', () => ({}), 200, (body) =>
      (body as { keys?: Array<{ kid?: string }> }).keys?.some((key) => key.kid === signingKeyId) === true ? undefined : `not the bench's key: ${JSON.stringify(body)}`,
    ),
    getMe: httpScenario('GET /users/me', () => ({ caller: customer.caller }), 200, isCustomer),
    // The name changed in place (one update), answered with the user as they now are.
    updateMe: {
      ...httpScenario('PATCH a new name', (n) => ({ caller: customer.caller, headers: JSON_CONTENT, body: { name: `Bench customer ${n}` } }), 200, isCustomer),
      floorSteps: [['update']],
    },
  };
}

/** The authorizer must admit the bearer and hand on exactly who they are (the context routes read). */
function authorizerScenario(label: string, routeKey: string, bearer: SignedIn, stack: Endpoints): Scenario {
  return {
    label,
    invocation: () => ({
      event: authorizerEvent(routeKey, bearer.accessToken, stack),
      check: (response) => {
        const { isAuthorized, context } = (response ?? {}) as { isAuthorized?: boolean; context?: Partial<Caller> };
        if (isAuthorized !== true) return `not authorized: ${JSON.stringify(response ?? null).slice(0, 200)}`;
        const { userId, role, sessionId } = bearer.caller;
        return context?.userId === userId && context.role === role && context.sessionId === sessionId ? undefined : `another caller: ${JSON.stringify(context)}`;
      },
    }),
  };
}

/**
 * An HTTP API REQUEST authorizer event (payload 2.0), as API Gateway sends it before the route: the
 * request as the route would see it, its identity source (the Authorization header) and the route's ARN.
 */
function authorizerEvent(routeKey: string, accessToken: string, stack: Endpoints): APIGatewayRequestAuthorizerEventV2 {
  const authorization = `Bearer ${accessToken}`;
  const { rawPath, rawQueryString, headers, requestContext } = httpApiEvent({ routeKey }, { headers: { authorization } });
  const { apiId, stage, http } = requestContext;
  return {
    version: '2.0',
    type: 'REQUEST',
    routeArn: `arn:aws:execute-api:${stack.region}:${requestContext.accountId}:${apiId}/${stage}/${http.method}${rawPath}`,
    identitySource: [authorization],
    routeKey,
    rawPath,
    rawQueryString,
    cookies: [],
    headers,
    requestContext,
  };
}
