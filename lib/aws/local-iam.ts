import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { currentFunctionName } from '../invocation.ts';
import { compilePolicy, type AllowStatement, type Policy } from './iam-policy.ts';
import { authorizationsOf, type ArnScope, type AwsService } from './iam-requests.ts';

/**
 * IAM, enforced locally. On AWS every function runs with its own role; the local stack runs them all in
 * one process with no role at all, so a missing grant would show only after a deploy. The local stack
 * writes each function's policy (the statements its role gets, resolved to local ARNs: see
 * scripts/local/local-iam-policies.ts) to a file named by SHOP_LOCAL_IAM_POLICIES; when that is set,
 * every SDK client of lib/aws/clients.ts checks each call against the policy of the function whose
 * invocation sends it, and refuses what the role would refuse with the answer the service gives
 * (AccessDenied), turned into the SDK's error by the SDK itself. On AWS the variable is never set.
 */
export type LocalPolicies = ArnScope & {
  /** By function name (what Lambda's context calls it): its role's name and its Allow statements. */
  functions: Record<string, { role: string; statements: AllowStatement[] }>;
};

export const LOCAL_IAM_POLICIES_VARIABLE = 'SHOP_LOCAL_IAM_POLICIES';

/** How each service answers a call its caller may not make: status, headers and body as on the wire. */
const REFUSALS: Record<AwsService, { status: number; headers: Record<string, string>; body: (message: string) => object }> = {
  dynamodb: {
    status: 400,
    headers: { 'content-type': 'application/x-amz-json-1.0' },
    body: (message) => ({ __type: 'com.amazon.coral.service#AccessDeniedException', Message: message }),
  },
  // SQS speaks JSON with its older Query protocol's error code alongside.
  sqs: {
    status: 403,
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-query-error': 'AccessDenied;Sender' },
    body: (message) => ({ __type: 'com.amazon.coral.service#AccessDeniedException', message }),
  },
  ssm: { status: 400, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: (message) => ({ __type: 'AccessDeniedException', message }) },
  ses: { status: 403, headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'AccessDeniedException' }, body: (message) => ({ message }) },
};

/** The refusal's message, worded as each service words it (SQS names the action in lower case, SES quotes its own way). */
function refusalMessage(service: AwsService, principal: string, action: string, resource: string): string {
  if (service === 'ses') return `User \`${principal}' is not authorized to perform \`${action}' on resource \`${resource}'`;
  const named = service === 'sqs' ? action.toLowerCase() : action;
  return `User: ${principal} is not authorized to perform: ${named} on resource: ${resource} because no identity-based policy allows the ${named} action`;
}

type Handler<I, O> = (args: { input: I; request: unknown }) => Promise<{ response: unknown; output?: O }>;
type Check = <I extends object, O extends object>(next: Handler<I, O>, context: { commandName?: string }) => Handler<I, O>;
type CheckableClient = { middlewareStack: { add(middleware: Check, options: { step: 'deserialize'; priority: 'low'; name: string }): void } };

/**
 * The client, with every call checked when the local stack gave policies (and as it was otherwise). The
 * check sits below the SDK's deserializer, so a refusal becomes the error (class, name, status, message)
 * a real refusal would.
 */
export function checkedLocally<Client extends CheckableClient>(service: AwsService, client: Client, env: NodeJS.ProcessEnv = process.env): Client {
  const file = env[LOCAL_IAM_POLICIES_VARIABLE];
  if (file === undefined || file === '') return client;
  const policies = loadPolicies(file);
  const check: Check = (next, context) => async (args) => {
    const refusal = refusalOf(policies, service, String(context.commandName), args.input as Record<string, unknown>);
    return refusal === undefined ? next(args) : { response: refusal };
  };
  client.middlewareStack.add(check, { step: 'deserialize', priority: 'low', name: 'localIamCheck' });
  return client;
}

type Loaded = LocalPolicies & { compiled: Map<string, Policy> };
const loaded = new Map<string, Loaded>();

function loadPolicies(file: string): Loaded {
  let policies = loaded.get(file);
  if (policies === undefined) {
    policies = { ...(JSON.parse(readFileSync(file, 'utf8')) as LocalPolicies), compiled: new Map() };
    loaded.set(file, policies);
  }
  return policies;
}

/** The HTTP answer refusing the call, or undefined when the function's role allows all it needs. */
function refusalOf(policies: Loaded, service: AwsService, command: string, input: Record<string, unknown>) {
  const functionName = currentFunctionName();
  if (functionName === undefined) {
    throw new Error(`The local stack checks every AWS call against the role of the function that makes it, and ${service} ${command} was sent outside any function's invocation.`);
  }
  const role = policies.functions[functionName];
  if (role === undefined) throw new Error(`The local stack has no policy for function ${functionName}.`);
  let allows = policies.compiled.get(functionName);
  if (allows === undefined) {
    allows = compilePolicy(role.statements);
    policies.compiled.set(functionName, allows);
  }
  const denied = authorizationsOf(service, command, input, policies).find(({ action, resources }) => !resources.some((resource) => allows(action, resource)));
  if (denied === undefined) return undefined;
  const principal = `arn:aws:sts::${policies.account}:assumed-role/${role.role}/${functionName}`;
  const { status, headers, body } = REFUSALS[service];
  return {
    statusCode: status,
    headers: { ...headers, 'x-amzn-requestid': randomUUID() },
    body: new TextEncoder().encode(JSON.stringify(body(refusalMessage(service, principal, denied.action, denied.resources[0])))),
  };
}
