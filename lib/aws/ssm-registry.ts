import { GetParameterError, ParameterNotFoundError } from '@aws-lambda-powertools/parameters/errors';
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { ParameterNotFound } from '@aws-sdk/client-ssm';
import { TransientError } from '../errors.ts';
import { ssmClient } from './clients.ts';
import { publishedServices, registryPath, type PublishedService, type ServiceDirectory, type ServiceRegistry } from '../registry.ts';

/** Published addresses change only when a stack is deployed: a warm container asks SSM again after this. */
const DEFAULT_MAX_AGE_SECONDS = 300;

type Options = {
  /** The stage whose services to find (`/shop/<stage>/...`), from the function's SHOP_STAGE. */
  stage: string;
  /** Found through the SDK's environment (AWS_ENDPOINT_URL_SSM offline) unless given. */
  provider?: SSMProvider;
  maxAgeSeconds?: number;
};

/**
 * The registry read from SSM Parameter Store through Powertools Parameters, which caches each value
 * for `maxAgeSeconds` per container. The same code reads what a stack published on AWS and what the
 * local stack published offline (scripts/local/resources.ts).
 */
export class SsmServiceRegistry implements ServiceRegistry, ServiceDirectory {
  readonly #stage: string;
  readonly #provider: SSMProvider;
  readonly #maxAge: number;

  constructor({ stage, provider = new SSMProvider({ awsSdkV3Client: ssmClient() }), maxAgeSeconds = DEFAULT_MAX_AGE_SECONDS }: Options) {
    this.#stage = stage;
    this.#provider = provider;
    this.#maxAge = maxAgeSeconds;
  }

  async baseUrl(service: string): Promise<string> {
    return (await this.#get(`${registryPath(this.#stage, service)}/url`)).replace(/\/+$/, '');
  }

  queueUrl(service: string, queue: string): Promise<string> {
    return this.#get(`${registryPath(this.#stage, service)}/queues/${queue}/url`);
  }

  async services(): Promise<PublishedService[]> {
    const path = `/shop/${this.#stage}/`;
    try {
      const parameters = await this.#provider.getMultiple(path, { recursive: true, maxAge: this.#maxAge });
      return publishedServices(parameters ?? {});
    } catch (error) {
      throw new TransientError(`The services under ${path} could not be read from SSM.`, { cause: error });
    }
  }

  async #get(name: string): Promise<string> {
    try {
      const value = await this.#provider.get(name, { maxAge: this.#maxAge, throwOnMissing: true });
      return String(value);
    } catch (error) {
      // Missing: that service's stack is not deployed (yet) at this stage; worth trying again later.
      if (isMissing(error)) throw new TransientError(`SSM parameter ${name} does not exist: is that service deployed at this stage?`, { cause: error });
      throw new TransientError(`SSM parameter ${name} could not be read.`, { cause: error });
    }
  }
}

const isMissing = (error: unknown): boolean =>
  error instanceof ParameterNotFoundError || (error instanceof GetParameterError && error.cause instanceof ParameterNotFound);
