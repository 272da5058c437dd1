import { GetParameterError, ParameterNotFoundError, SetParameterError } from '@aws-lambda-powertools/parameters/errors';
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import type {
  SSMClient} from '@aws-sdk/client-ssm';
import {
  DeleteParameterCommand,
  GetParameterCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  ParameterAlreadyExists,
  ParameterNotFound,
  ParameterPatternMismatchException,
  PutParameterCommand,
  SSMServiceException,
} from '@aws-sdk/client-ssm';
import { localSsmClient, type SsmEmulator, startSsmEmulator } from './ssm-emulator.ts';

let emulator: SsmEmulator;
let ssm: SSMClient;

beforeEach(async () => {
  emulator = await startSsmEmulator({ port: 0 });
  ssm = localSsmClient(emulator.url, { maxAttempts: 1 });
});

afterEach(async () => {
  ssm.destroy();
  await emulator.stop();
});

const put = (Name: string, Value: string, extra: Partial<PutParameterCommand['input']> = {}) =>
  ssm.send(new PutParameterCommand({ Name, Value, Type: 'String', ...extra }));
const get = async (Name: string, WithDecryption = false) => (await ssm.send(new GetParameterCommand({ Name, WithDecryption }))).Parameter;
const errorOf = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);

describe('the local SSM Parameter Store, through the real SSMClient', () => {
  it('stores a parameter and returns its value, type and first version', async () => {
    const { Version } = await put('/shop/test/orders/queue-url', 'http://queue');

    expect(Version).toBe(1);
    expect(await get('/shop/test/orders/queue-url')).toMatchObject({
      Name: '/shop/test/orders/queue-url',
      Value: 'http://queue',
      Type: 'String',
      Version: 1,
      LastModifiedDate: expect.any(Date) as Date,
    });
  });

  it('refuses to replace a parameter unless Overwrite is true, and counts its versions', async () => {
    await put('/shop/test/flag', 'on');

    const refused = await errorOf(put('/shop/test/flag', 'off'));
    const refusedWithFalse = await errorOf(put('/shop/test/flag', 'off', { Overwrite: false }));
    const { Version } = await put('/shop/test/flag', 'off', { Overwrite: true });

    expect(refused).toBeInstanceOf(ParameterAlreadyExists);
    expect(refusedWithFalse).toBeInstanceOf(ParameterAlreadyExists);
    expect(Version).toBe(2);
    expect(await get('/shop/test/flag')).toMatchObject({ Value: 'off', Version: 2 });
  });

  it('keeps the type on an overwrite that names none, and needs one to create a parameter', async () => {
    await put('/shop/test/key', 'secret', { Type: 'SecureString' });
    await ssm.send(new PutParameterCommand({ Name: '/shop/test/key', Value: 'rotated', Overwrite: true }));

    const untyped = await errorOf(ssm.send(new PutParameterCommand({ Name: '/shop/test/new', Value: 'x' })));

    expect(await get('/shop/test/key', true)).toMatchObject({ Type: 'SecureString', Value: 'rotated' });
    expect(untyped).toMatchObject({ name: 'ValidationException', message: expect.stringContaining('/shop/test/new') as string });
    expect(await errorOf(get('/shop/test/new'))).toBeInstanceOf(ParameterNotFound);
  });

  it('returns a SecureString in clear only WithDecryption, otherwise a ciphertext that does not hold it', async () => {
    await put('/shop/test/users/signing-key', 'private-key-pem', { Type: 'SecureString' });

    const decrypted = await get('/shop/test/users/signing-key', true);
    const encrypted = await get('/shop/test/users/signing-key', false);

    expect(decrypted).toMatchObject({ Type: 'SecureString', Value: 'private-key-pem' });
    expect(encrypted?.Value).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(encrypted?.Value).not.toContain('private-key-pem');
    expect(Buffer.from(encrypted?.Value ?? '', 'base64').toString()).not.toContain('private-key-pem');
  });

  it('raises ParameterNotFound for a parameter that does not exist', async () => {
    const error = await errorOf(get('/shop/test/missing'));

    expect(error).toBeInstanceOf(ParameterNotFound);
    expect((error as ParameterNotFound).$metadata.httpStatusCode).toBe(400);
  });

  it('gets several parameters at once and names the missing ones in InvalidParameters', async () => {
    await put('/shop/test/a', '1');
    await put('/shop/test/b', '2');

    const result = await ssm.send(new GetParametersCommand({ Names: ['/shop/test/a', '/shop/test/nope', '/shop/test/b'] }));

    expect(result.Parameters?.map((parameter) => [parameter.Name, parameter.Value])).toEqual([
      ['/shop/test/a', '1'],
      ['/shop/test/b', '2'],
    ]);
    expect(result.InvalidParameters).toEqual(['/shop/test/nope']);
  });

  it('lists only the direct children of a path unless Recursive is true', async () => {
    for (const name of ['/shop/test/orders/url', '/shop/test/orders/queue/arn', '/shop/test/ordersx', '/shop/other/url']) {
      await put(name, name);
    }

    const names = async (Path: string, Recursive: boolean) =>
      (await ssm.send(new GetParametersByPathCommand({ Path, Recursive }))).Parameters?.map((parameter) => parameter.Name);

    expect(await names('/shop/test/orders', false)).toEqual(['/shop/test/orders/url']);
    expect(await names('/shop/test/orders/', true)).toEqual(['/shop/test/orders/queue/arn', '/shop/test/orders/url']);
    expect(await names('/shop', true)).toHaveLength(4);
  });

  it('pages a path with MaxResults and NextToken, every parameter exactly once', async () => {
    for (let index = 1; index <= 5; index += 1) await put(`/shop/test/page/p${index}`, `${index}`);

    const first = await ssm.send(new GetParametersByPathCommand({ Path: '/shop/test/page', MaxResults: 2 }));
    const second = await ssm.send(new GetParametersByPathCommand({ Path: '/shop/test/page', MaxResults: 2, NextToken: first.NextToken }));
    const third = await ssm.send(new GetParametersByPathCommand({ Path: '/shop/test/page', MaxResults: 2, NextToken: second.NextToken }));
    const values = [first, second, third].flatMap((page) => page.Parameters?.map((parameter) => parameter.Value));

    expect(values).toEqual(['1', '2', '3', '4', '5']);
    expect(first.NextToken).toEqual(expect.any(String));
    expect(third.NextToken).toBeUndefined();
    expect(await errorOf(ssm.send(new GetParametersByPathCommand({ Path: '/shop/test/other', NextToken: first.NextToken })))).toMatchObject({
      name: 'InvalidNextToken',
    });
  });

  it('deletes a parameter, and raises ParameterNotFound when there is none to delete', async () => {
    await put('/shop/test/gone', 'x');

    await ssm.send(new DeleteParameterCommand({ Name: '/shop/test/gone' }));

    expect(await errorOf(get('/shop/test/gone'))).toBeInstanceOf(ParameterNotFound);
    expect(await errorOf(ssm.send(new DeleteParameterCommand({ Name: '/shop/test/gone' })))).toBeInstanceOf(ParameterNotFound);
  });

  it.each([
    ['a path without its leading slash', 'shop/test/x'],
    ['an empty level', '/shop//x'],
    ['a character AWS does not allow', '/shop/test/a b'],
    ['more than 15 levels', `/${'a/'.repeat(15)}b`],
  ])('refuses a name with %s, says why, and stores nothing', async (_case, name) => {
    const error = await errorOf(put(name, 'x'));

    expect(error).toBeInstanceOf(ParameterPatternMismatchException);
    expect((error as Error).message).toContain(JSON.stringify(name));
    expect(await ssm.send(new GetParametersByPathCommand({ Path: '/', Recursive: true }))).toMatchObject({ Parameters: [] });
  });

  it('refuses names reserved for AWS, an empty value and an unknown type', async () => {
    const reserved = await errorOf(put('/aws/service/x', 'x'));
    const empty = await errorOf(put('/shop/test/empty', ''));
    const badType = await errorOf(put('/shop/test/typed', 'x', { Type: 'Integer' as 'String' }));

    expect(reserved).toMatchObject({ name: 'ValidationException', message: expect.stringContaining('"aws" or "ssm"') as string });
    expect(empty).toMatchObject({ name: 'ValidationException', message: expect.stringContaining('Value of /shop/test/empty') as string });
    expect(badType).toMatchObject({ name: 'ValidationException', message: expect.stringContaining('Type of /shop/test/typed') as string });
  });

  it('refuses a path that does not start with a slash', async () => {
    const error = await errorOf(ssm.send(new GetParametersByPathCommand({ Path: 'shop/test' })));

    expect(error).toBeInstanceOf(SSMServiceException);
    expect(error).toMatchObject({ name: 'ValidationException', message: expect.stringContaining('"shop/test"') as string });
  });

  it.each(['AmazonSSM.DescribeParameters', 'AmazonSSM.toString', 'DynamoDB_20120810.GetItem'])(
    'answers %s, which it does not emulate, with UnknownOperationException',
    async (target) => {
      const response = await fetch(emulator.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
        body: '{}',
      });

      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ __type: 'UnknownOperationException' });
    },
  );

  it('answers a body that is not a JSON object with SerializationException', async () => {
    const response = await fetch(emulator.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonSSM.GetParameter' },
      body: '{"Name":',
    });

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ __type: 'SerializationException' });
  });

  it('seeds parameters with put(), overwriting and counting versions', async () => {
    expect(emulator.put('/shop/test/seed', 'one')).toBe(1);
    expect(emulator.put('/shop/test/seed', 'two', 'StringList')).toBe(2);

    expect(await get('/shop/test/seed')).toMatchObject({ Value: 'two', Type: 'StringList', Version: 2 });
  });
});

describe('the local SSM Parameter Store, through Powertools Parameters', () => {
  const provider = () => new SSMProvider({ awsSdkV3Client: ssm });

  it('gets a parameter, and a SecureString in clear only with decrypt', async () => {
    emulator.put('/shop/test/orders/table', 'orders');
    emulator.put('/shop/test/users/signing-key', 'private-key-pem', 'SecureString');

    const parameters = provider();

    expect(await parameters.get('/shop/test/orders/table')).toBe('orders');
    expect(await parameters.get('/shop/test/users/signing-key', { decrypt: true })).toBe('private-key-pem');
    expect(await parameters.get('/shop/test/users/signing-key', { forceFetch: true })).not.toBe('private-key-pem');
  });

  it('gets every parameter a service publishes under its path, across pages, named relative to it', async () => {
    for (let index = 1; index <= 12; index += 1) emulator.put(`/shop/test/catalog/p${String(index).padStart(2, '0')}`, `${index}`);
    emulator.put('/shop/test/catalog/nested/deep', 'deep');

    const flat = await provider().getMultiple('/shop/test/catalog', { sdkOptions: { MaxResults: 5 } });
    const recursive = await provider().getMultiple('/shop/test/catalog', { recursive: true });

    expect(Object.keys(flat ?? {})).toHaveLength(12);
    expect(flat).toMatchObject({ p01: '1', p12: '12' });
    expect(recursive).toMatchObject({ 'nested/deep': 'deep', p07: '7' });
    expect(Object.keys(recursive ?? {})).toHaveLength(13);
  });

  it('surfaces a missing parameter as the SDK\'s ParameterNotFound, or as ParameterNotFoundError with throwOnMissing', async () => {
    const wrapped = await errorOf(provider().get('/shop/test/missing'));
    const missing = await errorOf(provider().get('/shop/test/missing', { throwOnMissing: true }));

    expect(wrapped).toBeInstanceOf(GetParameterError);
    expect((wrapped as Error).cause).toBeInstanceOf(ParameterNotFound);
    expect(missing).toBeInstanceOf(ParameterNotFoundError);
  });

  it('is found through AWS_ENDPOINT_URL_SSM, as a function finds it offline with no endpoint in its code', async () => {
    emulator.put('/shop/test/users/issuer', 'https://shop.local');
    const before = process.env.AWS_ENDPOINT_URL_SSM;
    process.env.AWS_ENDPOINT_URL_SSM = emulator.url;
    try {
      const parameters = new SSMProvider({ clientConfig: { region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } });

      expect(await parameters.get('/shop/test/users/issuer')).toBe('https://shop.local');
    } finally {
      if (before === undefined) delete process.env.AWS_ENDPOINT_URL_SSM;
      else process.env.AWS_ENDPOINT_URL_SSM = before;
    }
  });

  it('sets a parameter, refusing to replace it without overwrite', async () => {
    const parameters = provider();

    expect(await parameters.set('/shop/test/flag', { value: 'on' })).toBe(1);
    const refused = await errorOf(parameters.set('/shop/test/flag', { value: 'off' }));
    expect(await parameters.set('/shop/test/flag', { value: 'off', overwrite: true })).toBe(2);

    expect(refused).toBeInstanceOf(SetParameterError);
    expect((refused as Error).cause).toBeInstanceOf(ParameterAlreadyExists);
    expect(await parameters.get('/shop/test/flag', { forceFetch: true })).toBe('off');
  });
});
