/**
 * `npm run deploy` and `npm run package`: the shop as one CloudFormation stack per service.
 *
 *   npm run deploy -- [service ...] --stage <name> [--region <region>]
 *   npm run package -- [service ...] [--stage <name>]
 *
 * With no service named, every stack, in the order the top-level serverless.yml lists the services
 * (the gateway first: the others attach their routes to its API). Each is `serverless deploy` (or
 * `package`) of functions/<service>/serverless.yml, which touches that service's stack only.
 * Packaging needs no AWS credentials; each stack's template lands in functions/<service>/.serverless/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SSMClient } from '@aws-sdk/client-ssm';
import { publishStorefront, storefrontPortsIn } from './stacks/web.ts';

const ROOT = resolve(import.meta.dirname, '..');
const SERVERLESS = join(ROOT, 'node_modules/serverless/bin/serverless.js');

const HELP = `npm run deploy -- [service ...] --stage <name> [--region <region>]
npm run package -- [service ...] [--stage <name>] [--region <region>]
  service          gateway, users, catalog, ..., web (default: all of them, gateway first, web last)
  --stage <name>   the stage (deploy: required; package: default dev)
  --region <name>  default eu-west-1
Each service is its own stack, shop-<service>-<stage>; deploying one leaves the others as they are.
web is the storefront: its stack (S3 and CloudFront), then the app built and uploaded (needs the AWS CLI).`;

/** The services in the order the top-level serverless.yml includes their functions. */
export function servicesInOrder(topLevelYaml: string): string[] {
  return [...topLevelYaml.matchAll(/\$\{file\(functions\/([a-z-]+)\/functions\.yml\)\}/g)].map((match) => String(match[1]));
}

/**
 * Every stack, in the order to deploy them: the services, then the storefront (web), which runs no
 * function (so `npm start`'s serverless.yml leaves it out) and needs the gateway's URL.
 */
export const stacksInOrder = (topLevelYaml: string): string[] => [...servicesInOrder(topLevelYaml), 'web'];

async function main(): Promise<number> {
  const [command, ...args] = process.argv.slice(2);
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { stage: { type: 'string' }, region: { type: 'string', default: 'eu-west-1' }, help: { type: 'boolean', default: false } },
  });
  if (values.help || (command !== 'deploy' && command !== 'package')) {
    console.log(HELP);
    return values.help ? 0 : 2;
  }
  const stage = values.stage ?? (command === 'package' ? 'dev' : undefined);
  if (stage === undefined) {
    console.error('npm run deploy: say which stage, e.g. --stage dev.');
    return 2;
  }
  const all = stacksInOrder(readFileSync(join(ROOT, 'serverless.yml'), 'utf8'));
  const unknown = positionals.filter((service) => !all.includes(service));
  if (unknown.length > 0) {
    console.error(`Unknown service(s): ${unknown.join(', ')}. The services are: ${all.join(', ')}.`);
    return 2;
  }
  const services = positionals.length > 0 ? all.filter((service) => positionals.includes(service)) : all;
  for (const service of services) {
    const dir = join(ROOT, 'functions', service);
    if (!existsSync(join(dir, 'serverless.yml'))) {
      console.error(`functions/${service}/serverless.yml is missing: every service deploys from its own folder.`);
      return 1;
    }
    console.log(`\n${command} ${service} (stack shop-${service}-${stage})`);
    const run = spawnSync(process.execPath, [SERVERLESS, command, '--stage', stage, '--region', values.region], { cwd: dir, stdio: 'inherit' });
    if (run.status !== 0) {
      console.error(`${command} of ${service} failed; the stacks before it are ${command === 'deploy' ? 'deployed' : 'packaged'}.`);
      return 1;
    }
    if (command === 'deploy' && service === 'web') {
      const ssm = new SSMClient({ region: values.region });
      const dist = join(ROOT, 'web', 'dist');
      const published = await publishStorefront(stage, dist, storefrontPortsIn(ROOT, dist, values.region, ssm)).finally(() => ssm.destroy());
      if (published !== 0) return published;
    }
  }
  return 0;
}

if (import.meta.main) void main().then((code) => (process.exitCode = code));
