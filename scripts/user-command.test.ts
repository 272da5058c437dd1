import { parseUserCommand } from './user-command.ts';
import { UsageError } from './usage-error.ts';

describe('the command line of admin:promote and login:unthrottle', () => {
  it("takes one email, on the local stage's stack by default", () => {
    expect(parseUserCommand('admin:promote', ['ada@example.com'])).toEqual({ email: 'ada@example.com', stage: 'local', stack: { aws: false } });
  });

  it("takes the stage and the local stack's DynamoDB port, named as npm start names it", () => {
    expect(parseUserCommand('admin:promote', ['ada@example.com', '--stage', 'dev', '--dynamodb-port', '8100'])).toEqual({
      email: 'ada@example.com',
      stage: 'dev',
      stack: { aws: false, port: 8100 },
    });
    expect(parseUserCommand('login:unthrottle', ['--aws', 'ada@example.com', '--address', '::1'])).toEqual({
      email: 'ada@example.com',
      address: '::1',
      stage: 'local',
      stack: { aws: true },
    });
  });

  it('is undefined for --help', () => {
    expect(parseUserCommand('login:unthrottle', ['--help'])).toBeUndefined();
  });

  it.each([
    ['admin:promote', [], 'give exactly one email'],
    ['admin:promote', ['a@example.com', 'b@example.com'], 'give exactly one email'],
    ['admin:promote', ['a@example.com', '--address', '::1'], "Unknown option '--address'"],
    ['admin:promote', ['a@example.com', '--sqs-port', '9324'], "Unknown option '--sqs-port'"],
    ['login:unthrottle', ['a@example.com', '--address', 'here'], '--address here is not an IPv4 or IPv6 address'],
    ['login:unthrottle', ['a@example.com', '--dynamodb-port', 'x'], '--dynamodb-port must be a port number from 1 to 65535, not "x"'],
    ['login:unthrottle', ['a@example.com', '--aws', '--dynamodb-port', '8000'], '--aws and --dynamodb-port exclude each other'],
  ] as const)('%s refuses %j: %s', (script, args, why) => {
    expect(() => parseUserCommand(script, [...args])).toThrow(UsageError);
    expect(() => parseUserCommand(script, [...args])).toThrow(why);
  });
});
