import type { SSMClient } from '@aws-sdk/client-ssm';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { ensureParameters, logicalIdOfArn, parameterSpecs, queueSpecs, tableSpecs, type CfnResources, type CreatedQueue } from './resources.ts';
import { localSsmClient, startSsmEmulator, type SsmEmulator } from './ssm-emulator.ts';

const resources: CfnResources = {
  Orders: {
    Type: 'AWS::DynamoDB::Table',
    Properties: {
      TableName: 'shop-test-orders',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    },
  },
  Work: {
    Type: 'AWS::SQS::Queue',
    Properties: {
      QueueName: 'shop-test-work',
      VisibilityTimeout: 30,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['WorkDLQ', 'Arn'] }, maxReceiveCount: '4' },
    },
  },
  WorkDLQ: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'shop-test-work-dlq', MessageRetentionPeriod: 1209600 } },
  Role: { Type: 'AWS::IAM::Role', Properties: {} },
};

describe('reading serverless.yml resources for the local stack', () => {
  it('turns a table into CreateTable input, with TTL apart and no AWS-only properties', () => {
    expect(tableSpecs(resources)).toEqual([
      {
        create: {
          TableName: 'shop-test-orders',
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        },
        ttlAttribute: 'expiresAt',
      },
    ]);
  });

  it('orders queues so that a DLQ exists before the queue that sends to it', () => {
    expect(queueSpecs(resources)).toEqual([
      { logicalId: 'WorkDLQ', name: 'shop-test-work-dlq', attributes: { MessageRetentionPeriod: '1209600' } },
      {
        logicalId: 'Work',
        name: 'shop-test-work',
        attributes: { VisibilityTimeout: '30' },
        redrive: { deadLetterQueue: 'WorkDLQ', maxReceiveCount: 4 },
      },
    ]);
  });

  it('understands !GetAtt in both of its shapes and refuses anything else by name', () => {
    expect(logicalIdOfArn({ 'Fn::GetAtt': 'Queue.Arn' }, 'x')).toBe('Queue');
    expect(logicalIdOfArn({ 'Fn::GetAtt': ['Queue', 'Arn'] }, 'x')).toBe('Queue');
    expect(() => logicalIdOfArn({ Ref: 'Queue' }, 'MyFunction')).toThrow(/MyFunction/);
  });

  it('insists on literal names, which the local stack needs to find things', () => {
    expect(() => tableSpecs({ T: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: { Ref: 'x' } } } })).toThrow(/TableName/);
    expect(() => queueSpecs({ Q: { Type: 'AWS::SQS::Queue', Properties: {} } })).toThrow(/QueueName/);
  });
});

const parameter = (Name: string, Value: unknown) => ({ Type: 'AWS::SSM::Parameter', Properties: { Name, Type: 'String', Value } });
const published: CfnResources = {
  // Listed before what it resolves, as a service's resources may be.
  CatalogUrl: parameter('/shop/test/catalog/url', '{{resolve:ssm:/shop/test/gateway/url}}'),
  QueueUrl: parameter('/shop/test/catalog/queues/work/url', { Ref: 'Work' }),
  QueueArn: parameter('/shop/test/catalog/queues/work/arn', { 'Fn::GetAtt': ['Work', 'Arn'] }),
  GatewayUrl: parameter('/shop/test/gateway/url', { 'Fn::GetAtt': 'HttpApi.ApiEndpoint' }),
  Version: parameter('/shop/test/catalog/version', '0.1.0'),
  ApiId: parameter('/shop/test/gateway/http-api-id', { Ref: 'HttpApi' }),
  Work: resources.Work as CfnResources[string],
};
const local = {
  queues: new Map<string, CreatedQueue>([['Work', { name: 'shop-test-work', url: 'http://sqs.local/000/shop-test-work', arn: 'arn:aws:sqs:eu-west-1:000:shop-test-work' }]]),
  apiEndpoint: 'http://127.0.0.1:3000',
};

describe('reading serverless.yml SSM parameters for the local stack', () => {
  it('gives each parameter the local value of its !Ref or !GetAtt, after the parameters it resolves', () => {
    const { parameters } = parameterSpecs(published, local);

    expect(parameters).toEqual([
      { logicalId: 'GatewayUrl', name: '/shop/test/gateway/url', type: 'String', value: 'http://127.0.0.1:3000' },
      { logicalId: 'CatalogUrl', name: '/shop/test/catalog/url', type: 'String', value: '{{resolve:ssm:/shop/test/gateway/url}}' },
      { logicalId: 'QueueUrl', name: '/shop/test/catalog/queues/work/url', type: 'String', value: 'http://sqs.local/000/shop-test-work' },
      { logicalId: 'QueueArn', name: '/shop/test/catalog/queues/work/arn', type: 'String', value: 'arn:aws:sqs:eu-west-1:000:shop-test-work' },
      { logicalId: 'Version', name: '/shop/test/catalog/version', type: 'String', value: '0.1.0' },
    ]);
  });

  it('skips, and says why, a parameter whose value exists only on AWS', () => {
    expect(parameterSpecs(published, local).skipped).toEqual([{ logicalId: 'ApiId', reason: '!Ref HttpApi is not a queue of the local stack' }]);
  });

  it('refuses a value it does not understand, a name that is not literal, and a cycle, naming them', () => {
    expect(() => parameterSpecs({ P: parameter('/x', { 'Fn::Sub': 'a' }) }, local)).toThrow(/Parameter P: .*Fn::Sub/);
    expect(() => parameterSpecs({ P: { Type: 'AWS::SSM::Parameter', Properties: { Name: { Ref: 'n' }, Value: 'v' } } }, local)).toThrow(/P needs a literal Name/);
    const cycle = { A: parameter('/a', '{{resolve:ssm:/b}}'), B: parameter('/b', '{{resolve:ssm:/a}}') };
    expect(() => parameterSpecs(cycle, local)).toThrow('Parameters resolve each other in a cycle: /a -> /b -> /a.');
  });
});

describe('putting the parameters in the local SSM', () => {
  let emulator: SsmEmulator;
  let ssm: SSMClient;
  const valueOf = async (Name: string) => (await ssm.send(new GetParameterCommand({ Name }))).Parameter?.Value;

  beforeEach(async () => {
    emulator = await startSsmEmulator({ port: 0 });
    ssm = localSsmClient(emulator.url, { maxAttempts: 1 });
  });

  afterEach(async () => {
    ssm.destroy();
    await emulator.stop();
  });

  it('resolves {{resolve:ssm:...}} from the parameters put before, and again on a restart with new values', async () => {
    await ensureParameters(ssm, parameterSpecs(published, local).parameters);
    expect(await valueOf('/shop/test/catalog/url')).toBe('http://127.0.0.1:3000');
    expect(await valueOf('/shop/test/catalog/queues/work/arn')).toBe('arn:aws:sqs:eu-west-1:000:shop-test-work');

    await ensureParameters(ssm, parameterSpecs(published, { ...local, apiEndpoint: 'http://127.0.0.1:4000' }).parameters);

    expect(await valueOf('/shop/test/catalog/url')).toBe('http://127.0.0.1:4000');
  });

  it('resolves a parameter that another stack or a person put there, and names one that is missing', async () => {
    emulator.put('/shop/test/elsewhere', 'there');

    await ensureParameters(ssm, [{ logicalId: 'P', name: '/shop/test/mine', type: 'String', value: 'x-{{resolve:ssm:/shop/test/elsewhere}}' }]);

    expect(await valueOf('/shop/test/mine')).toBe('x-there');
    await expect(ensureParameters(ssm, [{ logicalId: 'Q', name: '/shop/test/q', type: 'String', value: '{{resolve:ssm:/shop/test/nope}}' }])).rejects.toThrow('Parameter /shop/test/q resolves {{resolve:ssm:/shop/test/nope}}, which does not exist locally.');
  });
});
