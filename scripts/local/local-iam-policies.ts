/**
 * Each function's role as the local stack enforces it (lib/aws/local-iam.ts): the statements
 * lib/serverless/least-privilege.ts puts in the template, with their CloudFormation references resolved
 * to the ARNs of the local account and region: `!GetAtt` of a table, a queue or a function's log group,
 * `Fn::Join` (an index under its table) and `Fn::Sub` of AWS::Partition, AWS::Region and AWS::AccountId.
 * A reference it cannot resolve stops the start, naming the function: a grant must never be dropped
 * silently, or the local check would refuse what AWS allows, or the other way round.
 */
import type { Grant, Statement } from '../../lib/serverless/least-privilege.ts';
import type { LocalPolicies } from '../../lib/aws/local-iam.ts';
import type { CfnResources } from './resources.ts';

/** Grants to take out for one run (`npm start -- --without-grant <function>:<action>`), comma-separated. */
export const WITHOUT_GRANTS_VARIABLE = 'SHOP_WITHOUT_GRANTS';

/** The account id every local emulator (fauxqs, DynamoDB Local, LocalStack) answers for. */
export const LOCAL_ACCOUNT = '000000000000';

export type LocalRole = {
  /** The function's name (what Lambda's context calls it) and its role's name. */
  functionName: string;
  role: string;
  statements: Statement[];
  /** Which function, for messages. */
  key: string;
};

type Scope = { region: string; account: string; arns: ReadonlyMap<string, string> };

/** What a `!GetAtt <id>.Arn` is in the local account: the stack's tables and queues, and each function's log group by its logical id. */
export function localArns(resources: CfnResources, logGroups: ReadonlyMap<string, string>, region: string, account = LOCAL_ACCOUNT): Map<string, string> {
  const arns = new Map<string, string>();
  for (const [logicalId, { Type, Properties = {} }] of Object.entries(resources)) {
    if (Type === 'AWS::DynamoDB::Table' && typeof Properties.TableName === 'string') arns.set(logicalId, `arn:aws:dynamodb:${region}:${account}:table/${Properties.TableName}`);
    if (Type === 'AWS::SQS::Queue' && typeof Properties.QueueName === 'string') arns.set(logicalId, `arn:aws:sqs:${region}:${account}:${Properties.QueueName}`);
  }
  for (const [logicalId, name] of logGroups) arns.set(logicalId, `arn:aws:logs:${region}:${account}:log-group:${name}:*`);
  return arns;
}

export function localPolicies(roles: readonly LocalRole[], scope: Scope): LocalPolicies {
  const functions: LocalPolicies['functions'] = {};
  for (const { functionName, role, statements, key } of roles) {
    functions[functionName] = {
      role,
      statements: statements.map(({ Effect, Action, Resource }) => {
        if (Effect !== 'Allow') throw new Error(`${key}: only Allow statements are enforced locally.`);
        return { Action, Resource: Resource.map((resource) => localArn(resource, scope, key)) };
      }),
    };
  }
  return { account: scope.account, region: scope.region, functions };
}

function localArn(value: unknown, scope: Scope, key: string): string {
  if (typeof value === 'string') {
    if (value.startsWith('{{resolve:')) throw new Error(`${key}: a grant on ${value} cannot be resolved locally.`);
    return value;
  }
  const reference = value as { 'Fn::GetAtt'?: unknown; 'Fn::Join'?: unknown; 'Fn::Sub'?: unknown };
  const getAtt = reference['Fn::GetAtt'];
  if (getAtt !== undefined) {
    const [id, attribute] = typeof getAtt === 'string' ? getAtt.split('.') : (getAtt as unknown[]).map(String);
    const arn = attribute === 'Arn' && id !== undefined ? scope.arns.get(id) : undefined;
    if (arn === undefined) throw new Error(`${key}: a grant on !GetAtt ${String(id)}.${String(attribute)}, which is not a table, queue or log group of the local stack.`);
    return arn;
  }
  const join = reference['Fn::Join'] as [string, unknown[]] | undefined;
  if (join !== undefined) return join[1].map((part) => localArn(part, scope, key)).join(join[0]);
  const sub = reference['Fn::Sub'];
  if (typeof sub === 'string') {
    const pseudo: Record<string, string> = { 'AWS::Partition': 'aws', 'AWS::Region': scope.region, 'AWS::AccountId': scope.account };
    return sub.replace(/\$\{([^}]+)\}/g, (whole, name: string) => {
      const resolved = pseudo[name];
      if (resolved === undefined) throw new Error(`${key}: ${whole} in a grant cannot be resolved locally.`);
      return resolved;
    });
  }
  throw new Error(`${key}: a grant on ${JSON.stringify(value)} cannot be resolved locally.`);
}

/**
 * A function's grants without the actions `removals` take from it (`<function>:<action>`, as
 * `npm start -- --without-grant` gives them): the local stack then runs as if the grant were missing.
 * A removal that matches no grant is refused, so a misspelt one cannot leave the stack as it was.
 */
export function withoutGrants(grants: readonly Grant[], key: string, removals: readonly string[]): readonly Grant[] {
  const actions = removals.filter((removal) => removal.startsWith(`${key}:`)).map((removal) => removal.slice(key.length + 1));
  if (actions.length === 0) return grants;
  // Action names, as IAM reads them, without regard to case.
  const removed = new Set(actions.map((action) => action.toLowerCase()));
  const granted = new Set(grants.flatMap((grant) => grant.allow.map((action) => action.toLowerCase())));
  const missing = actions.filter((action) => !granted.has(action.toLowerCase()));
  if (missing.length > 0) throw new Error(`--without-grant: no grant of ${key} allows ${missing.join(', ')}.`);
  return grants
    .map((grant): Grant => ({ ...grant, allow: grant.allow.filter((action) => !removed.has(action.toLowerCase())) }))
    .filter((grant) => grant.allow.length > 0);
}

/** The function keys the removals name, for checking that each names a function of the stack. */
export const functionsNamedBy = (removals: readonly string[]): string[] => [...new Set(removals.map((removal) => removal.split(':')[0] ?? ''))];
