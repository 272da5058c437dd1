import { spawnSync } from 'node:child_process';
import LocalAwsPlugin from './offline-plugin.ts';

const quiet = { log: { notice: () => undefined, info: () => undefined, warning: () => undefined } };

/** Whether the X-Ray SDK, loaded in a fresh process with `env`, set up its context (the async hook every await pays). */
function xRaySetsUpItsContext(env: Record<string, string>): boolean {
  const probe = "require('aws-xray-sdk-core'); process.stdout.write(String(require('cls-hooked').getNamespace('AWSXRay') !== undefined))";
  const run = spawnSync(process.execPath, ['-e', probe], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return run.stdout === 'true';
}

// With no emulator endpoint the plugin creates nothing and checks no role: these tests see its X-Ray
// settings alone, whatever endpoints the run around them (the integration project's) has set.
const ENDPOINTS = ['AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_DYNAMODB', 'AWS_ENDPOINT_URL_SQS', 'AWS_ENDPOINT_URL_SSM'];
const endpoints = Object.fromEntries(ENDPOINTS.map((name) => [name, process.env[name]]));
beforeEach(() => {
  for (const name of ENDPOINTS) delete process.env[name];
});
afterEach(() => {
  for (const [name, value] of Object.entries(endpoints)) if (value !== undefined) process.env[name] = value;
});

describe('the local half of serverless.yml', () => {
  it('runs every function with the X-Ray SDK idle: manual mode, and no LAMBDA_TASK_ROOT', async () => {
    const provider = { region: 'eu-west-1', stage: 'test', environment: { POWERTOOLS_LOG_LEVEL: 'INFO' } };
    const naming = { getNormalizedFunctionName: (key: string) => key, getLogGroupLogicalId: (key: string) => `${key}LogGroup` };
    const serverless = { service: { service: 'shop', provider, getAllFunctions: () => [], getFunction: () => ({ name: 'none' }) }, getProvider: () => ({ naming }) };
    const plugin = new LocalAwsPlugin(serverless, {}, quiet);

    await plugin.hooks['before:offline:start:init']?.();

    expect(provider.environment).toEqual({ POWERTOOLS_LOG_LEVEL: 'INFO', AWS_XRAY_MANUAL_MODE: 'true', LAMBDA_TASK_ROOT: '' });
  });

  it('idles the X-Ray SDK with those settings, where under serverless offline’s own it would set up its context', () => {
    expect(xRaySetsUpItsContext({ LAMBDA_TASK_ROOT: '/var/task' })).toBe(true);
    expect(xRaySetsUpItsContext({ LAMBDA_TASK_ROOT: '', AWS_XRAY_MANUAL_MODE: 'true' })).toBe(false);
  });
});
