import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { PasswordHasher } from '../ports.ts';

/** scrypt's cost: N = 2^log2N (CPU and memory), r (block size), p (parallel lanes, run one after another here). */
export type ScryptParameters = Readonly<{ log2N: number; r: number; p: number }>;

/**
 * What new hashes get: 16 MiB and about 35–40 ms per hash on a 2-core development machine (see the
 * users README notes); raise them here and old hashes are upgraded at their owners' next login.
 */
export const SCRYPT_PARAMETERS: ScryptParameters = { log2N: 14, r: 8, p: 1 };

const SALT_BYTES = 16;
const KEY_BYTES = 32;
// A hash is `scrypt$<log2N>$<r>$<p>$<salt>$<key>`, salt and key in base64url.
const FORMAT = /^scrypt\$(\d{1,2})\$(\d{1,2})\$(\d{1,2})\$([\w-]{16,})\$([\w-]{32,})$/;
// Bounds on parameters read back from the table, so a damaged item cannot make a login take minutes.
const MAX_LOG2N = 20;
const MAX_R = 32;
const MAX_P = 16;

type Decoded = { parameters: ScryptParameters; salt: Buffer; key: Buffer };

/**
 * Passwords hashed with scrypt from node:crypto, each with its own random salt, the parameters kept
 * in the hash so they can be raised later. Passwords are NFKC-normalised first, so the same password
 * typed on two keyboards (composed or decomposed accents) matches. Nothing here logs or keeps a password.
 */
export class ScryptPasswordHasher implements PasswordHasher {
  readonly #parameters: ScryptParameters;
  #dummy: Promise<string> | undefined;

  constructor(parameters: ScryptParameters = SCRYPT_PARAMETERS) {
    this.#parameters = parameters;
  }

  async hash(password: string): Promise<string> {
    const { log2N, r, p } = this.#parameters;
    const salt = randomBytes(SALT_BYTES);
    const key = await derive(password, salt, this.#parameters, KEY_BYTES);
    return ['scrypt', log2N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
  }

  async verify(password: string, passwordHash: string | undefined): Promise<boolean> {
    if (passwordHash === undefined) {
      // No such user: the same work against a hash nobody can match, so the answer takes as long.
      await this.verify(password, await this.#dummyHash());
      return false;
    }
    const { parameters, salt, key } = decode(passwordHash);
    const candidate = await derive(password, salt, parameters, key.length);
    return timingSafeEqual(candidate, key);
  }

  needsRehash(passwordHash: string): boolean {
    const { parameters, salt, key } = decode(passwordHash);
    const { log2N, r, p } = this.#parameters;
    return (
      parameters.log2N !== log2N || parameters.r !== r || parameters.p !== p || salt.length !== SALT_BYTES || key.length !== KEY_BYTES
    );
  }

  /** Made once per container, with today's parameters, from a random password nobody knows. */
  #dummyHash(): Promise<string> {
    this.#dummy ??= this.hash(randomBytes(32).toString('base64url'));
    return this.#dummy;
  }
}

function derive(password: string, salt: Buffer, { log2N, r, p }: ScryptParameters, length: number): Promise<Buffer> {
  const N = 2 ** log2N;
  // scrypt needs 128·N·r bytes (plus 128·r·p); Node refuses more than maxmem, 32 MiB by default.
  const options: ScryptOptions = { N, r, p, maxmem: 2 * 128 * N * r + 128 * r * p };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, length, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

function decode(passwordHash: string): Decoded {
  const [, log2N, r, p, salt, key] = FORMAT.exec(passwordHash) ?? [];
  const parameters = { log2N: Number(log2N), r: Number(r), p: Number(p) };
  const sane =
    salt !== undefined &&
    key !== undefined &&
    parameters.log2N >= 1 &&
    parameters.log2N <= MAX_LOG2N &&
    parameters.r >= 1 &&
    parameters.r <= MAX_R &&
    parameters.p >= 1 &&
    parameters.p <= MAX_P;
  // The message never quotes the hash.
  if (!sane) throw new Error('A stored password hash is not in the scrypt format this service writes.');
  return { parameters, salt: Buffer.from(salt, 'base64url'), key: Buffer.from(key, 'base64url') };
}
