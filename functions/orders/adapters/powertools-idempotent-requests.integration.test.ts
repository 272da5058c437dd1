import { dynamo, resourceName } from '../../../test/support/aws.ts';
import { describeIdempotentRequestsContract } from '../testing/idempotent-requests.contract.ts';
import { PowertoolsIdempotentRequests } from './powertools-idempotent-requests.ts';

describeIdempotentRequestsContract(
  'Powertools Idempotency, against DynamoDB Local',
  () =>
    new PowertoolsIdempotentRequests({
      client: dynamo,
      table: resourceName('orders-idempotency'),
      keyPrefix: 'contract-test',
      expiresAfterSeconds: 60,
      inProgressSeconds: 20,
      waitSeconds: 5,
    }),
);
