/** The real ports of run.ts: serverless in each service's folder, SSM and DynamoDB in the chosen region. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { DeleteTableCommand, type DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { GetParameterCommand, ParameterNotFound, type SSMClient } from '@aws-sdk/client-ssm';

/** Runs the repository's serverless (osls) in functions/<service>/, its output on ours. */
export const serverlessIn =
  (root: string) =>
  (service: string, args: string[]): number =>
    spawnSync(process.execPath, [join(root, 'node_modules/serverless/bin/serverless.js'), ...args], { cwd: join(root, 'functions', service), stdio: 'inherit' })
      .status ?? 1;

/**
 * The tables a service's stack defines, read from its resolved serverless.yml (`serverless print`):
 * the names come from the one definition, whether or not the stack still exists.
 */
export const tablesIn =
  (root: string, region: string) =>
  async (service: string, stage: string): Promise<string[]> => {
    const printed = spawnSync(
      process.execPath,
      [join(root, 'node_modules/serverless/bin/serverless.js'), 'print', '--format', 'json', '--stage', stage, '--region', region],
      { cwd: join(root, 'functions', service), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    if (printed.status !== 0) throw new Error(`serverless print of ${service} failed:\n${printed.stderr}`);
    return tableNames(JSON.parse(printed.stdout) as { resources?: { Resources?: Record<string, unknown> } });
  };

export function tableNames(config: { resources?: { Resources?: Record<string, unknown> } }): string[] {
  return Object.values(config.resources?.Resources ?? {})
    .map((resource) => resource as { Type?: unknown; Properties?: { TableName?: unknown } })
    .filter((resource) => resource.Type === 'AWS::DynamoDB::Table')
    .map(({ Properties }) => {
      if (typeof Properties?.TableName !== 'string') throw new Error('A table without a literal TableName cannot be found by name.');
      return Properties.TableName;
    });
}

export const parameterIn =
  (ssm: SSMClient) =>
  async (name: string): Promise<string | undefined> => {
    try {
      return (await ssm.send(new GetParameterCommand({ Name: name }))).Parameter?.Value;
    } catch (error) {
      if (error instanceof ParameterNotFound) return undefined;
      throw error;
    }
  };

export const dropTableIn =
  (dynamo: DynamoDBClient) =>
  async (name: string): Promise<'deleted' | 'absent'> => {
    try {
      await dynamo.send(new DeleteTableCommand({ TableName: name }));
      return 'deleted';
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return 'absent';
      throw error;
    }
  };
