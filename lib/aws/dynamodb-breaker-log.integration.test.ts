import { documents, resourceName } from '../../test/support/aws.ts';
import { describeBreakerLogContract } from '../testing/breaker-log.contract.ts';
import { DynamoDbBreakerLog } from './dynamodb-breaker-log.ts';

// In a service's own table, as the orders and payments services keep their breakers' records.
describeBreakerLogContract('the DynamoDB breaker log, against DynamoDB Local', () => new DynamoDbBreakerLog(documents, resourceName('orders'), 'pk'));
