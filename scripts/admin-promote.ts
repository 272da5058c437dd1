/**
 * `npm run admin:promote -- <email>`: makes an existing user an admin. There is no HTTP path to that
 * on purpose: it takes access to the users table (the local stack's, or an AWS account's with --aws).
 * The new role shows in the user's access tokens from their next login or refresh.
 */
import { DynamoDbUserRepository } from '../functions/users/adapters/dynamodb-user-repository.ts';
import { promoteToAdmin } from '../functions/users/use-cases/promote-to-admin.ts';
import { NotFoundError, ValidationError } from '../lib/errors.ts';
import { exitCodeOf } from './usage-error.ts';
import { parseUserCommand, usersTable } from './user-command.ts';

const HELP = `npm run admin:promote -- <email> [--stage <name>] [--dynamodb-port <n> | --aws]
  <email>              the user to make an admin (they must have registered)
  --stage <name>       whose users table (shop-<name>-users; default: local)
  --dynamodb-port <n>  the local stack's DynamoDB port, as npm start's --dynamodb-port (default 8000)
  --aws                the real AWS account (your usual credentials and region) instead of the local stack
DynamoDB is the endpoint in AWS_ENDPOINT_URL_DYNAMODB or AWS_ENDPOINT_URL when one is set; else AWS with
--aws; else the local stack of "npm start" at http://127.0.0.1:<--dynamodb-port>. It says which before it acts.`;

process.exitCode = await exitCodeOf('admin:promote', async () => {
  const command = parseUserCommand('admin:promote', process.argv.slice(2));
  if (command === undefined) {
    console.log(HELP);
    return 0;
  }
  const { email } = command;
  const { documents, table, where } = await usersTable('admin:promote', command);
  const users = new DynamoDbUserRepository(documents, table);
  try {
    const user = await promoteToAdmin({ users, clock: { now: () => new Date() } }, email);
    console.log(`${user.email} is an admin (table ${table} at ${where}); it shows in their tokens from their next login or refresh.`);
    return 0;
  } catch (error) {
    if (error instanceof NotFoundError) {
      console.error(`admin:promote: nobody registered with ${email} in ${table} at ${where}.`);
      return 1;
    }
    if (error instanceof ValidationError) {
      console.error(`admin:promote: ${JSON.stringify(email)} is no address an account can have (${error.message}).`);
      return 2;
    }
    throw error;
  }
});
