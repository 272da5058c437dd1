import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import type { KeyRing, PrivateJwk } from '../ports.ts';
import { parseSigningKeys } from './signing-keys.ts';

/** How long a container keeps the keys before it reads them again: a rotation reaches every container within this. */
const KEY_CACHE_SECONDS = 300;

type Read = { at: number; text: string; keys: readonly PrivateJwk[] };

/**
 * Keys read from an SSM Parameter Store SecureString (a private JWK, or a JWK Set whose first key
 * signs), kept per container for `maxAgeSeconds`. Calls that arrive while a read is under way share it.
 *
 * One GetParameter and a timestamp, written here rather than through Powertools Parameters: that
 * library brought 10 kB (its provider and more of commons) onto the cold start of every function that
 * signs or checks a token, the gateway's authorizers included, for the one thing used here, its cache.
 */
export class SsmKeyRing implements KeyRing {
  readonly #ssm: SSMClient;
  readonly #name: string;
  readonly #maxAgeMs: number;
  #read: Read | undefined;
  #reading: Promise<Read> | undefined;

  constructor(ssm: SSMClient, name: string, maxAgeSeconds = KEY_CACHE_SECONDS) {
    this.#ssm = ssm;
    this.#name = name;
    this.#maxAgeMs = maxAgeSeconds * 1000;
  }

  async privateKeys(): Promise<readonly PrivateJwk[]> {
    const read = this.#read;
    if (read !== undefined && Date.now() - read.at < this.#maxAgeMs) return read.keys;
    this.#reading ??= this.#fetch(read).finally(() => (this.#reading = undefined));
    this.#read = await this.#reading;
    return this.#read.keys;
  }

  async #fetch(previous: Read | undefined): Promise<Read> {
    const at = Date.now();
    const { Parameter } = await this.#ssm.send(new GetParameterCommand({ Name: this.#name, WithDecryption: true }));
    const text = Parameter?.Value;
    if (text === undefined) throw new Error(`The SSM parameter ${this.#name} has no value.`);
    // Parsed again only when the value changed, so an unchanged key set keeps its imported keys.
    const keys = previous?.text === text ? previous.keys : parseSigningKeys(text, `The SSM parameter ${this.#name}`);
    return { at, text, keys };
  }
}
