/**
 * What deploy, package and remove do, stack by stack, with the parts that touch AWS or serverless
 * given as ports (aws.ts holds the real ones), so the flows are tested without an account.
 */
import * as z from '../../lib/zod.ts';
import type { StacksCommand } from './command.ts';

export type StacksPorts = {
  /** Runs `serverless <args>` in functions/<service>/ and gives its exit status. */
  serverless(service: string, args: string[]): number;
  /** The tables a service's stack defines (from its serverless.yml), by name. */
  tablesOf(service: string, stage: string): Promise<string[]>;
  /** An SSM parameter's value (a SecureString's stays encrypted), or undefined when it does not exist. */
  parameter(name: string): Promise<string | undefined>;
  /** Deletes a table: `deleted`, or `absent` when there is none of that name. */
  dropTable(name: string): Promise<'deleted' | 'absent'>;
  log(line: string): void;
  error(line: string): void;
};

type Run = StacksCommand & { region: string };

/** A parameter the operator puts in SSM once per stage, before the first deploy of the service that reads it. */
type OperatorParameter = { service: string; name: string; type: 'String' | 'SecureString'; value: string; what: string };

/** What the operator puts for a stage (the README's deploy section says the same, step by step). */
export function operatorParameters(stage: string): OperatorParameter[] {
  return [
    {
      service: 'users',
      name: `/shop-secret/${stage}/users/signing-keys`,
      type: 'SecureString',
      value: '"$(npm run -s signing-key)"',
      what: 'the private key that signs access tokens',
    },
    { service: 'payments', name: `/shop-secret/${stage}/payments/provider-key`, type: 'SecureString', value: 'sk_test_...', what: 'your Stripe secret key' },
    {
      service: 'notifications',
      name: senderParameter(stage),
      type: 'String',
      value: 'shop@your-domain.example',
      what: 'the address mail comes from: an SES identity verified for sending, or an address on a verified domain',
    },
  ];
}

export const senderParameter = (stage: string) => `/shop/${stage}/notifications/sender`;
export const apiUrlParameter = (stage: string) => `/shop/${stage}/gateway/url`;

const putCommand = (region: string, { name, type, value }: OperatorParameter) =>
  `aws ssm put-parameter --region ${region} --name ${name} --type ${type} --value ${value}`;

export async function runStacks(run: Run, ports: StacksPorts): Promise<number> {
  ports.log(`${run.command}: stage ${run.stage}, region ${run.region}; stacks ${run.services.map((service) => `shop-${service}-${run.stage}`).join(', ')}`);
  if (run.command === 'deploy') return deploy(run, ports);
  if (run.command === 'remove') return remove(run, ports);
  return eachStack(run, ports, {});
}

async function deploy(run: Run, ports: StacksPorts): Promise<number> {
  const needed = operatorParameters(run.stage).filter(({ service }) => run.services.includes(service));
  const values = new Map(await Promise.all(needed.map(async (parameter) => [parameter.name, await ports.parameter(parameter.name)] as const)));
  const missing = needed.filter(({ name }) => values.get(name) === undefined);
  if (missing.length > 0) {
    ports.error(`deploy: put ${missing.length === 1 ? 'this parameter' : 'these parameters'} first (nothing was deployed):`);
    for (const parameter of missing) ports.error(`  ${parameter.what}:\n    ${putCommand(run.region, parameter)}`);
    return 1;
  }
  const sender = values.get(senderParameter(run.stage));
  if (sender !== undefined && !z.email().safeParse(sender).success) {
    ports.error(`deploy: ${senderParameter(run.stage)} holds ${JSON.stringify(sender)}, which is no email address (nothing was deployed).`);
    return 1;
  }
  const status = await eachStack(run, ports, { extra: (service) => (service === 'notifications' && sender !== undefined ? ['--param', `sender=${sender}`] : []) });
  if (status !== 0) return status;
  const url = await ports.parameter(apiUrlParameter(run.stage));
  if (url === undefined) {
    ports.error(`deploy: done, but ${apiUrlParameter(run.stage)} does not exist: deploy the gateway (npm run deploy -- gateway --stage ${run.stage}).`);
    return 1;
  }
  ports.log(`\nThe API of stage ${run.stage}: ${url}`);
  ports.log(`To find it later: aws ssm get-parameter --region ${run.region} --name ${apiUrlParameter(run.stage)} --query Parameter.Value --output text`);
  ports.log(`The first admin: register through the API, then AWS_REGION=${run.region} npm run admin:promote -- <email> --stage ${run.stage} --aws`);
  return 0;
}

async function remove(run: Run, ports: StacksPorts): Promise<number> {
  // Each stack's tables once that stack is gone, never before: a removal that fails leaves its tables alone.
  const dropTables = async (service: string) => {
    for (const table of await ports.tablesOf(service, run.stage)) {
      ports.log((await ports.dropTable(table)) === 'deleted' ? `Deleting table ${table}.` : `Table ${table} was gone already.`);
    }
  };
  const status = await eachStack(run, ports, run.dropTables ? { after: dropTables } : {});
  if (status !== 0) return status;
  if (!run.dropTables) {
    ports.log(`\nThe tables of ${run.services.join(', ')} are kept, with their data, and cost their storage until deleted.`);
    ports.log(`They stand in the way of deploying stage ${run.stage} again: npm run remove -- ${run.services.join(' ')} --stage ${run.stage} --drop-tables deletes them.`);
  }
  const kept = operatorParameters(run.stage).filter(({ service }) => run.services.includes(service));
  if (kept.length > 0) {
    ports.log(`The parameters you put are kept; to delete them: aws ssm delete-parameters --region ${run.region} --names ${kept.map(({ name }) => name).join(' ')}`);
  }
  return 0;
}

type EachStack = { extra?: (service: string) => string[]; after?: (service: string) => Promise<void> };

/** `serverless <command>` of each stack in turn (then `after` it); a failure stops there and says how far it got. */
async function eachStack(run: Run, ports: StacksPorts, { extra = () => [], after }: EachStack): Promise<number> {
  for (const [index, service] of run.services.entries()) {
    ports.log(`\n${run.command} ${service} (stack shop-${service}-${run.stage})`);
    if (ports.serverless(service, [run.command, '--stage', run.stage, '--region', run.region, ...extra(service)]) !== 0) {
      const done = run.services.slice(0, index);
      ports.error(`${run.command} of ${service} failed${done.length > 0 ? `; done before it: ${done.join(', ')}` : ''}.`);
      return 1;
    }
    await after?.(service);
  }
  return 0;
}
