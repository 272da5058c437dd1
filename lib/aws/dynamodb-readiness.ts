import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ReadinessProbe } from '../readiness.ts';

/** Ready when the table is ACTIVE. */
export const tableProbe = (db: DynamoDBClient, table: string): ReadinessProbe => ({
  name: `table ${table}`,
  ask: async () => (await db.send(new DescribeTableCommand({ TableName: table }))).Table?.TableStatus === 'ACTIVE',
});
