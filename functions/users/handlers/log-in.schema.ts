import * as z from '../../../lib/zod.ts';
import { email, password } from './register.schema.ts';

export const LogInRequest = { body: z.strictObject({ email, password }) };

/** What a login or a refresh answers (functions/users/domain/tokens.ts). */
export const TokenPair = z.object({
  accessToken: z.string().check(z.meta({ description: 'A JWT to send as Authorization: Bearer <token>.' })),
  refreshToken: z.string().check(z.meta({ description: 'Good for one POST /auth/refresh, which answers a new one.' })),
  expiresIn: z.int().check(z.meta({ description: 'Seconds until the access token expires.' })),
  tokenType: z.literal('Bearer'),
});
