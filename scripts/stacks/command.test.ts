import { UsageError } from '../usage-error.ts';
import { chooseRegion, parseStacksCommand } from './command.ts';

const SERVICES = ['gateway', 'users', 'catalog', 'notifications', 'payments', 'orders'];
const parse = (command: string, ...args: string[]) => parseStacksCommand(command, args, SERVICES);

describe('the command line of deploy, package and remove', () => {
  it('acts on every stack, the gateway first, and on removal the gateway last', () => {
    expect(parse('deploy', '--stage', 'dev')?.services).toEqual(SERVICES);
    expect(parse('package')?.services).toEqual(SERVICES);
    expect(parse('remove', '--stage', 'dev')?.services).toEqual([...SERVICES].reverse());
  });

  it('acts on the services named, in that same order whatever order they are named in', () => {
    expect(parse('deploy', 'orders', 'gateway', '--stage', 'dev')?.services).toEqual(['gateway', 'orders']);
    expect(parse('remove', 'gateway', 'orders', '--stage', 'dev')?.services).toEqual(['orders', 'gateway']);
  });

  it('needs a stage to deploy or remove; packaging takes dev', () => {
    expect(() => parse('deploy')).toThrow(new UsageError('say which stage, e.g. --stage dev'));
    expect(() => parse('remove', 'catalog')).toThrow(UsageError);
    expect(parse('package')?.stage).toBe('dev');
  });

  it('keeps the tables on removal unless --drop-tables is given, an option of remove alone', () => {
    expect(parse('remove', '--stage', 'dev')?.dropTables).toBe(false);
    expect(parse('remove', '--stage', 'dev', '--drop-tables')?.dropTables).toBe(true);
    expect(() => parse('deploy', '--stage', 'dev', '--drop-tables')).toThrow(new UsageError('--drop-tables is an option of remove alone'));
  });

  it('takes the region from --region when given, and leaves it to be chosen otherwise', () => {
    expect(parse('deploy', '--stage', 'dev', '--region', 'us-east-2')?.region).toBe('us-east-2');
    expect(parse('deploy', '--stage', 'dev')?.region).toBeUndefined();
  });

  it.each([
    [['deploy', 'billing', '--stage', 'dev'], 'no service billing; the services are gateway, users, catalog, notifications, payments, orders'],
    [['deploy', '--stage', 'dev_1'], '--stage dev_1: a stage name holds only ASCII letters, digits and hyphens'],
    [['deploy', '--stage', 'dev', '--region', 'Ireland'], '--region Ireland is no AWS region name (such as eu-west-1)'],
    [['deploy', '--stage', 'dev', '--force'], "Unknown option '--force'"],
    [['destroy', '--stage', 'dev'], 'say what to do: deploy, package, remove'],
  ])('refuses %j: %s', ([command, ...args], message) => {
    expect(() => parse(String(command), ...args)).toThrow(new UsageError(message));
  });

  it('answers --help with nothing to do', () => {
    expect(parse('deploy', '--help')).toBeUndefined();
  });
});

describe('the region every step uses', () => {
  const noProfileRegion = () => Promise.reject(new Error('Region is missing'));

  it("is --region first, then AWS_REGION, then the AWS profile's, and says which", async () => {
    expect(await chooseRegion('eu-central-1', { AWS_REGION: 'us-east-1' }, noProfileRegion)).toEqual({ region: 'eu-central-1', how: '--region' });
    expect(await chooseRegion(undefined, { AWS_REGION: 'us-east-1' }, async () => 'ap-south-1')).toEqual({ region: 'us-east-1', how: 'AWS_REGION' });
    expect(await chooseRegion(undefined, { AWS_PROFILE: 'shop' }, async () => 'ap-south-1')).toEqual({ region: 'ap-south-1', how: 'the region of AWS profile shop' });
  });

  it('is eu-west-1 when nothing names one', async () => {
    expect(await chooseRegion(undefined, {}, noProfileRegion)).toEqual({ region: 'eu-west-1', how: 'the default; set AWS_REGION or give --region for another' });
  });

  it('refuses an AWS_REGION that is no region name rather than deploy somewhere unexpected', async () => {
    await expect(chooseRegion(undefined, { AWS_REGION: 'eu west 1' }, noProfileRegion)).rejects.toThrow(new UsageError('AWS_REGION=eu west 1 is no AWS region name (such as eu-west-1)'));
  });
});
