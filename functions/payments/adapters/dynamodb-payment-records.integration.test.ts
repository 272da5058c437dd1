import { documents, resourceName } from '../../../test/support/aws.ts';
import { describePaymentRecordsContract } from '../testing/payment-records.contract.ts';
import { DynamoDbPaymentRecords } from './dynamodb-payment-records.ts';

describePaymentRecordsContract('the DynamoDB payment records, against DynamoDB Local', () => new DynamoDbPaymentRecords(documents, resourceName('payments')));
