import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buffer } from 'node:stream/consumers';
import { askForBilledUnits, countKey, dynamoDbCall, serviceOf, sesCall, sqsCall, ssmCall, startCountingProxy, type Counted } from './counting-proxy.ts';
import { costByService, costPerOrder } from './saga.ts';

const tallyOf = (counted: Counted[]) => new Map(counted.map((count) => [countKey(count), count]));

const call = (target: string, body: unknown) => ({ headers: { 'x-amz-target': target }, method: 'POST', path: '/', body: JSON.stringify(body) });

/** A target that answers every request with what it received: the body, the path and the Content-Length. */
async function startEchoTarget(): Promise<{ url: string; stop(): Promise<unknown> }> {
  const target = createServer((request, response) => {
    void buffer(request).then((body) => response.writeHead(200).end(JSON.stringify({ body: body.toString(), path: request.url, length: request.headers['content-length'] })));
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(target.address() as AddressInfo).port}`, stop: () => new Promise((resolve) => target.close(resolve)) };
}

describe('the counting proxy', () => {
  it('forwards a request to its target unchanged, answers with the target answer, and tallies the call until reset', async () => {
    const target = await startEchoTarget();
    const proxy = await startCountingProxy(target.url, sqsCall);

    const answers = [];
    for (let n = 0; n < 2; n++) {
      const response = await fetch(`${proxy.url}/queue?x=1`, { method: 'POST', headers: { 'x-amz-target': 'AmazonSQS.SendMessage' }, body: `message ${n}` });
      answers.push(await response.json());
    }
    const tally = proxy.tally();
    proxy.reset();
    await proxy.stop();
    await target.stop();

    expect(answers).toEqual([
      { body: 'message 0', path: '/queue?x=1', length: '9' },
      { body: 'message 1', path: '/queue?x=1', length: '9' },
    ]);
    expect([...tally.values()]).toEqual([{ api: 'SQS SendMessage', calls: 2, units: 2 }]);
    expect(proxy.tally().size).toBe(0);
  });

  it('sends on a prepared body with its own Content-Length', async () => {
    const target = await startEchoTarget();
    const proxy = await startCountingProxy(target.url, sqsCall, ({ body }) => `${body} and ünïcode`);

    const response = await fetch(proxy.url, { method: 'POST', headers: { 'x-amz-target': 'AmazonSQS.SendMessage' }, body: 'message' });
    const answer: unknown = await response.json();
    await proxy.stop();
    await target.stop();

    expect(answer).toEqual({ body: 'message and ünïcode', path: '/', length: String(Buffer.byteLength('message and ünïcode')) });
  });
});

describe('billed units', () => {
  // Answers as DynamoDB Local gives them with ReturnConsumedCapacity INDEXES (a table "orders" with an index "byCustomer").
  const answers = {
    putItem: '{"ConsumedCapacity":{"TableName":"orders","CapacityUnits":3.0,"Table":{"CapacityUnits":3.0}}}',
    updateItemMovingIndexKey: '{"ConsumedCapacity":{"TableName":"orders","CapacityUnits":9.0,"Table":{"CapacityUnits":3.0},"GlobalSecondaryIndexes":{"byCustomer":{"CapacityUnits":6.0}}}}',
    queryOfIndex: '{"Items":[],"Count":0,"ConsumedCapacity":{"TableName":"orders","CapacityUnits":0.5,"Table":{"CapacityUnits":0.0},"GlobalSecondaryIndexes":{"byCustomer":{"CapacityUnits":0.5}}}}',
    transactWriteItems: '{"ConsumedCapacity":[{"TableName":"orders","CapacityUnits":6.0,"Table":{"CapacityUnits":4.0},"GlobalSecondaryIndexes":{"byCustomer":{"CapacityUnits":2.0}}}]}',
    batchGetItem: '{"Responses":{},"ConsumedCapacity":[{"TableName":"orders","CapacityUnits":1.0,"Table":{"CapacityUnits":1.0}},{"TableName":"users","CapacityUnits":0.5,"Table":{"CapacityUnits":0.5}}]}',
    conditionFailed: '{"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","Message":"The conditional request failed"}',
  };

  it('asks DynamoDB for the units of every data-plane call, table and indexes apart, unless the caller asked itself', () => {
    const put = { headers: { 'x-amz-target': 'DynamoDB_20120810.PutItem' }, body: '{"TableName":"orders","Item":{}}' };

    expect(JSON.parse(askForBilledUnits(put))).toEqual({ TableName: 'orders', Item: {}, ReturnConsumedCapacity: 'INDEXES' });
    expect(askForBilledUnits({ ...put, body: '{"TableName":"orders","ReturnConsumedCapacity":"TOTAL"}' })).toBe('{"TableName":"orders","ReturnConsumedCapacity":"TOTAL"}');
    expect(askForBilledUnits({ headers: { 'x-amz-target': 'DynamoDB_20120810.DescribeTable' }, body: '{"TableName":"orders"}' })).toBe('{"TableName":"orders"}');
  });

  it('reads the units DynamoDB reports, one table or many, indexes included, as write units for writes and read units for reads', () => {
    expect(dynamoDbCall(call('DynamoDB_20120810.PutItem', {}), answers.putItem)).toEqual({ api: 'DynamoDB PutItem (WRU)', units: 3 });
    expect(dynamoDbCall(call('DynamoDB_20120810.UpdateItem', {}), answers.updateItemMovingIndexKey)).toEqual({ api: 'DynamoDB UpdateItem (WRU)', units: 9 });
    expect(dynamoDbCall(call('DynamoDB_20120810.Query', {}), answers.queryOfIndex)).toEqual({ api: 'DynamoDB Query (RRU)', units: 0.5 });
    expect(dynamoDbCall(call('DynamoDB_20120810.TransactWriteItems', {}), answers.transactWriteItems)).toEqual({ api: 'DynamoDB TransactWriteItems (WRU)', units: 6 });
    expect(dynamoDbCall(call('DynamoDB_20120810.BatchGetItem', {}), answers.batchGetItem)).toEqual({ api: 'DynamoDB BatchGetItem (RRU)', units: 1.5 });
  });

  it('adds up the table and its indexes when no total is given, in read and write units as AWS reports them', () => {
    const parts = '{"ConsumedCapacity":{"TableName":"orders","Table":{"WriteCapacityUnits":2.0},"GlobalSecondaryIndexes":{"byCustomer":{"WriteCapacityUnits":1.0}}}}';

    expect(dynamoDbCall(call('DynamoDB_20120810.PutItem', {}), parts)).toEqual({ api: 'DynamoDB PutItem (WRU)', units: 3 });
  });

  it('estimates a refused conditional write, which AWS bills but DynamoDB Local reports nothing for, and bills no control call', () => {
    const bigItem = { Item: { pk: { S: 'x'.repeat(1500) } } };

    expect(dynamoDbCall(call('DynamoDB_20120810.PutItem', bigItem), answers.conditionFailed)).toEqual({ api: 'DynamoDB PutItem refused (WRU, estimated)', units: 2 });
    expect(dynamoDbCall(call('DynamoDB_20120810.UpdateItem', {}), answers.conditionFailed)).toEqual({ api: 'DynamoDB UpdateItem refused (WRU, estimated)', units: 1 });
    expect(dynamoDbCall(call('DynamoDB_20120810.DescribeTable', {}), '{"Table":{}}')).toEqual({ api: 'DynamoDB DescribeTable (control)', units: 0 });
  });

  it('tells an empty SQS receive from one that brought messages, and counts an SES send as an email', () => {
    expect(sqsCall(call('AmazonSQS.ReceiveMessage', {}), '{"Messages":[]}')).toEqual({ api: 'SQS ReceiveMessage (empty)', units: 0 });
    expect(sqsCall(call('AmazonSQS.ReceiveMessage', {}), '{"Messages":[{},{}]}')).toEqual({ api: 'SQS ReceiveMessage (messages)', units: 2 });
    expect(sesCall({ headers: {}, method: 'POST', path: '/v2/email/outbound-emails', body: '{}' }, '')).toEqual({ api: 'SES SendEmail (emails)', units: 1 });
  });
});

describe('the cost of an order', () => {
  it('prices units per order at list prices, leaves idle polling unpriced, and counts an invocation per message delivered', () => {
    const tally = tallyOf([
      { api: 'DynamoDB PutItem (WRU)', calls: 20, units: 40 },
      { api: 'DynamoDB GetItem (RRU)', calls: 20, units: 40 },
      { api: 'DynamoDB PutItem refused (WRU, estimated)', calls: 8, units: 8 },
      { api: 'DynamoDB DescribeTable (control)', calls: 5, units: 0 },
      { api: 'SQS ReceiveMessage (empty)', calls: 500, units: 0 },
      { api: 'SQS ReceiveMessage (messages)', calls: 10, units: 30 },
      { api: 'SES SendEmail (emails)', calls: 10, units: 10 },
    ]);

    const lines = new Map(costPerOrder(tally, 10).map((line) => [line.api, line]));

    expect(lines.get('DynamoDB PutItem (WRU)')).toMatchObject({ perOrder: 4, dollarsPerMillion: 2.5 });
    expect(lines.get('DynamoDB GetItem (RRU)')).toMatchObject({ perOrder: 4, dollarsPerMillion: 0.5 });
    expect(lines.get('DynamoDB PutItem refused (WRU, estimated)')).toMatchObject({ perOrder: 0.8, unit: 'WRU' });
    expect(lines.get('DynamoDB PutItem refused (WRU, estimated)')?.dollarsPerMillion).toBeCloseTo(0.5);
    expect(lines.get('DynamoDB DescribeTable (control)')).toMatchObject({ perOrder: 0.5, dollarsPerMillion: 0 });
    expect(lines.get('SQS ReceiveMessage (empty)')?.dollarsPerMillion).toBe(0);
    expect(lines.get('SQS ReceiveMessage (messages)')?.dollarsPerMillion).toBeCloseTo(0.4);
    expect(lines.get('SES SendEmail (emails)')?.dollarsPerMillion).toBeCloseTo(100);
    expect(lines.get('Lambda invocations (estimated)')).toMatchObject({ perOrder: 5 });
    expect(lines.get('Lambda invocations (estimated)')?.dollarsPerMillion).toBeCloseTo(1);
  });
});

describe('the service a call belongs to', () => {
  it('is read from the name of the table, queue or parameter it touches', () => {
    expect(serviceOf('shop-bench-orders')).toBe('orders');
    expect(serviceOf('shop-bench-orders-idempotency')).toBe('orders');
    expect(serviceOf('http://sqs.eu-west-1.localhost:9324/000000000000/shop-bench-catalog-stock-commands')).toBe('catalog');
    expect(serviceOf('/shop/bench/payments/provider-url')).toBe('payments');
    expect(serviceOf('someone-elses-table')).toBeUndefined();
    expect(serviceOf(undefined)).toBeUndefined();
  });

  it('comes with every call: from the table of a request, a batch or a transaction, from a queue, from a parameter', () => {
    const units = '{"ConsumedCapacity":{"CapacityUnits":1.0}}';

    expect(dynamoDbCall(call('DynamoDB_20120810.PutItem', { TableName: 'shop-bench-payments' }), units).service).toBe('payments');
    expect(dynamoDbCall(call('DynamoDB_20120810.BatchGetItem', { RequestItems: { 'shop-bench-orders': {} } }), units).service).toBe('orders');
    expect(dynamoDbCall(call('DynamoDB_20120810.TransactWriteItems', { TransactItems: [{ Update: { TableName: 'shop-bench-catalog' } }] }), units).service).toBe('catalog');
    expect(sqsCall(call('AmazonSQS.SendMessage', { QueueUrl: 'http://localhost:9324/000000000000/shop-bench-notifications-order-events' }), '{}').service).toBe('notifications');
    expect(ssmCall(call('AmazonSSM.GetParameter', { Name: '/shop/bench/catalog/url' }), '{}').service).toBe('catalog');
  });

  it('keeps the lines of each service apart in the cost, and sums what each service costs, the email apart', () => {
    const lines = costPerOrder(
      tallyOf([
        { api: 'DynamoDB PutItem (WRU)', service: 'orders', calls: 30, units: 30 },
        { api: 'DynamoDB PutItem (WRU)', service: 'payments', calls: 10, units: 10 },
        { api: 'SQS SendMessage', service: 'payments', calls: 10, units: 10 },
        { api: 'SES SendEmail (emails)', service: undefined, calls: 10, units: 10 },
      ]),
      10,
    );

    expect(lines.filter(({ api }) => api === 'DynamoDB PutItem (WRU)').map(({ service, perOrder }) => [service, perOrder])).toEqual([
      ['orders', 3],
      ['payments', 1],
    ]);
    const totals = costByService(lines);
    expect(totals.map(({ service }) => service)).toEqual(['orders', 'payments']);
    expect(totals[0]?.dollarsPerMillion).toBeCloseTo(1.875);
    expect(totals[1]?.dollarsPerMillion).toBeCloseTo(0.625 + 0.4);
  });
});
