import { documents, resourceName } from '../../../test/support/aws.ts';
import { describeOrderRepositoryContract } from '../testing/order-repository.contract.ts';
import { DynamoDbOrderRepository } from './dynamodb-order-repository.ts';

describeOrderRepositoryContract('the DynamoDB order repository, against DynamoDB Local', () => new DynamoDbOrderRepository(documents, resourceName('orders')));
