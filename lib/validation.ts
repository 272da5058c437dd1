import type * as z from './zod.ts';
import type { FieldError } from './errors.ts';

/**
 * zod's issues as field errors. Fields are named from `root` (`query.limit`, `path.id`); with no root
 * (a request body, as domain errors name them too) plainly (`priceCents`, `items.0.quantity`), and the
 * value as a whole as `whole`. An unknown key is reported under its own name, so the caller sees what to drop.
 */
export function zodFieldErrors(error: z.core.$ZodError, root: string | undefined, whole = root ?? 'body'): FieldError[] {
  const name = (path: readonly PropertyKey[]) => [root, ...path.map(String)].filter((part) => part !== undefined).join('.') || whole;
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: name([...issue.path, key]), reason: 'is not a known field' }));
    }
    return [{ field: name(issue.path), reason: issue.message }];
  });
}
