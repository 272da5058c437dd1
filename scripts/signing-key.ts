/**
 * `npm run -s signing-key`: prints a new private signing key (a P-256 JWK with its kid) for the
 * users service, to store as the SSM SecureString that serverless.yml names (see the README's deploy
 * section). To rotate, store a JWK Set `{"keys":[new, old]}`: the first signs, all verify.
 */
import { generateSigningKey } from '../functions/users/adapters/signing-keys.ts';

console.log(JSON.stringify(generateSigningKey()));
