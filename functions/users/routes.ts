/** The users service's HTTP routes as the OpenAPI document describes them (scripts/openapi/). */
import { locationHeader, readinessResponses, type ApiRoute } from '../../lib/http/api-route.ts';
import * as z from '../../lib/zod.ts';
import { Jwks } from './handlers/jwks.schema.ts';
import { LogInRequest, TokenPair } from './handlers/log-in.schema.ts';
import { RefreshRequest } from './handlers/refresh.schema.ts';
import { RegisterRequest, User } from './handlers/register.schema.ts';
import { UpdateMeRequest } from './handlers/update-me.schema.ts';

const noStore = z.object({ 'Cache-Control': z.literal('no-store') });
const tokens = { 200: { description: 'A new token pair; never cached on the way.', headers: noStore, body: TokenPair } };

export const usersRoutes: readonly ApiRoute[] = [
  {
    operationId: 'usersHealth',
    method: 'GET',
    path: '/users/health',
    summary: "The users service's readiness",
    request: {},
    responses: readinessResponses,
  },
  {
    operationId: 'register',
    method: 'POST',
    path: '/auth/register',
    summary: 'Open an account',
    description: 'Always a customer, whatever the body says; one account per real address (409 when it is taken).',
    request: RegisterRequest,
    responses: { 201: { description: 'The new account.', headers: z.object({ Location: locationHeader }), body: User } },
    problems: [409],
  },
  {
    operationId: 'logIn',
    method: 'POST',
    path: '/auth/login',
    summary: 'Log in',
    description: 'The same 401 for an unknown email and a wrong password; repeated failures are throttled (429 with Retry-After).',
    request: LogInRequest,
    responses: tokens,
    problems: [401, 429],
  },
  {
    operationId: 'refresh',
    method: 'POST',
    path: '/auth/refresh',
    summary: 'Trade a refresh token for a new token pair',
    description: 'Rotates: the refresh token sent is spent. One used twice revokes its whole session (401).',
    request: RefreshRequest,
    responses: tokens,
    problems: [401],
  },
  {
    operationId: 'logOut',
    method: 'POST',
    path: '/auth/logout',
    summary: "End the caller's session",
    auth: 'signedIn',
    request: {},
    responses: { 204: { description: 'The session is over: its refresh token no longer works.' } },
  },
  {
    operationId: 'jwks',
    method: 'GET',
    path: '/.well-known/jwks.json',
    summary: 'The public keys that verify access tokens',
    request: {},
    responses: {
      200: { description: 'The keys; caches may keep them a few minutes.', headers: z.object({ 'Cache-Control': z.string() }), body: Jwks },
    },
  },
  {
    operationId: 'getMe',
    method: 'GET',
    path: '/users/me',
    summary: "The caller's own account",
    auth: 'signedIn',
    request: {},
    responses: { 200: { description: 'The account.', body: User } },
    problems: [404],
  },
  {
    operationId: 'updateMe',
    method: 'PATCH',
    path: '/users/me',
    summary: "Change the caller's name or password",
    description: 'A new password needs currentPassword, keeps this session and ends the others.',
    auth: 'signedIn',
    request: UpdateMeRequest,
    responses: { 200: { description: 'The account as changed.', body: User } },
    problems: [404, 429],
  },
];
