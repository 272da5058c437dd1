import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { depth, eventually, queueUrl, receive, send, sendBatch, temporaryReplyQueue } from '../support/aws.ts';
import { createProduct, stockOf } from '../support/catalog.ts';
import { releaseCommand, replyOf, reserveCommand, shoutedCommand, stockCommandsDlq, stockCommandsQueue } from '../support/stock.ts';

let replies: Awaited<ReturnType<typeof temporaryReplyQueue>>;

beforeEach(async () => {
  replies = await temporaryReplyQueue('stock');
});
afterEach(async () => {
  await replies.remove();
});

const sendCommand = (command: { correlationId?: unknown; type?: unknown }) =>
  send(stockCommandsQueue(), command, { correlationId: String(command.correlationId), type: String(command.type) });

describe('the catalog\'s stock commands, over the real queue', () => {
  it('reserves and answers StockReserved on replyTo, carrying the correlation id', async () => {
    const product = await createProduct({ stock: 5 });
    const orderId = randomUUID();
    const command = reserveCommand(orderId, [{ productId: product.id, quantity: 2 }], replies.name, 'saga-corr-1');

    await sendCommand(command);
    const [message] = await receive(replies.url, 1);

    expect(message).toBeDefined();
    const reply = replyOf(message!);
    expect(reply).toMatchObject({
      type: 'StockReserved',
      version: 1,
      correlationId: 'saga-corr-1',
      data: { orderId, items: [{ productId: product.id, quantity: 2 }] },
    });
    expect(reply.messageId).not.toBe(command.messageId);
    expect(message?.MessageAttributes?.correlationId?.StringValue).toBe('saga-corr-1');
    expect(await stockOf(product.id)).toBe(3);
  });

  it('reserves once per order: a repeated command holds nothing more and gets the same answer', async () => {
    const product = await createProduct({ stock: 5 });
    const command = reserveCommand(randomUUID(), [{ productId: product.id, quantity: 2 }], replies.name);

    await sendCommand(command);
    await sendCommand(command);
    const answers = (await receive(replies.url, 2)).map(replyOf);

    expect(answers).toHaveLength(2);
    expect(answers[1]?.data).toEqual(answers[0]?.data);
    expect(answers[0]?.type).toBe('StockReserved');
    expect(await stockOf(product.id)).toBe(3);
  });

  it('rejects all-or-nothing and names the product that is short', async () => {
    const plenty = await createProduct({ stock: 5 });
    const scarce = await createProduct({ stock: 1 });
    const orderId = randomUUID();

    await sendCommand(
      reserveCommand(orderId, [{ productId: plenty.id, quantity: 1 }, { productId: scarce.id, quantity: 2 }], replies.name),
    );
    const [reply] = (await receive(replies.url, 1)).map(replyOf);

    expect(reply).toMatchObject({ type: 'StockRejected', data: { orderId, reason: 'INSUFFICIENT_STOCK', productId: scarce.id } });
    expect([await stockOf(plenty.id), await stockOf(scarce.id)]).toEqual([5, 1]);
  });

  it('gives the last unit to exactly one of two racing orders', async () => {
    const product = await createProduct({ stock: 1 });
    const line = [{ productId: product.id, quantity: 1 }];

    await sendBatch(stockCommandsQueue(), [
      reserveCommand(randomUUID(), line, replies.name),
      reserveCommand(randomUUID(), line, replies.name),
    ]);
    const answers = (await receive(replies.url, 2)).map((message) => replyOf(message).type).sort();

    expect(answers).toEqual(['StockRejected', 'StockReserved']);
    expect(await stockOf(product.id)).toBe(0);
  });

  it('releases exactly what the order holds, once, however often it is asked', async () => {
    const product = await createProduct({ stock: 4 });
    const orderId = randomUUID();
    await sendCommand(reserveCommand(orderId, [{ productId: product.id, quantity: 3 }], replies.name));
    await receive(replies.url, 1);

    await sendCommand(releaseCommand(orderId, replies.name));
    await sendCommand(releaseCommand(orderId, replies.name));
    const answers = (await receive(replies.url, 2)).map(replyOf);

    expect(answers.map((answer) => answer.type)).toEqual(['StockReleased', 'StockReleased']);
    expect(answers[0]?.data).toEqual({ orderId, items: [{ productId: product.id, quantity: 3 }] });
    expect(await stockOf(product.id)).toBe(4);
  });

  it('takes an order id in any case as one order: reserved once, and released by a command in the other case', async () => {
    const product = await createProduct({ stock: 5 });
    const orderId = randomUUID();
    const items = [{ productId: product.id, quantity: 2 }];

    await sendCommand(shoutedCommand(reserveCommand(orderId, items, replies.name)));
    await sendCommand(reserveCommand(orderId, items, replies.name));
    const reserved = (await receive(replies.url, 2)).map(replyOf);
    const heldOnce = await stockOf(product.id);
    await sendCommand(releaseCommand(orderId, replies.name));
    await sendCommand(shoutedCommand(releaseCommand(orderId, replies.name)));
    const released = (await receive(replies.url, 2)).map(replyOf);

    expect(reserved.map((answer) => answer.data)).toEqual([{ orderId, items }, { orderId, items }]);
    expect(heldOnce).toBe(3);
    expect(released.map((answer) => [answer.type, answer.data])).toEqual([
      ['StockReleased', { orderId, items }],
      ['StockReleased', { orderId, items }],
    ]);
    expect(await stockOf(product.id)).toBe(5);
  });

  it('redelivers only the failed record of a batch; it lands in the DLQ with its reason logged, the others are answered', async () => {
    const product = await createProduct({ stock: 10 });
    const marker = randomUUID();
    const dlq = await queueUrl(stockCommandsDlq());
    const before = await depth(dlq);

    await sendBatch(stockCommandsQueue(), [
      reserveCommand(randomUUID(), [{ productId: product.id, quantity: 1 }], replies.name),
      { type: 'ReserveStock', version: 1, note: marker },
      reserveCommand(randomUUID(), [{ productId: product.id, quantity: 1 }], replies.name),
    ]);
    const answers = await receive(replies.url, 2);
    const landed = await eventually(async () => {
      const count = await depth(dlq);
      return count > before ? count : undefined;
    }, 30_000, 'the malformed message to reach the DLQ');

    expect(answers.map((message) => replyOf(message).type)).toEqual(['StockReserved', 'StockReserved']);
    expect(await stockOf(product.id)).toBe(8);
    expect(landed).toBe(before + 1);
    const inDlq = await receive(dlq, before + 1, 5_000);
    const poison = inDlq.find((message) => message.Body?.includes(marker));
    expect(poison).toBeDefined();
    expect(await depth(await queueUrl(stockCommandsQueue()))).toBe(0);
    // The function saw the poison exactly maxReceiveCount (3) times, and said why each time.
    const refusals = readFileSync(String(process.env.SHOP_STACK_LOG), 'utf8')
      .split('\n')
      .filter((line) => line.includes('"message refused"') && line.includes(String(poison?.MessageId)));
    expect(refusals).toHaveLength(3);
    expect(refusals[0]).toMatch(/"reason":"[^"]*message\.messageId[^"]*"/);
  });
});
