import { compilePolicy } from './iam-policy.ts';

const TABLE = 'arn:aws:dynamodb:eu-west-1:000000000000:table/shop-test-orders';
const allow = (Action: string[], Resource: string[]) => compilePolicy([{ Action, Resource }]);

describe('a role’s Allow statements, as IAM reads them', () => {
  it('allows an action it names on a resource it names, and nothing else', () => {
    const allows = allow(['dynamodb:GetItem'], [TABLE]);

    expect(allows('dynamodb:GetItem', TABLE)).toBe(true);
    expect(allows('dynamodb:PutItem', TABLE)).toBe(false);
    expect(allows('dynamodb:GetItem', 'arn:aws:dynamodb:eu-west-1:000000000000:table/shop-test-users')).toBe(false);
  });

  it('refuses everything when no statement allows it', () => {
    expect(compilePolicy([])('dynamodb:GetItem', TABLE)).toBe(false);
  });

  it('reads action names without regard to case, resource ARNs with it', () => {
    const allows = allow(['DynamoDB:getitem'], [TABLE]);

    expect(allows('dynamodb:GetItem', TABLE)).toBe(true);
    expect(allows('dynamodb:GetItem', TABLE.toUpperCase())).toBe(false);
  });

  it('takes * and ? in an action as wildcards, within its service', () => {
    expect(allow(['dynamodb:*'], [TABLE])('dynamodb:DeleteItem', TABLE)).toBe(true);
    expect(allow(['ssm:GetParameter*'], ['*'])('ssm:GetParametersByPath', 'arn:aws:ssm:eu-west-1:0:parameter/a')).toBe(true);
    expect(allow(['ssm:GetParameter?'], ['*'])('ssm:GetParameters', 'arn:aws:ssm:eu-west-1:0:parameter/a')).toBe(true);
    expect(allow(['ssm:GetParameter?'], ['*'])('ssm:GetParameter', 'arn:aws:ssm:eu-west-1:0:parameter/a')).toBe(false);
    expect(allow(['sqs:*'], ['*'])('dynamodb:GetItem', TABLE)).toBe(false);
  });

  it('matches a queue pattern only where the pattern allows it', () => {
    const allows = allow(['sqs:SendMessage'], ['arn:aws:sqs:eu-west-1:000000000000:shop-test-*-replies']);
    const queue = (name: string) => `arn:aws:sqs:eu-west-1:000000000000:${name}`;

    expect(allows('sqs:SendMessage', queue('shop-test-orders-replies'))).toBe(true);
    expect(allows('sqs:SendMessage', queue('shop-test-orders-replies-dlq'))).toBe(false);
    expect(allows('sqs:SendMessage', queue('stock-replies-1234'))).toBe(false);
    expect(allows('sqs:SendMessage', queue('shop-test-payments-commands'))).toBe(false);
  });

  it('keeps a table and its indexes apart', () => {
    const indexes = allow(['dynamodb:Query'], [`${TABLE}/index/*`]);
    const table = allow(['dynamodb:Query'], [TABLE]);

    expect(indexes('dynamodb:Query', `${TABLE}/index/byCustomer`)).toBe(true);
    expect(indexes('dynamodb:Query', TABLE)).toBe(false);
    expect(table('dynamodb:Query', `${TABLE}/index/byCustomer`)).toBe(false);
  });

  it('takes ? as one character of a resource', () => {
    const allows = allow(['ssm:GetParameter'], ['arn:aws:ssm:eu-west-1:000000000000:parameter/shop/v?/url']);

    expect(allows('ssm:GetParameter', 'arn:aws:ssm:eu-west-1:000000000000:parameter/shop/v2/url')).toBe(true);
    expect(allows('ssm:GetParameter', 'arn:aws:ssm:eu-west-1:000000000000:parameter/shop/v10/url')).toBe(false);
  });

  it('keeps a wildcard inside its ARN segment, unless it ends the segment', () => {
    const inside = allow(['logs:PutLogEvents'], ['arn:aws:logs:eu-west-1:0:log-group:/aws/*/x']);
    const ending = allow(['ses:SendEmail'], ['arn:aws:ses:eu-west-1:*:identity/test.example.com']);

    expect(inside('logs:PutLogEvents', 'arn:aws:logs:eu-west-1:0:log-group:/aws/lambda/x')).toBe(true);
    expect(inside('logs:PutLogEvents', 'arn:aws:logs:eu-west-1:0:log-group:/aws/a:b/x')).toBe(false);
    expect(ending('ses:SendEmail', 'arn:aws:ses:eu-west-1:000000000000:identity/test.example.com')).toBe(true);
    expect(ending('ses:SendEmail', 'arn:aws:ses:eu-west-1:000000000000:identity/other.example.com')).toBe(false);
  });

  it('takes a resource of * as every resource', () => {
    expect(allow(['xray:PutTraceSegments'], ['*'])('xray:PutTraceSegments', 'arn:aws:xray:eu-west-1:0:anything:at/all')).toBe(true);
  });

  it('takes regular-expression characters in a pattern literally', () => {
    const allows = allow(['ssm:GetParameter'], ['arn:aws:ssm:eu-west-1:0:parameter/a.b']);

    expect(allows('ssm:GetParameter', 'arn:aws:ssm:eu-west-1:0:parameter/a.b')).toBe(true);
    expect(allows('ssm:GetParameter', 'arn:aws:ssm:eu-west-1:0:parameter/aXb')).toBe(false);
  });

  it('allows what any one statement allows', () => {
    const allows = compilePolicy([
      { Action: ['dynamodb:GetItem'], Resource: [TABLE] },
      { Action: ['sqs:SendMessage'], Resource: ['arn:aws:sqs:eu-west-1:0:q'] },
    ]);

    expect(allows('sqs:SendMessage', 'arn:aws:sqs:eu-west-1:0:q')).toBe(true);
    expect(allows('sqs:SendMessage', TABLE)).toBe(false);
  });
});
