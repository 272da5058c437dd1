import { ManualClock } from '../../../lib/testing/manual-clock.ts';
import { documents, resourceName } from '../../../test/support/aws.ts';
import { describeCallerLimitsContract } from '../testing/caller-limits.contract.ts';
import { DynamoDbCallerLimits } from './dynamodb-caller-limits.ts';

describeCallerLimitsContract(
  'the DynamoDB caller limits, against DynamoDB Local',
  (clock) => new DynamoDbCallerLimits(documents, resourceName('orders-idempotency'), clock, 3),
  () => new ManualClock('2026-12-01T10:00:20.000Z'),
);
