/**
 * IAM's rules for a role's Allow statements, as the local stack applies them (lib/aws/local-iam.ts):
 * an action is allowed when some statement names it (case aside, `*` and `?` as wildcards) for a
 * resource that one of its ARN patterns covers. In an ARN pattern `*` and `?` stay within the segment
 * they are in (the parts between colons), except that a `*` ending a segment may run on past its
 * colons, as IAM documents it. Everything else is refused: there is no implicit allow.
 */
export type AllowStatement = { Action: readonly string[]; Resource: readonly string[] };

/** Whether the statements allow `action` on `resource`; patterns compiled once, so a check is a few regex tests. */
export type Policy = (action: string, resource: string) => boolean;

export function compilePolicy(statements: readonly AllowStatement[]): Policy {
  const compiled = statements.map(({ Action, Resource }) => ({
    actions: Action.map(actionPattern),
    resources: Resource.map(resourcePattern),
  }));
  return (action, resource) =>
    compiled.some(({ actions, resources }) => actions.some((pattern) => pattern.test(action)) && resources.some((pattern) => pattern.test(resource)));
}

const escape = (text: string): string => text.replace(/[.+^${}()|[\]\\]/g, '\\$&');

/** `dynamodb:Get*`: the service prefix and the action name, compared without regard to case. */
function actionPattern(pattern: string): RegExp {
  return new RegExp(`^${escape(pattern).replaceAll('*', '.*').replaceAll('?', '.')}$`, 'i');
}

function resourcePattern(pattern: string): RegExp {
  const segments = pattern.split(':').map((segment) => {
    const ending = segment.endsWith('*');
    const body = escape(ending ? segment.slice(0, -1) : segment)
      .replaceAll('*', '[^:]*')
      .replaceAll('?', '[^:]');
    return ending ? `${body}.*` : body;
  });
  return new RegExp(`^${segments.join(':')}$`);
}
