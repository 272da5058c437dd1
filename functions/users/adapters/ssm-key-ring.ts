import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { KeyRing, PrivateJwk } from '../ports.ts';
import { parseSigningKeys } from './signing-keys.ts';

/** How long a container keeps the keys before it reads them again: a rotation reaches every container within this. */
const KEY_CACHE_SECONDS = 300;

/**
 * Keys read from an SSM Parameter Store SecureString (a private JWK, or a JWK Set whose first key
 * signs), through Powertools Parameters, whose cache keeps them per container for `maxAgeSeconds`.
 */
export class SsmKeyRing implements KeyRing {
  readonly #parameters: SSMProvider;
  readonly #name: string;
  readonly #maxAgeSeconds: number;
  /** The last value read and its keys: parsed again only when the value changed, so the key objects stay the same. */
  #parsed: { text: string; keys: readonly PrivateJwk[] } | undefined;

  constructor(ssm: SSMClient, name: string, maxAgeSeconds = KEY_CACHE_SECONDS) {
    this.#parameters = new SSMProvider({ awsSdkV3Client: ssm });
    this.#name = name;
    this.#maxAgeSeconds = maxAgeSeconds;
  }

  async privateKeys(): Promise<readonly PrivateJwk[]> {
    const text = await this.#parameters.get(this.#name, { decrypt: true, maxAge: this.#maxAgeSeconds });
    if (text === undefined) throw new Error(`The SSM parameter ${this.#name} has no value.`);
    if (this.#parsed?.text !== text) this.#parsed = { text, keys: parseSigningKeys(text, `The SSM parameter ${this.#name}`) };
    return this.#parsed.keys;
  }
}
