/** The command line of `npm run deploy`, `npm run package` and `npm run remove`, and the region they act in. */
import { parseArgs } from 'node:util';
import { asUsage, UsageError } from '../usage-error.ts';

export const COMMANDS = ['deploy', 'package', 'remove'] as const;
export type Command = (typeof COMMANDS)[number];

export type StacksCommand = {
  command: Command;
  /** In the order to act on them: the gateway first (the others attach their routes to its API), last on removal. */
  services: string[];
  stage: string;
  region: string | undefined;
  /** remove: delete the stage's tables too, once their stack is gone (by default they are kept). */
  dropTables: boolean;
};

/** The region used when neither --region, AWS_REGION nor the AWS profile names one. */
export const DEFAULT_REGION = 'eu-west-1';

export const HELP = `npm run deploy -- [service ...] --stage <name> [--region <region>]
npm run package -- [service ...] [--stage <name>] [--region <region>]
npm run remove -- [service ...] --stage <name> [--region <region>] [--drop-tables]
  service          gateway, users, catalog, ..., web (default: all of them; the gateway first, and last on
                   remove); web is the storefront: its stack, then its app built and uploaded (AWS CLI)
  --stage <name>   the stage (deploy and remove: required; package: default dev)
  --region <name>  default: AWS_REGION, else your AWS profile's region, else ${DEFAULT_REGION}
  --drop-tables    remove: delete the tables too (default: they are kept, with their data)
Each service is its own stack, shop-<service>-<stage>; acting on one leaves the others as they are.
deploy first checks the SSM parameters you put for the stage (README, "Deploy to AWS"), and ends by
printing the API's URL.`;

/** The command line as a command, undefined for --help; a UsageError says what is wrong with it. */
export function parseStacksCommand(command: string | undefined, args: string[], allServices: readonly string[]): StacksCommand | undefined {
  const { values, positionals } = asUsage(() =>
    parseArgs({
      args,
      allowPositionals: true,
      options: { stage: { type: 'string' }, region: { type: 'string' }, 'drop-tables': { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
    }),
  );
  if (values.help) return undefined;
  if (!isCommand(command)) throw new UsageError(`say what to do: ${COMMANDS.join(', ')}`);
  const stage = values.stage ?? (command === 'package' ? 'dev' : undefined);
  if (stage === undefined) throw new UsageError('say which stage, e.g. --stage dev');
  // As serverless checks it; the stage is also part of every table, queue and parameter name.
  if (!/^[a-zA-Z0-9-]+$/.test(stage)) throw new UsageError(`--stage ${stage}: a stage name holds only ASCII letters, digits and hyphens`);
  if (values.region !== undefined && !isRegion(values.region)) throw new UsageError(`--region ${values.region} is no AWS region name (such as eu-west-1)`);
  if (values['drop-tables'] && command !== 'remove') throw new UsageError('--drop-tables is an option of remove alone');
  const unknown = positionals.filter((service) => !allServices.includes(service));
  if (unknown.length > 0) throw new UsageError(`no service ${unknown.join(', ')}; the services are ${allServices.join(', ')}`);
  const chosen = positionals.length > 0 ? allServices.filter((service) => positionals.includes(service)) : [...allServices];
  return {
    command,
    services: command === 'remove' ? chosen.reverse() : chosen,
    stage,
    region: values.region,
    dropTables: values['drop-tables'],
  };
}

/**
 * The region every step uses, and why that one: --region, else the one the AWS SDK finds (AWS_REGION,
 * else the profile's), so that deploy acts where `npm run admin:promote -- --aws` and the AWS CLI
 * look; else the default.
 */
export async function chooseRegion(option: string | undefined, env: NodeJS.ProcessEnv, sdkRegion: () => Promise<string>): Promise<{ region: string; how: string }> {
  if (option !== undefined) return { region: option, how: '--region' };
  const fromEnv = env.AWS_REGION;
  if (fromEnv !== undefined && fromEnv !== '') {
    if (!isRegion(fromEnv)) throw new UsageError(`AWS_REGION=${fromEnv} is no AWS region name (such as eu-west-1)`);
    return { region: fromEnv, how: 'AWS_REGION' };
  }
  const found = await sdkRegion().catch(() => undefined);
  if (found !== undefined && isRegion(found)) return { region: found, how: `the region of AWS profile ${env.AWS_PROFILE ?? 'default'}` };
  return { region: DEFAULT_REGION, how: 'the default; set AWS_REGION or give --region for another' };
}

const isCommand = (command: string | undefined): command is Command => (COMMANDS as readonly unknown[]).includes(command);
const isRegion = (region: string): boolean => /^[a-z]{2}(-[a-z]+)+-\d+$/.test(region);
