/**
 * A small in-memory SSM Parameter Store for the local stack, so that functions read their parameters
 * with the same code on AWS and offline (@aws-sdk/client-ssm, or Powertools' SSMProvider, with
 * AWS_ENDPOINT_URL_SSM pointing here). No npm package emulates Parameter Store and LocalStack needs
 * Docker, hence this one. It speaks the JSON 1.1 protocol the SDK sends and answers what
 * PutParameter, GetParameter, GetParameters, GetParametersByPath and DeleteParameter answer, with
 * AWS's error names so the SDK raises its own exception classes.
 *
 * Kept small on purpose: nothing is persisted, request signatures are not checked, there are no
 * labels, version selectors (`name:3`), ARNs as names, tags, policies or ParameterFilters, and no KMS:
 * a SecureString is stored in clear and, read without WithDecryption, comes back as AWS returns it,
 * an opaque base64 ciphertext (here random bytes fixed per version) that never holds the value.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { SSMClient } from '@aws-sdk/client-ssm';
import { LOCAL_CREDENTIALS } from '../aws-target.ts';
import type { Emulator } from './emulators.ts';

const types = ['String', 'StringList', 'SecureString'] as const;
type ParameterType = (typeof types)[number];
type Stored = { Name: string; Type: ParameterType; Value: string; Version: number; LastModifiedDate: number; ciphertext: string };
type Request = Record<string, unknown>;
type Operation = (request: Request) => object;

export type SsmEmulator = Emulator & { put(name: string, value: string, type?: ParameterType): number };

/** An SSM error: `type` becomes `__type`, which the SDK maps to its exception class of that name. */
class SsmError extends Error {
  readonly type: string;
  constructor(type: string, message: string) {
    super(message);
    this.type = type;
  }
}

// AWS's naming rules: letters, digits and `_.-`; a name with a `/` is fully qualified (starts with `/`);
// at most 15 levels and 1011 characters; `aws` and `ssm` prefixes are reserved for AWS.
const namePattern = /^(?:[\w.-]+|(?:\/[\w.-]+)+)$/;
const pathPattern = /^(?:\/|(?:\/[\w.-]+)+\/?)$/;
const maxLevels = 15;
const maxValueLength = 4096; // the Standard tier's limit

function checkName(name: unknown, errorType = 'ValidationException'): string {
  const invalid = (reason: string) => new SsmError(errorType, `Parameter name ${JSON.stringify(name)} ${reason}.`);
  if (typeof name !== 'string' || name === '') throw invalid('is required');
  if (name.length > 1011) throw invalid('is longer than 1011 characters');
  if (!namePattern.test(name)) throw invalid('may hold only a-zA-Z0-9_.- and, as a path, must start with "/" and have no empty level');
  if (name.split('/').length - 1 > maxLevels) throw invalid(`has more than ${maxLevels} levels`);
  return name;
}

/** An SSM client of a local endpoint: it checks no signature, so any credentials do (never a real account's). */
export function localSsmClient(endpoint: string, options: { maxAttempts?: number } = {}): SSMClient {
  return new SSMClient({ endpoint, region: 'eu-west-1', credentials: LOCAL_CREDENTIALS, ...options });
}

/** Starts the emulator on `port` (0 picks a free one; `url` says which), empty: seed it with `put`. */
export async function startSsmEmulator({ port, host = '127.0.0.1' }: { port: number; host?: string }): Promise<SsmEmulator> {
  const store = new Map<string, Stored>();

  const view = (parameter: Stored, decrypt: unknown) => ({
    Name: parameter.Name,
    Type: parameter.Type,
    Value: parameter.Type === 'SecureString' && decrypt !== true ? parameter.ciphertext : parameter.Value,
    Version: parameter.Version,
    LastModifiedDate: parameter.LastModifiedDate,
    ARN: `arn:aws:ssm:local:000000000000:parameter/${parameter.Name.replace(/^\//, '')}`,
    DataType: 'text',
  });

  const putParameter = ({ Name, Value, Type, Overwrite }: Request) => {
    const name = checkName(Name, 'ParameterPatternMismatchException');
    if (/^\/?(aws|ssm)/i.test(name)) throw new SsmError('ValidationException', `Parameter name ${name} may not start with "aws" or "ssm".`);
    if (typeof Value !== 'string' || Value === '' || Value.length > maxValueLength) {
      throw new SsmError('ValidationException', `Value of ${name} must be a string of 1 to ${maxValueLength} characters.`);
    }
    if (Type !== undefined && !types.includes(Type as ParameterType)) {
      throw new SsmError('ValidationException', `Type of ${name} must be one of ${types.join(', ')}.`);
    }
    const existing = store.get(name);
    if (existing !== undefined && Overwrite !== true) {
      throw new SsmError('ParameterAlreadyExists', `Parameter ${name} already exists; set Overwrite to true to replace it.`);
    }
    // On overwrite AWS keeps the type when none is given; a new parameter must name one.
    const type = (Type ?? existing?.Type) as ParameterType | undefined;
    if (type === undefined) throw new SsmError('ValidationException', `A parameter type is required when you create ${name}.`);
    const Version = (existing?.Version ?? 0) + 1;
    const ciphertext = randomBytes(48).toString('base64');
    store.set(name, { Name: name, Type: type, Value, Version, LastModifiedDate: Date.now() / 1000, ciphertext });
    return { Version, Tier: 'Standard' };
  };

  const getParameter = ({ Name, WithDecryption }: Request) => {
    const parameter = store.get(checkName(Name));
    if (parameter === undefined) throw new SsmError('ParameterNotFound', `Parameter ${String(Name)} not found.`);
    return { Parameter: view(parameter, WithDecryption) };
  };

  const getParameters = ({ Names, WithDecryption }: Request) => {
    if (!Array.isArray(Names) || Names.length < 1 || Names.length > 10) {
      throw new SsmError('ValidationException', 'Names must list 1 to 10 parameter names.');
    }
    const names = [...new Set(Names.map((name) => checkName(name)))];
    return {
      Parameters: names.flatMap((name) => (store.has(name) ? [view(store.get(name) as Stored, WithDecryption)] : [])),
      InvalidParameters: names.filter((name) => !store.has(name)),
    };
  };

  // Pages in name order; the token is the last name returned, so a delete between pages skips nothing.
  const getParametersByPath = ({ Path, Recursive, WithDecryption, MaxResults = 10, NextToken }: Request) => {
    if (typeof Path !== 'string' || !pathPattern.test(Path)) {
      throw new SsmError('ValidationException', `Path ${JSON.stringify(Path)} must start with "/" and hold only a-zA-Z0-9_.- between slashes.`);
    }
    if (typeof MaxResults !== 'number' || !Number.isInteger(MaxResults) || MaxResults < 1 || MaxResults > 10) {
      throw new SsmError('ValidationException', 'MaxResults must be an integer from 1 to 10.');
    }
    const prefix = Path.endsWith('/') ? Path : `${Path}/`;
    const after = typeof NextToken === 'string' ? Buffer.from(NextToken, 'base64url').toString() : '';
    if (NextToken !== undefined && !after.startsWith(prefix)) throw new SsmError('InvalidNextToken', 'NextToken does not belong to this path.');
    const matches = [...store.keys()]
      .filter((name) => name.startsWith(prefix) && (Recursive === true || !name.slice(prefix.length).includes('/')))
      .sort();
    const page = matches.filter((name) => name > after).slice(0, MaxResults);
    const last = page.at(-1);
    return {
      Parameters: page.map((name) => view(store.get(name) as Stored, WithDecryption)),
      ...(last !== undefined && last !== matches.at(-1) ? { NextToken: Buffer.from(last).toString('base64url') } : {}),
    };
  };

  const deleteParameter = ({ Name }: Request) => {
    if (!store.delete(checkName(Name))) throw new SsmError('ParameterNotFound', `Parameter ${String(Name)} not found.`);
    return {};
  };

  const operations: Record<string, Operation> = {
    PutParameter: putParameter,
    GetParameter: getParameter,
    GetParameters: getParameters,
    GetParametersByPath: getParametersByPath,
    DeleteParameter: deleteParameter,
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const answer = (status: number, body: object) => {
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() });
      response.end(JSON.stringify(body));
    };
    try {
      const target = String(request.headers['x-amz-target']);
      const name = target.replace(/^AmazonSSM\./, '');
      if (request.method !== 'POST' || name === target || !Object.hasOwn(operations, name)) {
        throw new SsmError('UnknownOperationException', `Unsupported operation ${target}.`);
      }
      answer(200, (operations[name] as Operation)(await readJson(request)));
    } catch (error) {
      if (error instanceof SsmError) answer(400, { __type: error.type, message: error.message });
      else answer(500, { __type: 'InternalServerError', message: (error as Error).message });
    }
  };
  const server = createServer((request, response) => void handle(request, response));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  // In this process, so it ends only when stopped; `exited` keeps the shape of the other emulators.
  const exited = new Promise<string>((resolve) => server.once('close', () => resolve('The SSM emulator stopped.')));
  const address = server.address();
  const boundPort = typeof address === 'object' && address !== null ? address.port : port;
  return {
    url: `http://${host}:${boundPort}`,
    exited,
    stop: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
    put: (name, value, type = 'String') => putParameter({ Name: name, Value: value, Type: type, Overwrite: true }).Version,
  };
}

async function readJson(request: IncomingMessage): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  try {
    const body: unknown = JSON.parse(Buffer.concat(chunks).toString() || '{}');
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) return body as Request;
  } catch {
    // reported below like any other body that is not a JSON object
  }
  throw new SsmError('SerializationException', 'The request body is not a JSON object.');
}
