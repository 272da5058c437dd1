import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';

/** A queue's ARN, its dead-letter queue's (from its RedrivePolicy), and SQS's approximate counts of its messages. */
export type QueueState = {
  arn: string;
  deadLetterTargetArn?: string;
  visible: number;
  inFlight: number;
  /** Sent with a delay that has not passed yet. */
  delayed: number;
};

/**
 * What a queue holds and where its failures go, in one GetQueueAttributes: the one place the shop reads
 * them (the operator's queue depths and DLQ routes, and `npm run dlq`). The counts are SQS's approximate
 * ones, as CloudWatch shows them.
 */
export async function queueState(sqs: SQSClient, url: string): Promise<QueueState> {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ['QueueArn', 'RedrivePolicy', 'ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
    }),
  );
  const { deadLetterTargetArn } = Attributes.RedrivePolicy === undefined ? {} : (JSON.parse(Attributes.RedrivePolicy) as { deadLetterTargetArn?: string });
  return {
    arn: Attributes.QueueArn ?? '',
    ...(deadLetterTargetArn !== undefined && { deadLetterTargetArn }),
    visible: Number(Attributes.ApproximateNumberOfMessages ?? 0),
    inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0),
    delayed: Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0),
  };
}
