import { UsageError } from '../usage-error.ts';
import { parseRequest } from './request.ts';

describe('the command line of npm run dlq', () => {
  it("lists the local stage's DLQs on npm start's default port by default", () => {
    expect(parseRequest(['list'])).toEqual({ command: 'list', stage: 'local', limit: 50, stack: { aws: false } });
  });

  it("takes the stage and the local stack's SQS port, named as npm start names it", () => {
    expect(parseRequest(['show', 'orders-replies-dlq', '--stage', 'dev', '--sqs-port', '9400', '--limit', '5'])).toEqual({
      command: 'show',
      queue: 'orders-replies-dlq',
      stage: 'dev',
      limit: 5,
      stack: { aws: false, port: 9400 },
    });
    expect(parseRequest(['redrive', 'x-dlq', '--to', 'x', '--aws'])).toEqual({
      command: 'redrive',
      queue: 'x-dlq',
      to: 'x',
      stage: 'local',
      limit: 50,
      stack: { aws: true },
    });
  });

  it('is undefined for --help', () => {
    expect(parseRequest(['list', '--help'])).toBeUndefined();
  });

  it.each([
    [[], 'no command given (expected list, show, redrive)'],
    [['purge'], 'unknown command "purge" (expected list, show, redrive)'],
    [['list', 'x'], 'list takes no queue'],
    [['show'], 'show needs the dead-letter queue to show'],
    [['list', '--limit', '3'], '--limit applies to show only'],
    [['show', 'x', '--limit', '0'], '--limit must be a whole number above 0, not "0"'],
    [['list', '--sqs-port', 'abc'], '--sqs-port must be a port number from 1 to 65535, not "abc"'],
    [['list', '--aws', '--sqs-port', '9324'], "--aws and --sqs-port exclude each other: the port is the local stack's"],
    [['list', '--dynamodb-port', '8000'], "Unknown option '--dynamodb-port'"],
  ])('refuses %j: %s', (args, why) => {
    expect(() => parseRequest(args)).toThrow(new UsageError(why));
  });
});
