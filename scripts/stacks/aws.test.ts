import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { localSsmClient, startSsmEmulator, type SsmEmulator } from '../local/ssm-emulator.ts';
import { parameterIn, tableNames, tablesIn } from './aws.ts';

const ROOT = resolve(__dirname, '../..');

let ssm: SsmEmulator;
beforeAll(async () => {
  ssm = await startSsmEmulator({ port: 0 });
});
afterAll(() => ssm.stop());

describe("deploy's SSM port", () => {
  it("reads a parameter's value, and undefined for one that does not exist", async () => {
    ssm.put('/shop/p1/notifications/sender', 'orders@shop.example.org');
    const client = localSsmClient(ssm.url);

    expect(await parameterIn(client)('/shop/p1/notifications/sender')).toBe('orders@shop.example.org');
    expect(await parameterIn(client)('/shop/p1/gateway/url')).toBeUndefined();
    client.destroy();
  });
});

describe('the tables of a stack', () => {
  it("are read from the service's own definition, for the stage asked", async () => {
    expect(await tablesIn(ROOT, 'eu-west-3')('orders', 'qa')).toEqual(['shop-qa-orders', 'shop-qa-orders-idempotency']);
  }, 120_000);

  it('cannot be found by name when a table is named by a reference, and says so', () => {
    expect(() => tableNames({ resources: { Resources: { T: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: { Ref: 'Name' } } } } } })).toThrow(
      'A table without a literal TableName cannot be found by name.',
    );
  });
});

describe('npm run deploy, with no parameters put', () => {
  it('says what to put, in the region AWS_REGION names, and runs no serverless', async () => {
    const run = await runScript(['deploy', '--stage', 'p2'], { AWS_REGION: 'eu-west-3', AWS_ENDPOINT_URL_SSM: ssm.url, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' });

    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Region eu-west-3 (AWS_REGION).');
    expect(run.stdout).not.toContain('deploy gateway');
    expect(run.stderr).toContain('aws ssm put-parameter --region eu-west-3 --name /shop-secret/p2/users/signing-keys');
    expect(run.stderr).toContain('aws ssm put-parameter --region eu-west-3 --name /shop-secret/p2/payments/provider-key');
    expect(run.stderr).toContain('aws ssm put-parameter --region eu-west-3 --name /shop/p2/notifications/sender');
  }, 60_000);
});

function runScript(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { AWS_PROFILE: _p, AWS_SESSION_TOKEN: _t, ...rest } = process.env;
  const child = spawn(process.execPath, ['scripts/stacks.ts', ...args], { cwd: ROOT, env: { ...rest, AWS_CONFIG_FILE: '/dev/null', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolveRun) => child.on('close', (code) => resolveRun({ code, stdout, stderr })));
}
