/**
 * serverless.yml's local half, active only under `serverless offline` and only when an endpoint
 * variable points the SDK at an emulator (so it can never touch a real account):
 * before offline starts it creates every table, queue and SSM parameter declared under `resources`
 * (a parameter gets the local stack's own value: see parameterSpecs) and gives the functions their
 * roles' policies to enforce (see local-iam-policies.ts); once the Lambda endpoint is up it feeds each
 * function's `sqs` events (see sqs-poller.ts); on shutdown it lets the batches in flight finish.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';
import { sqsClient } from '../../lib/aws/clients.ts';
import { LOCAL_IAM_POLICIES_VARIABLE } from '../../lib/aws/local-iam.ts';
import { grantsOf, roleId, roleStatements, type FunctionConfig } from '../../lib/serverless/least-privilege.ts';
import { functionsNamedBy, LOCAL_ACCOUNT, localArns, localPolicies, WITHOUT_GRANTS_VARIABLE, withoutGrants } from './local-iam-policies.ts';
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
type Naming = { getNormalizedFunctionName(key: string): string; getLogGroupLogicalId(key: string): string };
type Serverless = {
  service: {
    service: string;
    provider: { region: string; stage: string; environment?: Record<string, string>; tracing?: { lambda?: string | boolean } };
    resources?: { Resources?: CfnResources };
    custom?: { 'serverless-offline'?: { host?: string; httpPort?: number; lambdaPort?: number } };
    getAllFunctions(): string[];
    getFunction(key: string): FunctionConfig & { events?: Array<{ sqs?: SqsEventConfig | string }> };
  };
  getProvider(name: 'aws'): { naming: Naming };
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
  #sqsClient: SQSClient | undefined;
  #policiesDir: string | undefined;

  constructor(serverless: Serverless, options: Options, { log }: { log: Log }) {
    this.#serverless = serverless;
    this.#options = options;
    this.#log = log;
    this.hooks = {
      'before:offline:start:init': async () => {
        await this.#createResources();
        this.#enforceRoles();
      },
      'after:offline:start:init': () => this.#startPollers(),
      'before:offline:start:end': async () => {
        await this.#stopPollers();
        if (this.#policiesDir !== undefined) rmSync(this.#policiesDir, { recursive: true, force: true });
      },
    };
  }

  /**
   * Every function's role, as the template gives it, enforced on its AWS calls (lib/aws/local-iam.ts):
   * written to a file the functions find through their environment, less any grant this run was told
   * to go without.
   */
  #enforceRoles(): void {
    if (!this.#enabled) return;
    const { service } = this.#serverless;
    const { naming } = this.#serverless.getProvider('aws');
    const removals = (process.env[WITHOUT_GRANTS_VARIABLE] ?? '').split(',').filter((removal) => removal !== '');
    const keys = service.getAllFunctions();
    for (const key of functionsNamedBy(removals)) {
      if (!keys.includes(key)) throw new Error(`--without-grant: ${key} is not a function of this stack.`);
    }
    const stage = service.provider.stage;
    const roles = keys.map((key) => {
      const fn = service.getFunction(key);
      const grants = withoutGrants(grantsOf(fn, stage), key, removals);
      return {
        key,
        functionName: fn.name,
        role: `${service.service}-${stage}-${roleId(naming, key)}`,
        statements: roleStatements(fn, grants, naming.getLogGroupLogicalId(key), Boolean(service.provider.tracing?.lambda)),
      };
    });
    const logGroups = new Map(keys.map((key) => [naming.getLogGroupLogicalId(key), `/aws/lambda/${service.getFunction(key).name}`]));
    const region = service.provider.region;
    const arns = localArns(this.#serverless.service.resources?.Resources ?? {}, logGroups, region);
    const policies = localPolicies(roles, { region, account: LOCAL_ACCOUNT, arns });
    this.#policiesDir = mkdtempSync(join(tmpdir(), 'shop-iam-'));
    const file = join(this.#policiesDir, 'policies.json');
    writeFileSync(file, JSON.stringify(policies));
    service.provider.environment = { ...service.provider.environment, [LOCAL_IAM_POLICIES_VARIABLE]: file };
    this.#log.info("local-aws: every function's AWS calls are checked against its role");
    if (removals.length > 0) this.#log.warning(`local-aws: running without these grants: ${removals.join(', ')}`);
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

  /**
   * One client for the plugin's own calls (creating resources, polling queues: Lambda's work, not a
   * function's), made before any function runs and so before a function in this process puts the
   * policies' variable in its environment: it checks no role.
   */
  #sqs(): SQSClient {
    this.#sqsClient ??= sqsClient({ region: this.#serverless.service.provider.region });
    return this.#sqsClient;
  }
}
