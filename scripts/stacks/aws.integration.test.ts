import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DescribeTableCommand, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { dynamo } from '../../test/support/aws.ts';
import { dropTableIn } from './aws.ts';

describe("remove's table port, against DynamoDB Local", () => {
  it('deletes a table, and answers absent for one that is gone', async () => {
    const name = `shop-drop-${randomUUID()}`;
    await dynamo.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );

    expect(await dropTableIn(dynamo)(name)).toBe('deleted');
    await expect(dynamo.send(new DescribeTableCommand({ TableName: name }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    expect(await dropTableIn(dynamo)(name)).toBe('absent');
  });
});
