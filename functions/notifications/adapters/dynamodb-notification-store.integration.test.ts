import { documents, resourceName } from '../../../test/support/aws.ts';
import { describeNotificationStoreContract } from '../testing/notification-store.contract.ts';
import { DynamoDbNotificationStore } from './dynamodb-notification-store.ts';

describeNotificationStoreContract(
  'the DynamoDB notification store, against DynamoDB Local',
  () => new DynamoDbNotificationStore(documents, resourceName('notifications')),
);
