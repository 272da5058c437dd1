/**
 * `serverless package`, and what it says per function: its zip, the bundle inside, its routes and its
 * environment. The list comes from the packaging output, so a function is benched the day it is added.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';

export type FunctionSpec = {
  /** The key under `functions:`. */
  key: string;
  /** The deployed name (shop-<stage>-<key>). */
  name: string;
  exportName: string;
  /** Its first httpApi route ("GET /products/{id}") and that route's authorizer, if any. */
  route?: { routeKey: string; authorizer?: string };
  environment: Record<string, string>;
  memory: number;
  zipBytes: number;
  /** The handler's bundle, taken out of the zip. */
  bundleFile: string;
  /** The SDK clients the bundle holds (see CLIENT_MARKERS). */
  clients: SdkClient[];
};

export type SdkClient = 'documents' | 'dynamodb' | 'sqs' | 'ssm' | 'ses';

/**
 * A string every bundle holding that client has: the service's wire-protocol name, or the document
 * client's class name. Names survive minification; a bundle's imports do not.
 */
const CLIENT_MARKERS: Record<SdkClient, string> = {
  documents: 'DynamoDBDocument',
  dynamodb: 'DynamoDB_20120810',
  sqs: 'AmazonSQS',
  ssm: 'AmazonSSM',
  ses: 'SimpleEmailService_v2',
};

type State = {
  service: {
    custom: { esbuild: Record<string, unknown> };
    functions: Record<string, { name: string; handler: string; memory?: number; events?: Array<{ httpApi?: unknown }>; package: { artifact: string } }>;
  };
};
type Template = { Resources: Record<string, { Type: string; Properties?: { FunctionName?: string; Environment?: { Variables?: Record<string, unknown> } } }> };

const run = promisify(execFile);

export async function packageFunctions(root: string, stage: string, outDir: string): Promise<{ functions: FunctionSpec[]; esbuild: Record<string, unknown> }> {
  // Never real credentials (packaging needs none), and a build folder of its own (see serverless.yml).
  const { AWS_PROFILE: _p, AWS_SESSION_TOKEN: _t, AWS_ACCESS_KEY_ID: _a, AWS_SECRET_ACCESS_KEY: _s, ...env } = process.env;
  const serverless = join(root, 'node_modules/serverless/bin/serverless.js');
  await run(process.execPath, [serverless, 'package', '--stage', stage, '--package', outDir], {
    cwd: root,
    env: { ...env, SHOP_BUILD_DIR: join('.esbuild', `bench-package-${process.pid}`) },
    maxBuffer: 16 * 1024 * 1024,
  });
  const state = JSON.parse(readFileSync(join(outDir, 'serverless-state.json'), 'utf8')) as State;
  const template = JSON.parse(readFileSync(join(outDir, 'cloudformation-template-update-stack.json'), 'utf8')) as Template;
  const { outputFileExtension: extension = '.js' } = state.service.custom.esbuild as { outputFileExtension?: string };

  // A function of scripts/ exists only under npm start (serverless.yml's catch-all), never in a stack: not benched.
  const deployed = Object.entries(state.service.functions).filter(([, fn]) => !fn.handler.startsWith('scripts/'));
  const functions = await Promise.all(
    deployed.map(async ([key, fn]): Promise<FunctionSpec> => {
      const zip = join(outDir, basename(fn.package.artifact));
      const dot = fn.handler.lastIndexOf('.');
      const { stdout: bundle } = await run('unzip', ['-p', zip, `${fn.handler.slice(0, dot)}${extension}`], { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 });
      const bundleFile = join(outDir, 'bundles', `${key}${extension}`);
      mkdirSync(join(outDir, 'bundles'), { recursive: true });
      writeFileSync(bundleFile, bundle);
      const text = bundle.toString('latin1');
      return {
        key,
        name: fn.name,
        exportName: fn.handler.slice(dot + 1),
        ...routeOf(fn.events?.find((event) => event.httpApi !== undefined)?.httpApi),
        environment: environmentOf(template, fn.name),
        memory: fn.memory ?? 1024,
        zipBytes: statSync(zip).size,
        bundleFile,
        clients: (Object.keys(CLIENT_MARKERS) as SdkClient[]).filter((client) => text.includes(CLIENT_MARKERS[client])),
      };
    }),
  );
  return { functions, esbuild: state.service.custom.esbuild };
}

/** `httpApi: GET /x`, or `httpApi: { method, path, authorizer: { name } }`. */
function routeOf(httpApi: unknown): Pick<FunctionSpec, 'route'> {
  if (typeof httpApi === 'string') return { route: { routeKey: httpApi } };
  if (typeof httpApi !== 'object' || httpApi === null) return {};
  const { method = '*', path = '/', authorizer } = httpApi as { method?: string; path?: string; authorizer?: { name?: string } };
  return { route: { routeKey: `${method.toUpperCase()} ${path}`, ...(authorizer?.name === undefined ? {} : { authorizer: authorizer.name }) } };
}

/** The function's variables as CloudFormation would give them to Lambda (provider's and its own, merged). */
function environmentOf(template: Template, functionName: string): Record<string, string> {
  const fn = Object.values(template.Resources).find((resource) => resource.Type === 'AWS::Lambda::Function' && resource.Properties?.FunctionName === functionName);
  if (fn === undefined) throw new Error(`The packaged template has no function named ${functionName}.`);
  // Intrinsics (!Ref, !GetAtt) have no value before a deploy; serverless-offline leaves them out too.
  return Object.fromEntries(Object.entries(fn.Properties?.Environment?.Variables ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/** What Lambda would give the function, pointed at the local stack; nothing of this shell. */
export function lambdaEnv(fn: FunctionSpec, stack: { api: string; region: string; dynamodb: string; sqs: string; ssm: string; ses: string }, workDir: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    AWS_REGION: stack.region,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: stack.dynamodb,
    AWS_ENDPOINT_URL_SQS: stack.sqs,
    AWS_ENDPOINT_URL_SSM: stack.ssm,
    AWS_ENDPOINT_URL_SESV2: stack.ses,
    // Lambda has no ~/.aws, and an engineer's own config must not change the runs.
    AWS_CONFIG_FILE: join(workDir, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(workDir, 'no-aws-credentials'),
    AWS_LAMBDA_FUNCTION_NAME: fn.name,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memory),
    // Packaged for the whole system, the environment names the local API on its default port (the
    // authorizers' JWKS_URL); the bench's stack runs on another.
    ...Object.fromEntries(Object.entries(fn.environment).map(([name, value]) => [name, value.replace('http://127.0.0.1:3000', stack.api)])),
  };
}
