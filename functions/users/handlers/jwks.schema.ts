import * as z from '../../../lib/zod.ts';

/** The public keys that verify access tokens, as JSON Web Keys (RFC 7517): public halves only (EC P-256). */
export const Jwks = z.object({
  keys: z.array(
    z.object({ kty: z.literal('EC'), crv: z.string(), x: z.string(), y: z.string(), kid: z.string(), alg: z.string(), use: z.string() }),
  ),
});
