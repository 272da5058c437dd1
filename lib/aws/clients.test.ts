import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { sqsClient } from './clients.ts';

const TRACE = 'Root=1-67891233-abcdef012345678912345678;Parent=53995c3f42cd8ad8;Sampled=1';

/** The headers of the one request a message send makes, with the process environment `env`. */
async function headersOfASend(env: Record<string, string>): Promise<Record<string, string>> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  let headers: Record<string, string> = {};
  const requestHandler = {
    handle: async (request: { headers: Record<string, string> }) => {
      headers = request.headers;
      throw new Error('request captured');
    },
  };
  try {
    const sqs = sqsClient({ region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1, requestHandler }, {});
    await expect(sqs.send(new SendMessageCommand({ QueueUrl: 'https://sqs.eu-west-1.amazonaws.com/000000000000/q', MessageBody: '{}' }))).rejects.toThrow('request captured');
    return headers;
  } finally {
    process.env = saved;
  }
}

describe('tracing across a queue', () => {
  it('hands the invocation’s trace to SQS on every send inside Lambda, so the consumer joins the same trace', async () => {
    const headers = await headersOfASend({ AWS_LAMBDA_FUNCTION_NAME: 'shop-test-placeOrder', _X_AMZN_TRACE_ID: TRACE });
    expect(headers['X-Amzn-Trace-Id']).toBe(TRACE);
  });

  it('sends no trace header outside Lambda, as under serverless offline', async () => {
    const headers = await headersOfASend({});
    expect(Object.keys(headers).map((name) => name.toLowerCase())).not.toContain('x-amzn-trace-id');
  });
});
