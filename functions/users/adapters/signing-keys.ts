import { createHash, generateKeyPairSync } from 'node:crypto';
import * as z from '../../../lib/zod.ts';
import type { PrivateJwk } from '../ports.ts';

const base64url = z.string().check(z.regex(/^[\w-]+$/, 'must be base64url'));

const PrivateJwkSchema = z.object({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  kid: z.string().check(z.minLength(1), z.maxLength(128)),
  x: base64url,
  y: base64url,
  d: base64url,
  alg: z.optional(z.literal('ES256')),
  use: z.optional(z.literal('sig')),
});

/**
 * One private JWK, or a JWK Set whose first key signs and all are published. To rotate: add the new key
 * second, so that the JWKS lists it before any token carries its kid; once every container has re-read
 * the parameter, move it first; drop the old key when the last tokens it signed have expired.
 */
const KeysSchema = z.union([
  z.pipe(PrivateJwkSchema, z.transform((key) => [key])),
  z.pipe(z.object({ keys: z.array(PrivateJwkSchema).check(z.minLength(1)) }), z.transform(({ keys }) => keys)),
]);

/**
 * The signing keys in `text` (JSON), checked. `source` names where they came from in errors, which
 * never quote the text: it holds private keys.
 */
export function parseSigningKeys(text: string, source: string): PrivateJwk[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${source} is not JSON: it must hold a private P-256 JWK with a kid, or a JWK Set of them.`);
  }
  const parsed = KeysSchema.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues.map((issue) => issue.path.join('.') || '(root)');
    throw new Error(`${source} must hold a private P-256 JWK with a kid, or a JWK Set of them (look at ${[...new Set(where)].join(', ')}).`);
  }
  const keys = parsed.data.map(({ kty, crv, kid, x, y, d }) => ({ kty, crv, kid, x, y, d }));
  if (new Set(keys.map((key) => key.kid)).size !== keys.length) throw new Error(`${source} names a kid twice.`);
  return keys;
}

/**
 * A new P-256 key pair as a private JWK for ES256, its kid the RFC 7638 thumbprint of its public part.
 * For development (`npm start` keeps one in .local/); on AWS the key lives in SSM Parameter Store.
 */
export function generateSigningKey(): PrivateJwk & { alg: 'ES256'; use: 'sig' } {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const { x, y, d } = privateKey.export({ format: 'jwk' });
  if (x === undefined || y === undefined || d === undefined) throw new Error('Node exported an EC key without x, y or d.');
  // RFC 7638: the required public members, in lexicographic order, without spaces.
  const kid = createHash('sha256').update(JSON.stringify({ crv: 'P-256', kty: 'EC', x, y })).digest('base64url');
  return { kty: 'EC', crv: 'P-256', kid, x, y, d, alg: 'ES256', use: 'sig' };
}
