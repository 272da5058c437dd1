/**
 * `npm run login:unthrottle -- <email> [--address <ip>]`: lifts the throttle on an email's logins, for
 * an owner who was held up by failures (theirs, or a stranger's from their address). With --address, the
 * email's failures from that address and the address's own; without, the email's from every address.
 * Like admin:promote, it takes access to the users table (the local stack's, or AWS's with --aws).
 */
import { DynamoDbLoginAttempts } from '../functions/users/adapters/dynamodb-login-attempts.ts';
import { unthrottleLogin } from '../functions/users/use-cases/unthrottle-login.ts';
import { exitCodeOf } from './usage-error.ts';
import { parseUserCommand, usersTable } from './user-command.ts';

const HELP = `npm run login:unthrottle -- <email> [--address <ip>] [--stage <name>] [--dynamodb-port <n> | --aws]
  <email>              whose logins to let through again
  --address <ip>       only from this address, whose own throttle (across all emails) is lifted too
  --stage <name>       whose users table (shop-<name>-users; default: local)
  --dynamodb-port <n>  the local stack's DynamoDB port, as npm start's --dynamodb-port (default 8000)
  --aws                the real AWS account (your usual credentials and region) instead of the local stack
DynamoDB is the endpoint in AWS_ENDPOINT_URL_DYNAMODB or AWS_ENDPOINT_URL when one is set; else AWS with
--aws; else the local stack of "npm start" at http://127.0.0.1:<--dynamodb-port>. It says which before it acts.`;

process.exitCode = await exitCodeOf('login:unthrottle', async () => {
  const command = parseUserCommand('login:unthrottle', process.argv.slice(2));
  if (command === undefined) {
    console.log(HELP);
    return 0;
  }
  const { email, address } = command;
  const { documents, table, where } = await usersTable('login:unthrottle', command);
  const attempts = new DynamoDbLoginAttempts(documents, table);
  const lifted = await unthrottleLogin({ attempts }, { email, ...(address !== undefined && { address }) });
  console.log(`Lifted ${lifted} throttle window(s) on logins of ${email} from ${address ?? 'any address'} (table ${table} at ${where}).`);
  return 0;
});
