/**
 * The command line of the scripts that act on a user in the users table (admin:promote,
 * login:unthrottle), and that table, named on stderr before anything is done to it.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import { documentClient } from '../lib/aws/document-client.ts';
import { awsTarget, inRegion, stackChoice, type StackChoice } from './aws-target.ts';
import { asUsage, UsageError } from './usage-error.ts';

type Script = 'admin:promote' | 'login:unthrottle';
export type UserCommand = { email: string; address?: string; stage: string; stack: StackChoice };

const STACK_OPTIONS = {
  stage: { type: 'string', default: 'local' },
  'dynamodb-port': { type: 'string' },
  aws: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const;
const OPTIONS = { 'admin:promote': STACK_OPTIONS, 'login:unthrottle': { ...STACK_OPTIONS, address: { type: 'string' } } } as const;

/** The command line as a command, or a UsageError saying what is wrong with it; undefined for --help. */
export function parseUserCommand(script: Script, args: string[]): UserCommand | undefined {
  const { values, positionals } = asUsage(() =>
    parseArgs({ args, allowPositionals: true, options: OPTIONS[script] }),
  );
  if (values.help) return undefined;
  const [email, ...extra] = positionals;
  if (email === undefined || extra.length > 0) throw new UsageError('give exactly one email');
  const address = 'address' in values && typeof values.address === 'string' ? values.address : undefined;
  if (address !== undefined && isIP(address) === 0) throw new UsageError(`--address ${address} is not an IPv4 or IPv6 address`);
  return {
    email,
    ...(address !== undefined && { address }),
    stage: values.stage,
    stack: stackChoice('dynamodb', { aws: values.aws, port: values['dynamodb-port'] }),
  };
}

/** The users table of the command's stage and stack, said on stderr (which, where, and why there) before it is used. */
export async function usersTable(script: Script, { stage, stack }: UserCommand): Promise<{ documents: DynamoDBDocumentClient; table: string; where: string }> {
  const chosen = awsTarget('dynamodb', stack);
  const client = new DynamoDBClient(chosen.config);
  const target = await inRegion(chosen, () => client.config.region());
  if (target.notice !== undefined) console.error(target.notice);
  const table = `shop-${stage}-users`;
  console.error(`${script}: table ${table} (stage ${stage}), DynamoDB at ${target.where} (${target.how})`);
  return { documents: documentClient(client), table, where: target.where };
}
