/**
 * `serverless package` for the bench stage, and what it tells us per function: its zip, the bundle
 * inside, its handler and its environment. The function list comes from the packaged service, never
 * from a list kept here, so a new function is benched the day it is added to serverless.yml.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { readZip } from './zip.ts';

export type FunctionSpec = {
  /** The key under `functions:` in serverless.yml. */
  key: string;
  /** The deployed name (shop-<stage>-<key>). */
  name: string;
  /** Source module without extension, e.g. functions/catalog/handlers/get-product. */
  module: string;
  exportName: string;
  /** Its httpApi routes and whether an SQS queue feeds it. */
  routes: Route[];
  sqs: boolean;
  /** Provider and function environment merged, as the packaged CloudFormation gives them to Lambda. */
  environment: Record<string, string>;
  memory: number;
  zipBytes: number;
  /** The handler's bundle, extracted from the zip. */
  bundleFile: string;
};

/** An httpApi route: "GET /products/{id}", and the authorizer guarding it, if one does. */
export type Route = { routeKey: string; authorizer?: string };

export type PackagedService = { functions: FunctionSpec[]; esbuild: Record<string, unknown> };

type ServiceState = {
  service: {
    custom?: { esbuild?: Record<string, unknown> };
    functions: Record<
      string,
      { name: string; handler: string; memory?: number; events?: Array<Record<string, unknown>>; package?: { artifact?: string } }
    >;
  };
};
type Template = { Resources: Record<string, { Type: string; Properties?: { FunctionName?: unknown; Environment?: { Variables?: Record<string, unknown> } } }> };

/** Packages a snapshot (which it then owns: packaging cleans up inside it). */
export async function packageService(service: string, stage: string, workDir: string): Promise<PackagedService> {
  const packageDir = join(workDir, 'package');
  await run(process.execPath, [join(service, 'node_modules/serverless/bin/serverless.js'), 'package', '--stage', stage, '--package', packageDir], service);

  const state = JSON.parse(readFileSync(join(packageDir, 'serverless-state.json'), 'utf8')) as ServiceState;
  const template = JSON.parse(readFileSync(join(packageDir, 'cloudformation-template-update-stack.json'), 'utf8')) as Template;
  const esbuild = state.service.custom?.esbuild ?? {};
  const extension = typeof esbuild.outputFileExtension === 'string' ? esbuild.outputFileExtension : '.js';

  const functions = Object.entries(state.service.functions).map(([key, fn]): FunctionSpec => {
    const zip = join(packageDir, basename(fn.package?.artifact ?? `${key}.zip`));
    const exportAt = fn.handler.lastIndexOf('.');
    const module = fn.handler.slice(0, exportAt);
    const bundle = readZip(zip).get(`${module}${extension}`);
    if (bundle === undefined) throw new Error(`${zip} holds no ${module}${extension}.`);
    const bundleFile = join(workDir, 'bundles', key, `${module}${extension}`);
    mkdirSync(dirname(bundleFile), { recursive: true });
    writeFileSync(bundleFile, bundle);
    return {
      key,
      name: fn.name,
      module,
      exportName: fn.handler.slice(exportAt + 1),
      routes: (fn.events ?? []).flatMap((event) => routeOf(event.httpApi)),
      sqs: (fn.events ?? []).some((event) => event.sqs !== undefined),
      environment: environmentOf(template, fn.name),
      memory: fn.memory ?? 1024,
      zipBytes: statSync(zip).size,
      bundleFile,
    };
  });
  return { functions, esbuild };
}

/** `httpApi: GET /x`, or `httpApi: { method, path, authorizer: name | { name } }`. */
function routeOf(httpApi: unknown): Route[] {
  if (typeof httpApi === 'string') return [{ routeKey: httpApi }];
  if (typeof httpApi !== 'object' || httpApi === null) return [];
  const { method = '*', path = '/', authorizer } = httpApi as { method?: string; path?: string; authorizer?: string | { name?: string } };
  const name = typeof authorizer === 'string' ? authorizer : authorizer?.name;
  return [{ routeKey: `${method.toUpperCase()} ${path}`, ...(name === undefined ? {} : { authorizer: name }) }];
}

function environmentOf(template: Template, functionName: string): Record<string, string> {
  const resource = Object.values(template.Resources).find(
    (candidate) => candidate.Type === 'AWS::Lambda::Function' && candidate.Properties?.FunctionName === functionName,
  );
  if (resource === undefined) throw new Error(`The packaged template has no function named ${functionName}.`);
  const variables = resource.Properties?.Environment?.Variables ?? {};
  const literal: Record<string, string> = {};
  for (const [name, value] of Object.entries(variables)) {
    // Intrinsics (!Ref, !GetAtt) have no value before deploy; serverless-offline leaves them out too.
    if (typeof value === 'string') literal[name] = value;
    else console.error(`bench: ${functionName}: ${name} is not a literal, so the cold runs go without it.`);
  }
  return literal;
}

async function run(command: string, args: string[], cwd: string): Promise<void> {
  // Never real credentials: packaging needs none, and this must not be able to reach an account.
  const { AWS_PROFILE: _p, AWS_SESSION_TOKEN: _t, AWS_ACCESS_KEY_ID: _a, AWS_SECRET_ACCESS_KEY: _s, SHOP_BUILD_DIR: _b, ...env } = process.env;
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`serverless package failed (exit ${code}):\n${output.split('\n').slice(-30).join('\n')}`);
}
