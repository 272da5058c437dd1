import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dynamoDbCall, sesCall, sqsCall, startCountingProxy } from './counting-proxy.ts';
import { costPerOrder } from './saga.ts';

const call = (target: string, body: unknown) => ({ headers: { 'x-amz-target': target }, method: 'POST', path: '/', body: JSON.stringify(body) });

describe('the counting proxy', () => {
  it('forwards a request to its target unchanged, answers with the target answer, and tallies the call', async () => {
    const target = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ echoed: body, path: request.url })));
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    const proxy = await startCountingProxy(`http://127.0.0.1:${(target.address() as AddressInfo).port}`, sqsCall);

    const answers = [];
    for (let n = 0; n < 2; n++) {
      const response = await fetch(`${proxy.url}/queue?x=1`, { method: 'POST', headers: { 'x-amz-target': 'AmazonSQS.SendMessage' }, body: `message ${n}` });
      answers.push(await response.json());
    }
    await proxy.stop();
    await new Promise((resolve) => target.close(resolve));

    expect(answers).toEqual([
      { echoed: 'message 0', path: '/queue?x=1' },
      { echoed: 'message 1', path: '/queue?x=1' },
    ]);
    expect(proxy.tally()).toEqual(new Map([['SQS SendMessage', { calls: 2, units: 2 }]]));
  });
});

describe('billed units', () => {
  it('sizes a PutItem by its item, counts a transaction double and a consistent read whole', () => {
    expect(dynamoDbCall(call('DynamoDB_20120810.PutItem', { Item: { pk: { S: 'x'.repeat(1500) } } }), '')).toEqual({ api: 'DynamoDB PutItem (WRU)', units: 2 });
    expect(dynamoDbCall(call('DynamoDB_20120810.TransactWriteItems', { TransactItems: [{}, {}, {}] }), '')).toEqual({ api: 'DynamoDB TransactWriteItems (WRU)', units: 6 });
    expect(dynamoDbCall(call('DynamoDB_20120810.GetItem', { ConsistentRead: true }), '')).toEqual({ api: 'DynamoDB GetItem (RRU)', units: 1 });
    expect(dynamoDbCall(call('DynamoDB_20120810.Query', {}), '')).toEqual({ api: 'DynamoDB Query (RRU)', units: 0.5 });
  });

  it('tells an empty SQS receive from one that brought messages, and counts an SES send as an email', () => {
    expect(sqsCall(call('AmazonSQS.ReceiveMessage', {}), '{"Messages":[]}')).toEqual({ api: 'SQS ReceiveMessage (empty)', units: 0 });
    expect(sqsCall(call('AmazonSQS.ReceiveMessage', {}), '{"Messages":[{},{}]}')).toEqual({ api: 'SQS ReceiveMessage (messages)', units: 2 });
    expect(sesCall({ headers: {}, method: 'POST', path: '/v2/email/outbound-emails', body: '{}' }, '')).toEqual({ api: 'SES SendEmail (emails)', units: 1 });
  });
});

describe('the cost of an order', () => {
  it('prices units per order at list prices, leaves idle polling unpriced, and counts an invocation per message delivered', () => {
    const tally = new Map([
      ['DynamoDB PutItem (WRU)', { calls: 20, units: 40 }],
      ['DynamoDB GetItem (RRU)', { calls: 20, units: 40 }],
      ['SQS ReceiveMessage (empty)', { calls: 500, units: 0 }],
      ['SQS ReceiveMessage (messages)', { calls: 10, units: 30 }],
      ['SES SendEmail (emails)', { calls: 10, units: 10 }],
    ]);

    const lines = new Map(costPerOrder(tally, 10).map((line) => [line.api, line]));

    expect(lines.get('DynamoDB PutItem (WRU)')).toMatchObject({ perOrder: 4, dollarsPerMillion: 2.5 });
    expect(lines.get('DynamoDB GetItem (RRU)')).toMatchObject({ perOrder: 4, dollarsPerMillion: 0.5 });
    expect(lines.get('SQS ReceiveMessage (empty)')?.dollarsPerMillion).toBe(0);
    expect(lines.get('SQS ReceiveMessage (messages)')?.dollarsPerMillion).toBeCloseTo(0.4);
    expect(lines.get('SES SendEmail (emails)')?.dollarsPerMillion).toBeCloseTo(100);
    expect(lines.get('Lambda invocations (estimated)')).toMatchObject({ perOrder: 5 });
    expect(lines.get('Lambda invocations (estimated)')?.dollarsPerMillion).toBeCloseTo(1);
  });
});
