import { awsTarget, stackChoice } from './aws-target.ts';
import { UsageError } from './usage-error.ts';

describe('the stack an operator script acts on', () => {
  it("is the local stack on npm start's default port, and says so", () => {
    const target = awsTarget('sqs', stackChoice('sqs', { aws: false, port: undefined }), {});

    expect(target.config.endpoint).toBe('http://127.0.0.1:9324');
    expect(target.where).toBe('http://127.0.0.1:9324');
    expect(target.how).toBe("npm start's default port; --sqs-port <n> for another");
  });

  it('is the local stack on the port the option names, as npm start names it', () => {
    const target = awsTarget('dynamodb', stackChoice('dynamodb', { aws: false, port: '8100' }), {});

    expect(target.config.endpoint).toBe('http://127.0.0.1:8100');
    expect(target.how).toBe('--dynamodb-port');
  });

  it('is the endpoint set in the environment, which wins over the options and says which it ignored', () => {
    const env = { AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:4566' };

    const target = awsTarget('sqs', stackChoice('sqs', { aws: false, port: '9400' }), env);

    expect(target.config.endpoint).toBe('http://127.0.0.1:4566');
    expect(target.how).toBe('from AWS_ENDPOINT_URL_SQS');
    expect(target.notice).toBe('--sqs-port ignored: the endpoint is set to http://127.0.0.1:4566 in the environment.');
    expect(awsTarget('dynamodb', { aws: false }, { AWS_ENDPOINT_URL: 'http://ls:4566' }).how).toBe('from AWS_ENDPOINT_URL');
  });

  it('is the AWS account with --aws', () => {
    const target = awsTarget('dynamodb', stackChoice('dynamodb', { aws: true, port: undefined }), {});

    expect(target.config).toEqual({});
    expect(target.how).toBe('--aws: your credentials and region');
  });

  it.each([['0'], ['65536'], ['80a'], [''], ['-1'], ['3.5']])('refuses the port %j', (port) => {
    expect(() => stackChoice('sqs', { aws: false, port })).toThrow(new UsageError(`--sqs-port must be a port number from 1 to 65535, not "${port}"`));
  });

  it('refuses a local port together with --aws', () => {
    expect(() => stackChoice('dynamodb', { aws: true, port: '8000' })).toThrow(
      new UsageError("--aws and --dynamodb-port exclude each other: the port is the local stack's"),
    );
  });
});
