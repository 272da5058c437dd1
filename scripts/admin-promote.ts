/**
 * `npm run admin:promote -- <email>`: makes an existing user an admin. There is no HTTP path to that
 * on purpose: it takes access to the users table (the local stack's, or an AWS account's with --aws).
 * The new role shows in the user's access tokens from their next login or refresh.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { parseArgs } from 'node:util';
import { DynamoDbUserRepository } from '../functions/users/adapters/dynamodb-user-repository.ts';
import { promoteToAdmin } from '../functions/users/use-cases/promote-to-admin.ts';
import { documentClient } from '../lib/aws/clients.ts';
import { NotFoundError, ValidationError } from '../lib/errors.ts';
import { awsTarget } from './aws-target.ts';

const HELP = `npm run admin:promote -- <email> [--stage <name>] [--aws]
  <email>          the user to make an admin (they must have registered)
  --stage <name>   whose users table (shop-<name>-users; default: local)
  --aws            the real AWS account (your usual credentials and region) instead of the local stack
DynamoDB is the endpoint in AWS_ENDPOINT_URL_DYNAMODB or AWS_ENDPOINT_URL when one is set; else AWS with
--aws; else the local stack of "npm start" at http://127.0.0.1:8000.`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      stage: { type: 'string', default: 'local' },
      aws: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const [email, ...extra] = positionals;
  if (email === undefined || extra.length > 0) {
    console.error('admin:promote: give exactly one email; see "npm run admin:promote -- --help"');
    return 2;
  }
  const { config, where, notice } = awsTarget('dynamodb', values.aws);
  if (notice !== undefined) console.error(notice);
  const table = `shop-${values.stage}-users`;
  const users = new DynamoDbUserRepository(documentClient(new DynamoDBClient(config)), table);
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
}

process.exitCode = await main();
