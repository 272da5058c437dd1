import { roleStatements, type FunctionConfig } from '../../lib/serverless/least-privilege.ts';
import { LOCAL_ACCOUNT, localArns, localPolicies, withoutGrants } from './local-iam-policies.ts';

const resources = {
  OrdersTable: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: 'shop-test-orders' } },
  OrdersRepliesQueue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'shop-test-orders-replies' } },
  OrdersDLQAlarm: { Type: 'AWS::CloudWatch::Alarm', Properties: {} },
};
const logGroups = new Map([['OrderRepliesLogGroup', '/aws/lambda/shop-test-orderReplies']]);
const scope = { region: 'eu-west-1', account: LOCAL_ACCOUNT, arns: localArns(resources, logGroups, 'eu-west-1') };

const orderReplies: FunctionConfig = {
  name: 'shop-test-orderReplies',
  grants: [
    { on: 'OrdersTable', allow: ['dynamodb:GetItem', 'dynamodb:PutItem'] },
    { on: 'OrdersTable/index/*', allow: ['dynamodb:Query'] },
    { on: 'queue:shop-test-*-commands', allow: ['sqs:SendMessage'] },
    { on: 'parameter:/shop/test/catalog/*', allow: ['ssm:GetParameter'] },
    { on: 'arn:aws:ses:eu-west-1:*:identity/test.example.com', allow: ['ses:SendEmail'] },
  ],
  events: [{ sqs: { arn: { 'Fn::GetAtt': ['OrdersRepliesQueue', 'Arn'] } } }],
};

const policyOf = (fn: FunctionConfig) =>
  localPolicies([{ key: 'orderReplies', functionName: fn.name, role: 'shop-test-OrderRepliesRole', statements: roleStatements(fn, fn.grants ?? [], 'OrderRepliesLogGroup', true) }], scope);

describe('each function’s role, resolved to the local account', () => {
  it('holds the statements the template gives the role, with every reference resolved to a local ARN', () => {
    expect(policyOf(orderReplies)).toEqual({
      account: '000000000000',
      region: 'eu-west-1',
      functions: {
        'shop-test-orderReplies': {
          role: 'shop-test-OrderRepliesRole',
          statements: [
            { Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: ['arn:aws:logs:eu-west-1:000000000000:log-group:/aws/lambda/shop-test-orderReplies:*'] },
            { Action: ['dynamodb:GetItem', 'dynamodb:PutItem'], Resource: ['arn:aws:dynamodb:eu-west-1:000000000000:table/shop-test-orders'] },
            { Action: ['dynamodb:Query'], Resource: ['arn:aws:dynamodb:eu-west-1:000000000000:table/shop-test-orders/index/*'] },
            { Action: ['sqs:SendMessage'], Resource: ['arn:aws:sqs:eu-west-1:000000000000:shop-test-*-commands'] },
            { Action: ['ssm:GetParameter'], Resource: ['arn:aws:ssm:eu-west-1:000000000000:parameter/shop/test/catalog/*'] },
            { Action: ['ses:SendEmail'], Resource: ['arn:aws:ses:eu-west-1:*:identity/test.example.com'] },
            { Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'], Resource: ['arn:aws:sqs:eu-west-1:000000000000:shop-test-orders-replies'] },
            { Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Resource: ['*'] },
          ],
        },
      },
    });
  });

  it('stops at a reference it cannot resolve, naming the function', () => {
    expect(() => policyOf({ name: 'f', grants: [{ on: 'PaymentsTable', allow: ['dynamodb:GetItem'] }] })).toThrow(/orderReplies: a grant on !GetAtt PaymentsTable.Arn/);
    expect(() => policyOf({ name: 'f', grants: [{ on: '{{resolve:ssm:/a}}', allow: ['ssm:GetParameter'] }] })).toThrow(/cannot be resolved locally/);
    expect(() => policyOf({ name: 'f', grants: [{ on: 'OrdersDLQAlarm', allow: ['cloudwatch:DescribeAlarms'] }] })).toThrow(/not a table, queue or log group/);
  });
});

describe('a run without a grant (npm start -- --without-grant)', () => {
  it('takes the action out of the function’s grants, and the grant with it when nothing else is left', () => {
    const grants = withoutGrants(orderReplies.grants ?? [], 'orderReplies', ['orderReplies:dynamodb:putitem', 'orderReplies:ssm:GetParameter', 'other:sqs:SendMessage']);

    expect(grants).toEqual([
      { on: 'OrdersTable', allow: ['dynamodb:GetItem'] },
      { on: 'OrdersTable/index/*', allow: ['dynamodb:Query'] },
      { on: 'queue:shop-test-*-commands', allow: ['sqs:SendMessage'] },
      { on: 'arn:aws:ses:eu-west-1:*:identity/test.example.com', allow: ['ses:SendEmail'] },
    ]);
  });

  it('leaves a function it does not name as it is', () => {
    expect(withoutGrants(orderReplies.grants ?? [], 'orderReplies', ['placeOrder:sqs:SendMessage'])).toBe(orderReplies.grants);
  });

  it('refuses to take out what no grant of the function allows, so a misspelt one cannot pass unnoticed', () => {
    expect(() => withoutGrants(orderReplies.grants ?? [], 'orderReplies', ['orderReplies:sqs:SendMesage'])).toThrow('--without-grant: no grant of orderReplies allows sqs:SendMesage.');
  });
});
