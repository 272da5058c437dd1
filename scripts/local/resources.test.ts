import { logicalIdOfArn, queueSpecs, tableSpecs, type CfnResources } from './resources.ts';

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
