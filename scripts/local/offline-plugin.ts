/**
 * serverless.yml's local half, active only under `serverless offline` and only when an endpoint
 * variable points the SDK at an emulator (so it can never touch a real account):
 * before offline starts it creates every table, queue and SSM parameter declared under `resources`
 * (a parameter gets the local stack's own value: see parameterSpecs); once the Lambda
 * endpoint is up it feeds each function's `sqs` events (see sqs-poller.ts); on shutdown it lets the
 * batches in flight finish.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';
import { sqsClient } from '../../lib/aws/clients.ts';
import {
  ensureParameters,
  ensureQueues,
  ensureTables,
  logicalIdOfArn,
  parameterSpecs,
  queueSpecs,
  tableSpecs,
  type CfnResources,
  type CreatedQueue,
} from './resources.ts';
import { deliveryFaults } from './delivery-faults.ts';
import { lambdaInvoker, startPoller, type EventSourceMapping } from './sqs-poller.ts';

type SqsEventConfig = {
  arn: unknown;
  batchSize?: number;
  maximumBatchingWindow?: number;
  functionResponseType?: string;
  maximumConcurrency?: number;
};
type FunctionConfig = { name: string; events?: Array<{ sqs?: SqsEventConfig | string }> };
type Serverless = {
  service: {
    provider: { region: string; environment?: Record<string, string> };
    resources?: { Resources?: CfnResources };
    custom?: { 'serverless-offline'?: { host?: string; httpPort?: number; lambdaPort?: number } };
    getAllFunctions(): string[];
    getFunction(key: string): FunctionConfig;
  };
};
type Options = { host?: string; httpPort?: string | number; lambdaPort?: string | number };
type Log = { notice(message: string): void; info(message: string): void; warning(message: string): void };

const DEFAULT_CONCURRENCY = 2;

export default class LocalAwsPlugin {
  readonly hooks: Record<string, () => Promise<void>>;
  readonly #serverless: Serverless;
  readonly #options: Options;
  readonly #log: Log;
  #queues = new Map<string, CreatedQueue>();
  #pollers: Array<{ stop(): Promise<void> }> = [];

  constructor(serverless: Serverless, options: Options, { log }: { log: Log }) {
    this.#serverless = serverless;
    this.#options = options;
    this.#log = log;
    this.hooks = {
      'before:offline:start:init': async () => {
        this.#withoutXRay();
        await this.#createResources();
      },
      'after:offline:start:init': () => this.#startPollers(),
      'before:offline:start:end': () => this.#stopPollers(),
    };
  }

  /**
   * Tracer is off under serverless offline (it traces only in Lambda), yet the X-Ray SDK in each bundle
   * would still set up its Lambda context when loaded (serverless offline sets LAMBDA_TASK_ROOT): an
   * async hook per function, which every function in this one process would pay on every await.
   * Manual mode and no LAMBDA_TASK_ROOT keep the SDK idle.
   */
  #withoutXRay(): void {
    const { provider } = this.#serverless.service;
    provider.environment = { ...provider.environment, AWS_XRAY_MANUAL_MODE: 'true', LAMBDA_TASK_ROOT: '' };
  }

  get #enabled(): boolean {
    const env = process.env;
    return [env.AWS_ENDPOINT_URL, env.AWS_ENDPOINT_URL_DYNAMODB, env.AWS_ENDPOINT_URL_SQS, env.AWS_ENDPOINT_URL_SSM].some((url) => url !== undefined);
  }

  async #createResources(): Promise<void> {
    if (!this.#enabled) {
      this.#log.warning('local-aws: no AWS_ENDPOINT_URL* is set, so no tables, queues or parameters are created and no queue is polled.');
      return;
    }
    const resources = this.#serverless.service.resources?.Resources ?? {};
    const region = this.#serverless.service.provider.region;
    const dynamo = new DynamoDBClient({ region });
    const tables = tableSpecs(resources);
    await ensureTables(dynamo, tables);
    this.#queues = await ensureQueues(this.#sqs(), queueSpecs(resources));
    const { parameters, skipped } = parameterSpecs(resources, { queues: this.#queues, apiEndpoint: this.#apiEndpoint() });
    const ssm = new SSMClient({ region });
    try {
      await ensureParameters(ssm, parameters);
    } finally {
      ssm.destroy();
    }
    this.#log.info(`local-aws: tables ${tables.map((t) => t.create.TableName).join(', ')}; queues ${[...this.#queues.values()].map((q) => q.name).join(', ')}`);
    this.#log.info(`local-aws: parameters ${parameters.map((p) => p.name).join(', ')}`);
    for (const { logicalId, reason } of skipped) this.#log.info(`local-aws: parameter ${logicalId} not created locally: ${reason}`);
  }

  /** What `!GetAtt HttpApi.ApiEndpoint` is offline: where serverless-offline serves the HTTP API. */
  #apiEndpoint(): string {
    const custom = this.#serverless.service.custom?.['serverless-offline'] ?? {};
    const host = this.#options.host ?? custom.host ?? '127.0.0.1';
    return `http://${host}:${Number(this.#options.httpPort ?? custom.httpPort ?? 3000)}`;
  }

  async #startPollers(): Promise<void> {
    if (!this.#enabled) return;
    const { service } = this.#serverless;
    const custom = service.custom?.['serverless-offline'] ?? {};
    const host = this.#options.host ?? custom.host ?? '127.0.0.1';
    const port = Number(this.#options.lambdaPort ?? custom.lambdaPort ?? 3002);
    const invoke = lambdaInvoker(`http://${host}:${port}`);
    const sqs = this.#sqs();
    // Set by `npm start -- --delivery-faults <file>` (npm run chaos uses it).
    const faults = deliveryFaults(process.env.SHOP_DELIVERY_FAULTS_FILE);
    for (const key of service.getAllFunctions()) {
      const fn = service.getFunction(key);
      for (const event of fn.events ?? []) {
        if (event.sqs === undefined) continue;
        const config = typeof event.sqs === 'string' ? { arn: event.sqs } : event.sqs;
        const mapping: EventSourceMapping = {
          functionName: fn.name,
          queue: await this.#queueOf(sqs, config.arn, key),
          batchSize: config.batchSize ?? 10,
          maximumBatchingWindow: config.maximumBatchingWindow ?? 0,
          reportBatchItemFailures: config.functionResponseType === 'ReportBatchItemFailures',
          concurrency: config.maximumConcurrency ?? DEFAULT_CONCURRENCY,
        };
        this.#pollers.push(startPoller(sqs, mapping, invoke, service.provider.region, this.#log, faults));
        this.#log.info(`local-aws: ${mapping.queue.name} -> ${key} (batch ${mapping.batchSize})`);
      }
    }
  }

  async #stopPollers(): Promise<void> {
    await Promise.all(this.#pollers.map((poller) => poller.stop()));
    this.#pollers = [];
  }

  /** The queue behind an sqs event: one of ours (`!GetAtt X.Arn`) or another stack's (a literal ARN). */
  async #queueOf(sqs: SQSClient, arn: unknown, functionKey: string): Promise<CreatedQueue> {
    if (typeof arn === 'string' && arn.startsWith('arn:')) {
      const name = arn.split(':').at(-1) ?? '';
      const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
      const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
      return { name, url: String(QueueUrl), arn: Attributes?.QueueArn ?? arn };
    }
    const queue = this.#queues.get(logicalIdOfArn(arn, functionKey));
    if (queue === undefined) throw new Error(`${functionKey}: its sqs event names a queue that is not under resources.`);
    return queue;
  }

  #sqs(): SQSClient {
    return sqsClient({ region: this.#serverless.service.provider.region });
  }
}
