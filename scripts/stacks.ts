/**
 * `npm run deploy`, `npm run package` and `npm run remove`: the shop as one CloudFormation stack per
 * service (`npm run deploy -- --help`).
 *
 * Each is `serverless deploy` (or `package`, `remove`) of functions/<service>/serverless.yml, which
 * touches that service's stack only, in the order the top-level serverless.yml lists the services (the
 * gateway first: the others attach their routes to its API; remove goes the other way). Packaging needs
 * no AWS credentials; each stack's template lands in functions/<service>/.serverless/.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SSMClient } from '@aws-sdk/client-ssm';
import { chooseRegion, COMMANDS, HELP, parseStacksCommand } from './stacks/command.ts';
import { dropTableIn, parameterIn, serverlessIn, tablesIn } from './stacks/aws.ts';
import { runStacks } from './stacks/run.ts';
import { exitCodeOf } from './usage-error.ts';

const ROOT = resolve(import.meta.dirname, '..');

/** The services in the order the top-level serverless.yml includes their functions. */
export function servicesInOrder(topLevelYaml: string): string[] {
  return [...topLevelYaml.matchAll(/\$\{file\(functions\/([a-z-]+)\/functions\.yml\)\}/g)].map((match) => String(match[1]));
}

async function main(): Promise<number> {
  const [command, ...args] = process.argv.slice(2);
  const run = parseStacksCommand(command, args, servicesInOrder(readFileSync(join(ROOT, 'serverless.yml'), 'utf8')));
  if (run === undefined) {
    console.log(HELP);
    return 0;
  }
  const { region, how } = await chooseRegion(run.region, process.env, () => new SSMClient({}).config.region());
  console.log(`Region ${region} (${how}).`);
  const ssm = new SSMClient({ region });
  const dynamo = new DynamoDBClient({ region });
  try {
    return await runStacks(
      { ...run, region },
      {
        serverless: serverlessIn(ROOT),
        tablesOf: tablesIn(ROOT, region),
        parameter: parameterIn(ssm),
        dropTable: dropTableIn(dynamo),
        log: (line) => console.log(line),
        error: (line) => console.error(line),
      },
    );
  } finally {
    ssm.destroy();
    dynamo.destroy();
  }
}

if (import.meta.main) {
  const script = COMMANDS.find((command) => command === process.argv[2]) ?? 'deploy';
  void exitCodeOf(script, main).then((code) => (process.exitCode = code));
}
