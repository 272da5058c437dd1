import type { KeyRing, PrivateJwk } from '../ports.ts';
import { parseSigningKeys } from './signing-keys.ts';

/** Keys given in configuration (SIGNING_KEY_JWK): a private JWK, or a JWK Set. Used locally. */
export class ConfiguredKeyRing implements KeyRing {
  readonly #keys: readonly PrivateJwk[];

  constructor(json: string, source: string) {
    this.#keys = parseSigningKeys(json, source);
  }

  async privateKeys(): Promise<readonly PrivateJwk[]> {
    return this.#keys;
  }
}
