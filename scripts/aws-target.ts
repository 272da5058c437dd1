/**
 * Which AWS an operator script talks to: an endpoint set in the environment wins (LocalStack, the
 * tests); otherwise the real account with `--aws` (the SDK's usual credentials and region);
 * otherwise the local stack of `npm start`, on the port its option names (`--dynamodb-port`,
 * `--sqs-port`, as `npm start` names them) or on npm start's default, with dummy credentials.
 */
import { UsageError } from './usage-error.ts';

const LOCAL_REGION = 'eu-west-1';
/** For an emulator, which checks no signature: never a real account's. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
const LOCAL_PORTS = { dynamodb: 8000, sqs: 9324 } as const;
const ENDPOINT_VARIABLES = { dynamodb: 'AWS_ENDPOINT_URL_DYNAMODB', sqs: 'AWS_ENDPOINT_URL_SQS' } as const;

type Service = keyof typeof LOCAL_PORTS;

/** The stack the command line names: AWS, or the local one on a port (npm start's default when none). */
export type StackChoice = { aws: boolean; port?: number };

export type AwsTarget = {
  /** Configuration for the service's SDK client. */
  config: { region?: string; endpoint?: string; credentials?: typeof LOCAL_CREDENTIALS };
  /** Where that is, for messages. */
  where: string;
  /** Why there: the variable, option or default that chose it. */
  how: string;
  /** Something the user should know (an ignored option). */
  notice?: string;
};

const portOption = (service: Service) => `--${service}-port`;

/** The stack options as given (`--aws`, `--<service>-port`), checked; a UsageError says what is wrong. */
export function stackChoice(service: Service, { aws, port }: { aws: boolean; port: string | undefined }): StackChoice {
  if (port === undefined) return { aws };
  const number = Number(port);
  if (!/^\d+$/.test(port) || number < 1 || number > 65535) {
    throw new UsageError(`${portOption(service)} must be a port number from 1 to 65535, not "${port}"`);
  }
  if (aws) throw new UsageError(`--aws and ${portOption(service)} exclude each other: the port is the local stack's`);
  return { aws, port: number };
}

export function awsTarget(service: Service, { aws, port }: StackChoice, env: NodeJS.ProcessEnv = process.env): AwsTarget {
  const variable = env[ENDPOINT_VARIABLES[service]] === undefined ? 'AWS_ENDPOINT_URL' : ENDPOINT_VARIABLES[service];
  const endpoint = env[variable];
  if (endpoint !== undefined) {
    // An emulator checks no signature: keys from the environment if set, never a profile's real ones.
    const credentials = env.AWS_ACCESS_KEY_ID !== undefined && env.AWS_SECRET_ACCESS_KEY !== undefined ? undefined : LOCAL_CREDENTIALS;
    const ignored = aws ? '--aws' : port === undefined ? undefined : portOption(service);
    return {
      config: { region: env.AWS_REGION ?? LOCAL_REGION, endpoint, ...(credentials && { credentials }) },
      where: endpoint,
      how: `from ${variable}`,
      ...(ignored !== undefined && { notice: `${ignored} ignored: the endpoint is set to ${endpoint} in the environment.` }),
    };
  }
  if (aws) return { config: {}, where: 'AWS', how: '--aws: your credentials and region' };
  const local = `http://127.0.0.1:${port ?? LOCAL_PORTS[service]}`;
  return {
    config: { region: LOCAL_REGION, endpoint: local, credentials: LOCAL_CREDENTIALS },
    where: local,
    how: port === undefined ? `npm start's default port; ${portOption(service)} <n> for another` : portOption(service),
  };
}

/** With --aws, where is AWS in the region the SDK found, or an error saying how to give one. */
export async function inRegion(target: AwsTarget, region: () => Promise<string>): Promise<AwsTarget> {
  if (target.where !== 'AWS') return target;
  const found = await region().catch(() => {
    throw new Error('--aws needs a region: set AWS_REGION, or AWS_PROFILE to a profile that has one');
  });
  return { ...target, where: `AWS (${found})` };
}
