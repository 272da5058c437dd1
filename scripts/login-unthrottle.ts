/**
 * `npm run login:unthrottle -- <email> [--address <ip>]`: lifts the throttle on an email's logins, for
 * an owner who was held up by failures (theirs, or a stranger's from their address). With --address, the
 * email's failures from that address and the address's own; without, the email's from every address.
 * Like admin:promote, it takes access to the users table (the local stack's, or AWS's with --aws).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import { DynamoDbLoginAttempts } from '../functions/users/adapters/dynamodb-login-attempts.ts';
import { unthrottleLogin } from '../functions/users/use-cases/unthrottle-login.ts';
import { documentClient } from '../lib/aws/clients.ts';
import { awsTarget } from './aws-target.ts';

const HELP = `npm run login:unthrottle -- <email> [--address <ip>] [--stage <name>] [--aws]
  <email>          whose logins to let through again
  --address <ip>   only from this address, whose own throttle (across all emails) is lifted too
  --stage <name>   whose users table (shop-<name>-users; default: local)
  --aws            the real AWS account (your usual credentials and region) instead of the local stack
DynamoDB is the endpoint in AWS_ENDPOINT_URL_DYNAMODB or AWS_ENDPOINT_URL when one is set; else AWS with
--aws; else the local stack of "npm start" at http://127.0.0.1:8000.`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      address: { type: 'string' },
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
    console.error('login:unthrottle: give exactly one email; see "npm run login:unthrottle -- --help"');
    return 2;
  }
  if (values.address !== undefined && isIP(values.address) === 0) {
    console.error(`login:unthrottle: --address ${values.address} is not an IPv4 or IPv6 address.`);
    return 2;
  }
  const { config, where, notice } = awsTarget('dynamodb', values.aws);
  if (notice !== undefined) console.error(notice);
  const table = `shop-${values.stage}-users`;
  const attempts = new DynamoDbLoginAttempts(documentClient(new DynamoDBClient(config)), table);
  const lifted = await unthrottleLogin({ attempts }, { email, ...(values.address !== undefined && { address: values.address }) });
  const from = values.address === undefined ? 'any address' : values.address;
  console.log(`Lifted ${lifted} throttle window(s) on logins of ${email} from ${from} (table ${table} at ${where}).`);
  return 0;
}

process.exitCode = await main();
